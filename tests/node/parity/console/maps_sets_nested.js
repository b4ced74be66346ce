const m = new Map([['a', new Set([1, 2])], [{ k: 1 }, [1, 2, 3]]]);
console.log(m, new Map([[new Map(), new Set()]]));
console.log(new WeakMap(), new WeakSet(), Promise.resolve(42), Promise.reject(new Error('r')).catch(() => {}) && 'ok');
console.log([new Map([[1, { deep: { deeper: { deepest: 1 } } }]])]);
console.log(new Set(Array.from({ length: 10 }, (_, i) => i * 1000)));
