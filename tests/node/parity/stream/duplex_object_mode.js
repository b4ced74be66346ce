const { Duplex, Readable, Writable } = require('stream');
const d = new Duplex({
  objectMode: true,
  read() {},
  write(chunk, enc, cb) { this.push({ echoed: chunk }); cb(); },
  final(cb) { this.push(null); cb(); },
});
d.on('data', (o) => console.log('data', o));
d.on('end', () => console.log('end'));
d.write({ a: 1 });
d.write('two');
d.end();
const r = new Readable({ objectMode: true, read() {} });
console.log(r.readableObjectMode, r.readableHighWaterMark, new Writable().writableHighWaterMark);
