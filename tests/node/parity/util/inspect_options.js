const util = require('util');
const nested = { a: { b: { c: { d: { e: 1 } } } }, arr: [[1, [2, [3, [4]]]]] };
console.log(util.inspect(nested));
console.log(util.inspect(nested, { depth: Infinity }));
console.log(util.inspect(nested, { depth: 0 }));
console.log(util.inspect({ b: 1, a: 2 }, { sorted: true }));
console.log(util.inspect('x'.repeat(5), { compact: false }), util.inspect(new Map([[1, { a: 1 }]]), { compact: false }));
console.log(util.inspect(Array.from({ length: 200 }, (_, i) => i), { maxArrayLength: 5 }));
console.log(util.inspect('a'.repeat(30), { maxStringLength: 10 }));
class Custom { [util.inspect.custom]() { return 'CUSTOM!'; } }
console.log(util.inspect(new Custom()), [new Custom()]);
console.log(util.inspect({ get g() { return 1; }, set s(v) {} }));
console.log(util.format('%s %s', { toString() { return 'obj'; } }, Symbol('q')), util.format('%o', [1]));
