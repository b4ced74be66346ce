console.table([{ a: 1, b: 'x' }, { a: 2, c: true }]);
console.table({ r1: { c: 1 }, r2: { c: 2 } });
console.table([[1, 2], [3, 4]]);
console.table('not tabular');
console.dir({ a: { b: { c: { d: 1 } } } }, { depth: 0 });
console.log('%s', 'done');
