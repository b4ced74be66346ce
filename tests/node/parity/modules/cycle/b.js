const a = require('./a');
console.log('in b, a.loaded =', a.loaded);
exports.done = true;
