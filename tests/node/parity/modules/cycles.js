require('./cycle/a');
const a = require('./cycle/a');
console.log('a.loaded', a.loaded);
