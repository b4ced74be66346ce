process.on('exit', (c) => console.log('exit', c));
setTimeout(() => { throw { custom: 'object', n: 1 }; }, 1);
