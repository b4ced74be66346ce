// Signal listeners in a child (handled dispositions), kill() from the parent, process.kill.
const cp = require('child_process');
const child = cp.spawn(process.execPath, ['-e', `
process.on('SIGTERM', (name, n) => { console.log('child got', name, n); process.exit(7); });
process.on('SIGUSR1', function h() { console.log('usr1'); process.removeListener('SIGUSR1', h); });
console.log('ready');
setInterval(() => {}, 1000);
`]);
let n = 0;
child.stdout.on('data', (d) => {
  process.stdout.write('child: ' + d);
  n++;
  if (String(d).includes('ready')) child.kill('SIGUSR1');
  if (String(d).includes('usr1')) setTimeout(() => child.kill(), 20);
});
child.on('exit', (code, sig) => console.log('exit', code, sig));
try { process.kill(99999, 0); } catch (e) { console.log(e.message, e.code, e.syscall); }
try { process.kill(1, 'SIGFOO'); } catch (e) { console.log(e.code, e.message); }
console.log(process.kill(process.pid, 0));
