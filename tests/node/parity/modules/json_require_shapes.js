console.log(require('./lib/data.json').k, typeof require('./lib/data'), require('./lib/dir/index.js'));
const Module = require('module');
console.log(Module._extensions !== undefined, typeof Module._resolveFilename, typeof Module._load, Module.builtinModules.includes('node:test'));
