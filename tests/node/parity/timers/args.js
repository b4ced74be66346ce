setImmediate((a) => {
  console.log('immediate', a);
  setTimeout((b, c) => console.log('timeout', b, c), 1, 'x', 2);
}, 'y');
