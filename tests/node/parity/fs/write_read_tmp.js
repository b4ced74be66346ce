const fs = require('fs');
const file = '/tmp/parity-write-read-tmp.txt';
fs.writeFileSync(file, 'first\n');
fs.writeFileSync(file, 'second ✓\n');
fs.writeFileSync(file, Buffer.from('appended\n'), { flag: 'a' });
console.log(JSON.stringify(fs.readFileSync(file, 'utf8')));
try { fs.writeFileSync(file, 'x', { flag: 'wx' }); } catch (e) { console.log(e.code, e.syscall); }
fs.writeFileSync(file, 'aGk=', 'base64');
console.log(fs.readFileSync(file, 'utf8'));
