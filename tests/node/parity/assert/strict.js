const assert = require('assert').strict;
const strict = require('assert/strict');
console.log(assert === strict, typeof strict.equal, strict.equal === strict.strictEqual);
try { strict.equal(1, '1'); } catch (e) { console.log(e.message); }
try { strict.deepEqual([1], ['1']); } catch (e) { console.log(e.code); }
const err = new strict.AssertionError({ actual: 1, expected: 2, operator: 'strictEqual' });
console.log(err.name, err.code, err.actual, err.expected, err.operator, err instanceof Error);
console.log(Object.keys(err));
