const fs = require('fs');
const file = '/tmp/parity-chmod.txt';
fs.writeFileSync(file, 'x');
fs.chmodSync(file, 0o600);
console.log((fs.statSync(file).mode & 0o777).toString(8));
fs.chmodSync(file, '644');
console.log((fs.statSync(file).mode & 0o777).toString(8));
const fd = fs.openSync(file, 'r');
fs.fchmodSync(fd, 0o640);
fs.closeSync(fd);
console.log((fs.statSync(file).mode & 0o777).toString(8));
fs.chownSync(file, -1, -1);
try { fs.chmodSync('/tmp/parity-none', 0o600); } catch (e) { console.log(e.code, e.syscall, e.message); }
try { fs.chmodSync(file, 'rwx'); } catch (e) { console.log(e.code); }
try { fs.chownSync(file, 'root', 0); } catch (e) { console.log(e.code); }
fs.promises.chmod(file, 0o700).then(() => {
  console.log((fs.statSync(file).mode & 0o777).toString(8));
  fs.unlinkSync(file);
});
