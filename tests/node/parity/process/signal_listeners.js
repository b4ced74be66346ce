// Signal listeners on the process itself: a signal sent to oneself runs them; removing
// the last one restores the default; SIGKILL cannot be listened to; process.kill errors.
try {
  process.on('SIGKILL', () => {});
} catch (e) {
  console.log(e.message, e.code, e.errno, e.syscall);
}
console.log(process.listenerCount('SIGKILL'));
try {
  process.kill(process.pid, 'SIGNOPE');
} catch (e) {
  console.log(e.name, e.code);
}
try {
  process.kill('abc');
} catch (e) {
  console.log(e.name, e.code);
}
console.log(process.kill(process.pid, 0));

let seen = 0;
function onUsr2(name, number) {
  seen++;
  console.log('got', name, number, seen);
  if (seen === 2) process.removeListener('SIGUSR2', onUsr2);
  else process.kill(process.pid, 'SIGUSR2');
}
process.on('SIGUSR2', onUsr2);
process.once('SIGHUP', (name) => console.log('once', name, process.listenerCount('SIGHUP')));
process.kill(process.pid, 'SIGUSR2');
setTimeout(() => {
  process.kill(process.pid, 'SIGHUP');
  setTimeout(() => console.log('done', seen, process.listenerCount('SIGUSR2')), 50);
}, 50);
