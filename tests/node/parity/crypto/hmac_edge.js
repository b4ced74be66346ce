const crypto = require('crypto');
console.log(crypto.createHmac('sha256', '').update('').digest('hex'));
console.log(crypto.createHmac('md5', Buffer.alloc(100, 1)).update('x').digest('base64'));
console.log(crypto.createHash('sha512').update(Buffer.alloc(1 << 20, 'a')).digest('hex').slice(0, 16));
const h = crypto.createHash('sha256');
for (let i = 0; i < 100; i++) h.update(String(i));
console.log(h.digest('base64url'));
try { crypto.createHmac('sha256', null); } catch (e) { console.log(e.code); }
