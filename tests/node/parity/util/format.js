const util = require('util');
console.log(util.format('%s:%d', 'a', 7), util.format('x', { y: 1 }), util.format(1, 2));
console.log(util.format('%j', { a: [1, { b: 2 }] }), util.format('%i', 3.9), util.format('%f', '2.5x'));
console.log(util.inspect('str'), util.inspect([1, [2, [3, [4]]]], { depth: 0 }), util.inspect({ a: 1 }, { compact: false }));
