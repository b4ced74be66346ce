const b = Buffer.from('hello world');
const s = b.subarray(0, 5);
s[0] = 72;
console.log(b.toString(), s.toString(), b.slice(6).toString(), b.subarray(-5).toString());
console.log(b instanceof Uint8Array, Buffer.from(b.buffer, b.byteOffset, 2).toString());
