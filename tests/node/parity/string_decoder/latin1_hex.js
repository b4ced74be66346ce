const { StringDecoder } = require('string_decoder');
const l = new StringDecoder('latin1');
console.log(l.write(Buffer.from([0xe9, 0x41])), l.end());
const a = new StringDecoder('ascii');
console.log(a.write(Buffer.from('abc')), a.encoding);
const u = new StringDecoder('utf8');
console.log(u.write(Buffer.from([0xf0, 0x9f])), u.write(Buffer.from([0x98, 0x80])), JSON.stringify(u.end(Buffer.from([0xc3]))));
console.log(JSON.stringify(u.write('string passes through')));
