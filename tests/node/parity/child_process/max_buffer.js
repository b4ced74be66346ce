// maxBuffer: execFile stops at it (Node's ERR_CHILD_PROCESS_STDIO_MAXBUFFER, output cut
// at the limit, the child killed); spawnSync and execFileSync fail with ENOBUFS.
const cp = require('child_process');
const writer = (stream, n) => ['-e', `process.${stream}.write("y".repeat(${n})); setInterval(() => {}, 1000)`];

(async () => {
  await new Promise((resolve) => {
    cp.execFile('node', writer('stdout', 5000), { maxBuffer: 100 }, (err, stdout, stderr) => {
      console.log('stdout over', err.name, err.code, err.message, stdout.length, JSON.stringify(stderr), err.killed, err.signal, Object.keys(err));
      resolve();
    });
  });
  await new Promise((resolve) => {
    cp.execFile('node', writer('stderr', 5000), { maxBuffer: 10, encoding: 'buffer' }, (err, stdout, stderr) => {
      console.log('stderr over', err.code, err.message, stderr.length, Buffer.isBuffer(stderr), stdout.length);
      resolve();
    });
  });
  await new Promise((resolve) => {
    const child = cp.execFile('node', writer('stdout', 5000), { maxBuffer: 100, killSignal: 'SIGUSR2' }, (err) => {
      console.log('kill signal', err.code);
    });
    child.on('exit', (code, signal) => { console.log('child exit', code, signal); resolve(); });
  });
  await new Promise((resolve) => {
    cp.execFile('node', ['-e', 'process.stdout.write("é".repeat(10))'], { maxBuffer: 20 }, (err, stdout) => {
      console.log('exactly at the limit', err, stdout.length);
      resolve();
    });
  });
  await new Promise((resolve) => {
    cp.execFile('node', ['-e', 'process.stdout.write("x".repeat(3000000))'], { maxBuffer: Infinity }, (err, stdout) => {
      console.log('Infinity', err, stdout.length);
      resolve();
    });
  });
  const r = cp.spawnSync('node', writer('stdout', 200000), { maxBuffer: 1000 });
  console.log('spawnSync', r.status, r.signal, r.error.code, r.error.errno, r.error.message, r.stdout.length > 1000);
  const r2 = cp.spawnSync('node', ['-e', 'process.stdout.write("z".repeat(2000000))']);
  console.log('spawnSync default limit', r2.error && r2.error.code, r2.signal);
  try {
    cp.execFileSync('node', writer('stdout', 200000), { maxBuffer: 10, killSignal: 'SIGKILL' });
  } catch (e) {
    console.log('execFileSync', e.message, e.code, e.signal, e.status);
  }
  for (const bad of [-1, '5', null]) {
    try { cp.execFile('node', ['-e', '0'], { maxBuffer: bad }, () => {}); console.log('accepted', bad); } catch (e) { console.log(e.code, e.message); }
  }
})();
