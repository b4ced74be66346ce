const util = require('util');
console.log([1n, -0, 0.1, 1e100, -1e-100, 2 ** 64, Number.MAX_SAFE_INTEGER, NaN, -Infinity]);
console.log(util.inspect(123456789.123, { numericSeparator: true }) === '123_456_789.123' || util.inspect(123456789.123));
console.log({ n: new Number(-0), b: new Boolean(true), s: new String('abc'), big: Object(5n) });
console.log([1.0, 2.50, 3e-7, 1 / 3]);
