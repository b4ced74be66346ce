const util = require('util');
function A() {}
A.prototype.hi = function () { return 'hi'; };
function B() { A.call(this); }
util.inherits(B, A);
console.log(new B().hi(), B.super_ === A);
const wait = util.promisify((x, cb) => setTimeout(() => cb(null, x * 2), 1));
wait(21).then((v) => console.log('promisified', v));
const fail = util.promisify((cb) => cb(new Error('nope')));
fail().catch((e) => console.log('rejected', e.message));
