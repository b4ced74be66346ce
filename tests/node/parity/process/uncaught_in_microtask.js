process.on('exit', (code) => console.log('exit', code));
queueMicrotask(() => { throw new RangeError('from a microtask'); });
