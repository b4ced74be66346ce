// Failed spawns and bad arguments, as Node reports them.
const cp = require('child_process');

const child = cp.spawn('no-such-command-here', ['x', 'y']);
child.on('error', (err) => {
  console.log(err.message, err.code, err.errno, err.syscall, err.path, err.spawnargs, child.pid);
  const sync = cp.spawnSync('no-such-command-here', ['z']);
  console.log(sync.error.message, sync.error.code, sync.error.syscall, sync.error.path, sync.error.spawnargs, sync.status, sync.signal, sync.stdout, sync.output);
  try {
    cp.execFileSync('no-such-command-here');
  } catch (e) {
    console.log('execFileSync', e.code, e.syscall, e.status);
  }
  cp.execFile('no-such-command-here', (e, stdout, stderr) => {
    console.log('execFile', e.code, e.syscall, JSON.stringify(stdout), JSON.stringify(stderr));
  });
});
child.on('close', (code, signal) => console.log('close', code, signal));

for (const bad of [() => cp.spawn(42), () => cp.spawn(''), () => cp.spawn('x', 'str'), () => cp.spawnSync(null)]) {
  try {
    bad();
  } catch (e) {
    console.log(e.name, e.code);
  }
}
