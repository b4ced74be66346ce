const util = require('util');
console.log(util.format('%s', null), util.format('%s', undefined), util.format('%s', 1n), util.format('%s', -0), util.format('%s', [1, [2]]));
console.log(util.format('%d', 1n), util.format('%i', '42.9abc'), util.format('%f', 'x'), util.format('%j', { toJSON() { return 'j'; } }));
const circ = {}; circ.c = circ;
console.log(util.format('%j', circ), util.format('%%s %s', 'a'), util.format('a', 'b', 3, { c: 1 }));
console.log(util.format(), util.format(''), util.format('%s:%s', 'only'), util.format('%o', 'str'), util.format('%O', [1, { a: 2 }]));
console.log(util.inspect(new Error('e').message), util.inspect(-0), util.inspect([,]), util.inspect(Object(1n)));
