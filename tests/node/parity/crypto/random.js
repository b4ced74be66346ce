const crypto = require('crypto');
const b = crypto.randomBytes(16);
console.log(b.length, Buffer.isBuffer(b), crypto.randomBytes(0).length);
const uuid = crypto.randomUUID();
console.log(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(uuid), uuid !== crypto.randomUUID());
const arr = crypto.getRandomValues(new Uint32Array(4));
console.log(arr.length, arr instanceof Uint32Array, globalThis.crypto.getRandomValues(new Uint8Array(2)).length);
const ints = Array.from({ length: 200 }, () => crypto.randomInt(3, 6));
console.log(ints.every((n) => n >= 3 && n < 6), new Set(ints).size === 3, crypto.randomInt(1) === 0);
console.log(crypto.randomFillSync(Buffer.alloc(4)).length);
crypto.randomBytes(8, (err, buf) => console.log('async', err, buf.length));
try { crypto.randomBytes(-1); } catch (e) { console.log(e.code, e.message); }
try { crypto.getRandomValues(new Float32Array(1)); } catch (e) { console.log(e.name, e.message); }
try { crypto.randomInt(5, 5); } catch (e) { console.log(e.code, e.message); }
