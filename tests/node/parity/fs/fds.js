const fs = require('fs');
const file = '/tmp/parity-fs-fds.txt';
const fd = fs.openSync(file, 'w+');
console.log(typeof fd, fs.writeSync(fd, 'hello '), fs.writeSync(fd, Buffer.from('world')), fs.fstatSync(fd).size);
const buf = Buffer.alloc(5);
console.log(fs.readSync(fd, buf, 0, 5, 0), buf.toString(), fs.readSync(fd, buf, { position: 6 }), buf.toString());
fs.ftruncateSync(fd, 4);
fs.writeSync(fd, 'X', 0);
fs.closeSync(fd);
console.log(JSON.stringify(fs.readFileSync(file, 'utf8')));
try { fs.closeSync(fd); } catch (e) { console.log(e.code, e.syscall, e.message); }
try { fs.openSync('/tmp/parity-no-dir/x', 'r'); } catch (e) { console.log(e.code, e.syscall); }
try { fs.openSync(file, 'wx'); } catch (e) { console.log(e.code, e.syscall); }
try { fs.closeSync(-1); } catch (e) { console.log(e.code, e.message); }
fs.appendFileSync(file, ' more');
fs.appendFileSync(file, Buffer.from('!'));
console.log(fs.readFileSync(file, 'utf8'));
fs.truncateSync(file, 2);
fs.copyFileSync(file, `${file}.copy`);
try { fs.copyFileSync(file, `${file}.copy`, fs.constants.COPYFILE_EXCL); } catch (e) { console.log(e.code, e.syscall); }
console.log(fs.readFileSync(`${file}.copy`, 'utf8'));
const rfd = fs.openSync(file);
console.log(fs.readFileSync(rfd, 'utf8'));
fs.closeSync(rfd);
fs.unlinkSync(file);
fs.unlinkSync(`${file}.copy`);
