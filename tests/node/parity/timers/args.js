setTimeout((a, b) => console.log('timeout', a, b), 1, 'x', 2);
setImmediate((a) => console.log('immediate', a), 'y');
