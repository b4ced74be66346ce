const src = { n: 1, s: 'x', d: new Date(0), r: /a/gi, m: new Map([[1, { a: 1 }]]), set: new Set([1, 2]), arr: [1, , 3], u8: new Uint8Array([1, 2]), big: 10n, nested: { deep: [null, undefined] } };
src.self = src;
const c = structuredClone(src);
console.log(c !== src, c.self === c, c.m.get(1), c.d instanceof Date, c.r.flags, c.u8, c.big, c.arr, c.nested);
const err = structuredClone(new RangeError('boom'));
console.log(err instanceof RangeError, err.message);
for (const bad of [() => {}, Symbol('s'), { f() {} }]) {
  try { structuredClone(bad); } catch (e) { console.log(e.name, e.code); }
}
console.log(structuredClone(new String('boxed')), structuredClone(null), structuredClone([new Boolean(false)]));
