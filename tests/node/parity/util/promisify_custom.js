const util = require('util');
function legacy(cb) { cb(null, 'plain'); }
legacy[util.promisify.custom] = () => Promise.resolve('custom');
util.promisify(legacy)().then((v) => console.log(v));
console.log(util.promisify(legacy) === legacy[util.promisify.custom], util.promisify.custom === Symbol.for('nodejs.util.promisify.custom'));
const p = util.promisify(setTimeout);
p(1, 'value').then((v) => console.log('timer', v));
try { util.promisify(5); } catch (e) { console.log(e.code, e.message); }
