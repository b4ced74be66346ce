const fs = require('fs');
const errs = [];
for (const f of [
  () => fs.renameSync('/tmp/parity-none-a', '/tmp/parity-none-b'),
  () => fs.linkSync('/tmp/parity-none-a', '/tmp/parity-none-b'),
  () => fs.copyFileSync('/tmp/parity-none-a', '/tmp/parity-none-b'),
  () => fs.symlinkSync('target', '/tmp/parity-no-dir/link'),
  () => fs.rmdirSync('/tmp/parity-none-a'),
  () => fs.mkdirSync('/tmp/parity-no-dir/a/b'),
  () => fs.readlinkSync('/tmp/parity-none-a'),
  () => fs.utimesSync('/tmp/parity-none-a', 1, 1),
]) {
  try { f(); } catch (e) { errs.push([e.code, e.errno, e.syscall, e.path, e.dest, e.message]); }
}
for (const e of errs) console.log(e);
