const p = Promise.reject(new Error('late'));
setTimeout(() => p.catch((e) => console.log('caught late', e.message)), 0);
process.on('exit', (c) => console.log('exit', c));
