setTimeout(() => {
  setImmediate(() => console.log('immediate'));
  setTimeout(() => console.log('timeout'), 0);
}, 1);
