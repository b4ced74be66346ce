const fs = require('fs');
const dir = '/tmp/parity-fs-dirs';
fs.rmSync(dir, { recursive: true, force: true });
console.log(fs.mkdirSync(`${dir}/a/b/c`, { recursive: true }) === dir, fs.mkdirSync(`${dir}/a/b`, { recursive: true }));
fs.writeFileSync(`${dir}/a/one.txt`, '1');
fs.writeFileSync(`${dir}/a/b/two.txt`, '2');
console.log(fs.readdirSync(`${dir}/a`).sort(), fs.readdirSync(`${dir}/a`, { recursive: true }).sort());
const ents = fs.readdirSync(`${dir}/a`, { withFileTypes: true }).sort((x, y) => x.name.localeCompare(y.name));
console.log(ents.map((d) => [d.name, d.isFile(), d.isDirectory(), d.parentPath === `${dir}/a`]), ents[0] instanceof fs.Dirent);
try { fs.mkdirSync(`${dir}/a`); } catch (e) { console.log(e.code, e.syscall, e.message.replace(dir, '<dir>')); }
try { fs.mkdirSync(`${dir}/x/y`); } catch (e) { console.log(e.code, e.syscall); }
try { fs.rmdirSync(`${dir}/a`); } catch (e) { console.log(e.code, e.syscall); }
try { fs.rmSync(`${dir}/a`); } catch (e) { console.log(e.code, e.name, e.message.replace(dir, '<dir>')); }
try { fs.readdirSync(`${dir}/a/one.txt`); } catch (e) { console.log(e.code, e.syscall); }
try { fs.readdirSync(`${dir}/none`); } catch (e) { console.log(e.code, e.syscall, e.message.replace(dir, '<dir>')); }
fs.renameSync(`${dir}/a/one.txt`, `${dir}/a/uno.txt`);
try { fs.renameSync(`${dir}/a/none`, `${dir}/a/x`); } catch (e) { console.log(e.code, e.message.replace(dir, '<dir>').replace(dir, '<dir>')); }
fs.unlinkSync(`${dir}/a/uno.txt`);
try { fs.unlinkSync(`${dir}/a/uno.txt`); } catch (e) { console.log(e.code, e.syscall); }
fs.rmSync(dir, { recursive: true, force: true });
fs.rmSync(dir, { recursive: true, force: true });
console.log(fs.existsSync(dir));
