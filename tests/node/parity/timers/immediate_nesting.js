setImmediate(() => {
  console.log('immediate 1');
  setImmediate(() => console.log('immediate 3 (next loop)'));
  process.nextTick(() => console.log('tick inside immediate 1'));
});
setImmediate(() => console.log('immediate 2'));
