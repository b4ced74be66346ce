process.on('beforeExit', () => console.log('never: process.exit skips beforeExit'));
process.on('exit', (code) => console.log('exit', code));
setTimeout(() => process.exit(2), 1);
