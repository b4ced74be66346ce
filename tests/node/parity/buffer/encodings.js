const s = 'héllo wörld €';
for (const enc of ['utf8', 'utf16le', 'latin1', 'ascii', 'base64', 'base64url', 'hex', 'binary', 'ucs2']) {
  const b = Buffer.from(s, enc === 'base64' || enc === 'base64url' || enc === 'hex' ? 'utf8' : enc);
  console.log(enc, b.length, b.toString(enc));
}
console.log(Buffer.from('zz', 'hex'), Buffer.from('abc', 'hex'), Buffer.from('YQ', 'base64'), Buffer.from('Y Q = =', 'base64'));
console.log(Buffer.byteLength('€', 'utf16le'), Buffer.byteLength('aGVsbG8', 'base64'), Buffer.byteLength('ab', 'hex'));
