const Module = require('module');
console.log(typeof Module, Module === module.constructor, Module.builtinModules.includes('fs'), Module.isBuiltin('node:fs'), Module.isBuiltin('nope'));
const req = Module.createRequire(__filename);
console.log(req('./lib/math').double(4), require('node:module') === Module);
console.log(Module.wrap('x'));
