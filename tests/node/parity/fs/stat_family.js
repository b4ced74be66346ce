const fs = require('fs');
const dir = '/tmp/parity-fs-stat';
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir);
fs.writeFileSync(`${dir}/f.txt`, 'twelve bytes');
fs.symlinkSync('f.txt', `${dir}/link`);
const st = fs.statSync(`${dir}/f.txt`);
console.log(st.isFile(), st.isDirectory(), st.isSymbolicLink(), st.size, typeof st.mtimeMs, st.mtime instanceof Date, st instanceof fs.Stats);
console.log(fs.lstatSync(`${dir}/link`).isSymbolicLink(), fs.statSync(`${dir}/link`).isFile(), fs.statSync(dir).isDirectory());
console.log(fs.statSync(`${dir}/f.txt`, { bigint: true }).size, fs.statSync(`${dir}/missing`, { throwIfNoEntry: false }));
for (const f of [() => fs.statSync(`${dir}/missing`), () => fs.lstatSync(`${dir}/missing`), () => fs.readlinkSync(`${dir}/f.txt`)]) {
  try { f(); } catch (e) { console.log(e.code, e.syscall, e.message.replace(dir, '<dir>')); }
}
console.log(fs.existsSync(`${dir}/f.txt`), fs.existsSync(`${dir}/nope`), fs.existsSync(), fs.readlinkSync(`${dir}/link`));
fs.accessSync(`${dir}/f.txt`, fs.constants.R_OK | fs.constants.W_OK);
try { fs.accessSync(`${dir}/nope`); } catch (e) { console.log(e.code, e.syscall); }
try { fs.accessSync(`${dir}/f.txt`, fs.constants.X_OK); } catch (e) { console.log(e.code, e.syscall); }
console.log(fs.realpathSync(`${dir}/link`) === `${dir}/f.txt`, fs.realpathSync(`${dir}/../parity-fs-stat/./f.txt`) === `${dir}/f.txt`);
fs.rmSync(dir, { recursive: true });
console.log(fs.existsSync(dir));
