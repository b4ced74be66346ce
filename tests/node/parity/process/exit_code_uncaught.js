process.on('exit', (code) => console.log('exit', code));
setTimeout(() => { throw new TypeError('in timer'); }, 1);
