const log = (s) => console.log(s);
Promise.resolve().then(() => log('promise 1'));
process.nextTick(() => log('tick 1'));
process.nextTick(() => {
  log('tick 2');
  process.nextTick(() => log('tick in tick'));
  Promise.resolve().then(() => log('promise in tick'));
});
queueMicrotask(() => log('microtask'));
log('sync');
