const { Readable, Writable } = require('stream');
console.log(process.stdout instanceof Writable, typeof process.stdout.write, process.stdout.writable);
process.stdout.write('direct\n');
process.stdout.write(Buffer.from('buffer\n'));
process.stdout.write('with callback\n', () => console.log('written callback'));
Readable.from(['piped 1\n', 'piped 2\n']).pipe(process.stdout);
process.stderr.write('to stderr\n');
