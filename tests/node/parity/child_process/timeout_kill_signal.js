// timeout and killSignal, async and sync: the child gets the signal; the fields are
// Node's. Only outcomes are printed, never times.
const cp = require('child_process');
const forever = ['-e', 'setInterval(() => {}, 1000)'];
const ignoresTerm = ['-e', 'process.on("SIGTERM", () => {}); setTimeout(() => {}, 2000)'];

function exited(child) {
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve([code, signal, child.killed])));
}

(async () => {
  console.log('spawn', await exited(cp.spawn('node', forever, { timeout: 50 })));
  console.log('spawn killSignal', await exited(cp.spawn('node', forever, { timeout: 50, killSignal: 'SIGUSR2' })));
  console.log('spawn numeric', await exited(cp.spawn('node', forever, { timeout: 50, killSignal: 9 })));
  console.log('spawn done first', await exited(cp.spawn('node', ['-e', '0'], { timeout: 100000 })));
  await new Promise((resolve) => {
    cp.execFile('node', forever, { timeout: 50 }, (err, stdout, stderr) => {
      console.log('execFile', err.message.split('\n')[0], err.code, err.killed, err.signal, err.cmd, JSON.stringify(stdout), Object.keys(err));
      resolve();
    });
  });
  await new Promise((resolve) => {
    cp.execFile('node', ['-e', 'console.log("partial"); setInterval(() => {}, 1000)'], { timeout: 500, killSignal: 'SIGINT', encoding: 'buffer' }, (err, stdout) => {
      console.log('execFile SIGINT', err.signal, err.killed, Buffer.isBuffer(stdout));
      resolve();
    });
  });
  const r = cp.spawnSync('node', forever, { timeout: 50 });
  console.log('spawnSync', r.status, r.signal, r.error.message, r.error.code, r.error.errno, r.error.syscall, r.error.path, r.error.spawnargs, Object.keys(r));
  const r2 = cp.spawnSync('node', ignoresTerm, { timeout: 50, killSignal: 'SIGKILL', stdio: 'inherit' });
  console.log('spawnSync inherit SIGKILL', r2.status, r2.signal, r2.error.code, r2.stdout);
  const r3 = cp.spawnSync('node', ['-e', 'process.stdout.write("quick")'], { timeout: 100000 });
  console.log('spawnSync in time', r3.status, r3.signal, r3.error, r3.stdout.toString());
  try {
    cp.execFileSync('node', forever, { timeout: 50, killSignal: 'sighup' });
  } catch (e) {
    console.log('execFileSync', e.message, e.code, e.signal, e.status, Object.keys(e));
  }
  for (const bad of [{ timeout: -1 }, { timeout: 1.5 }, { timeout: '10' }, { killSignal: 'SIGNOPE' }, { killSignal: {} }, { killSignal: 999 }]) {
    for (const fn of [() => cp.spawn('node', ['-e', '0'], bad), () => cp.spawnSync('node', ['-e', '0'], bad), () => cp.execFile('node', ['-e', '0'], bad, () => {})]) {
      try { fn(); console.log('accepted', bad); } catch (e) { console.log(e.name, e.code, e.message); }
    }
  }
})();
