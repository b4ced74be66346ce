const log = [];
Promise.resolve().then(() => {
  log.push('p1');
  process.nextTick(() => log.push('tick from p1'));
  Promise.resolve().then(() => log.push('p2 from p1'));
});
process.nextTick(() => {
  log.push('t1');
  Promise.resolve().then(() => log.push('p from t1'));
  process.nextTick(() => log.push('t2 from t1'));
});
setImmediate(() => console.log(log.join('\n')));
