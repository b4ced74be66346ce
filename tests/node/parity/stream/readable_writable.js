const { Readable, Writable } = require('stream');
const chunks = [];
const sink = new Writable({
  write(chunk, encoding, cb) { chunks.push(chunk.toString()); cb(); },
  final(cb) { console.log('final', chunks); cb(); },
});
sink.on('finish', () => console.log('finish'));
sink.on('close', () => console.log('close'));
const src = new Readable({ read() {} });
src.pipe(sink);
src.push('a'); src.push('b'); src.push(null);
const objects = Readable.from([{ n: 1 }, { n: 2 }]);
objects.on('data', (o) => console.log('object', o));
objects.on('end', () => console.log('objects end'));
