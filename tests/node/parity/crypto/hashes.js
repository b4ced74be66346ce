const crypto = require('crypto');
for (const alg of ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512', 'SHA256', 'RSA-SHA256'.toLowerCase().replace('rsa-', '')]) {
  console.log(alg, crypto.createHash(alg).update('hello ').update(Buffer.from('world')).digest('hex'));
}
console.log(crypto.createHash('sha256').update('').digest('base64'), crypto.createHash('md5').update('é', 'latin1').digest('hex'));
console.log(crypto.createHmac('sha256', 'key').update('data').digest('hex'), crypto.createHmac('sha1', Buffer.from('k')).update('d').digest('base64'));
console.log(crypto.createHmac('sha512', 'x'.repeat(200)).update('long key').digest('hex').slice(0, 32));
const h = crypto.createHash('sha1').update('a');
const copy = h.copy();
console.log(h.digest('hex'), copy.update('b').digest('hex'));
try { h.digest(); } catch (e) { console.log(e.code, e.message); }
try { crypto.createHash('nope'); } catch (e) { console.log(e.message); }
console.log(crypto.hash('sha1', 'abc'), crypto.getHashes().includes('sha256'));
console.log(crypto.timingSafeEqual(Buffer.from('ab'), Buffer.from('ab')), crypto.timingSafeEqual(Buffer.from('ab'), Buffer.from('ac')));
try { crypto.timingSafeEqual(Buffer.from('a'), Buffer.from('ab')); } catch (e) { console.log(e.code, e.message); }
crypto.subtle.digest('SHA-256', new TextEncoder().encode('abc')).then((d) => console.log(Buffer.from(d).toString('hex')));
