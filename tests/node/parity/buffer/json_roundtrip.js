const b = Buffer.from([1, 2, 255]);
const json = JSON.stringify({ b });
console.log(json);
const parsed = JSON.parse(json, (k, v) => (v && v.type === 'Buffer' ? Buffer.from(v.data) : v));
console.log(parsed.b, parsed.b.equals(b));
console.log(Buffer.from(b.toJSON().data), Buffer.from({ length: 2, 0: 7, 1: 8 }));
