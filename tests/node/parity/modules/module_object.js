console.log(Object.keys(module).sort());
console.log(module.filename.endsWith('module_object.js'), module.parent, module.loaded, typeof module.require);
const child = require('./lib/math');
console.log(require.cache[require.resolve('./lib/math')].parent === module, module.children.length);
