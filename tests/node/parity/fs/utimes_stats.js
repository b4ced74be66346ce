const fs = require('fs');
const file = '/tmp/parity-utimes.txt';
fs.writeFileSync(file, 'x');
fs.utimesSync(file, 1000, new Date(2000000));
const st = fs.statSync(file);
console.log(st.atimeMs, st.mtimeMs, st.atime.toISOString(), st.mtime.toISOString(), st.nlink, st.isFile());
const big = fs.statSync(file, { bigint: true });
console.log(typeof big.size, big.mtimeMs, big.mtimeNs);
fs.unlinkSync(file);
