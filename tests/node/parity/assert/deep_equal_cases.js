const assert = require('assert');
const cases = [
  [{ a: [1, 2] }, { a: [1, 2] }], [[1, 2], [2, 1]], [new Date(1), new Date(1)], [/a/g, /a/i],
  [new Set([1, 2]), new Set([2, 1])], [new Map([[1, 'a']]), new Map([[1, 'b']])], [NaN, NaN],
  [0, -0], [{ a: undefined }, {}], [[1, , 3], [1, undefined, 3]], [new Uint8Array([1]), new Uint8Array([1])],
  [Object.create(null), {}], [new Number(1), new Number(1)], [{ x: { y: { z: 1 } } }, { x: { y: { z: '1' } } }],
];
for (const [a, b] of cases) {
  let loose = true;
  let strict = true;
  try { assert.deepEqual(a, b); } catch { loose = false; }
  try { assert.deepStrictEqual(a, b); } catch { strict = false; }
  console.log(loose, strict);
}
