// kill(): signals a running child; the exit reports the signal.
const { spawn } = require('child_process');

function killed(signal) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', 'console.log("ready"); setInterval(() => {}, 1000)']);
    child.stdout.once('data', () => {
      console.log('kill returned', child.kill(signal), child.killed);
    });
    child.on('exit', (code, sig) => {
      console.log('exit', code, sig, child.exitCode, child.signalCode);
      console.log('kill after exit', child.kill());
      resolve();
    });
  });
}

(async () => {
  await killed();
  await killed('SIGKILL');
  await killed(2);
  try {
    spawn(process.execPath, ['-e', '0']).kill('SIGNOPE');
  } catch (e) {
    console.log(e.name, e.code, e.message);
  }
})();
