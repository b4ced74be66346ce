const { StringDecoder } = require('string_decoder');
const d = new StringDecoder('utf8');
const euro = Buffer.from('€');
console.log(JSON.stringify(d.write(euro.subarray(0, 1))), JSON.stringify(d.write(euro.subarray(1, 2))), d.write(euro.subarray(2)));
console.log(JSON.stringify(d.write(Buffer.from([0xe2]))), JSON.stringify(d.end()));
const h = new StringDecoder('hex');
console.log(h.write(Buffer.from('ab')), h.end(Buffer.from('c')));
const b = new StringDecoder('base64');
console.log(b.write(Buffer.from('ab')), b.write(Buffer.from('c')), b.end());
const u = new StringDecoder('utf16le');
console.log(JSON.stringify(u.write(Buffer.from([0x3d]))), u.write(Buffer.from([0xd8, 0x4d, 0xdc])), u.end(Buffer.from([0x00])));
try { new StringDecoder('nope'); } catch (e) { console.log(e.code, e.message); }
console.log(new StringDecoder().encoding, new StringDecoder('UCS2').encoding, new StringDecoder('binary').encoding);
