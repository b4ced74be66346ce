const path = require.resolve('./lib/math');
const first = require('./lib/math');
console.log(require.cache[path].exports === first, require.cache[path].loaded, require.cache[path].id === path);
delete require.cache[path];
const second = require('./lib/math');
console.log(first === second, typeof second.double);
console.log(module.children.length, module.children[0].id === path);
console.log(module.paths[0].endsWith('/modules/node_modules'), module.paths[module.paths.length - 1]);
