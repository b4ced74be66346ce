const log = (s) => console.log(s);
setTimeout(() => log('timeout 20'), 20);
setTimeout(() => {
  log('timeout 0');
  Promise.resolve().then(() => log('promise in timeout'));
  process.nextTick(() => log('tick in timeout'));
}, 0);
setTimeout(() => log('timeout 0 second'), 0);
Promise.resolve().then(() => log('promise'));
process.nextTick(() => log('tick'));
queueMicrotask(() => log('microtask'));
(async () => { await null; log('async'); })();
log('sync');
