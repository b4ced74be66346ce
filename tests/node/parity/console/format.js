console.log('%s=%d %i %f %j %o %%', 'x', 42.5, 42.5, '1.25', { a: [1] }, { b: 2 }, 'extra');
console.log('%s', 'only', 'and', 'more', 5);
console.log('%d %d', '7', 'abc');
console.log('100%', 'literal');
console.log('%c styled', 'color: red');
console.log('%O', { deep: { er: { still: { more: 1 } } } });
console.log('no args %s');
