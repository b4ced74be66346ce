const { Writable } = require('stream');
const slow = new Writable({
  highWaterMark: 4,
  write(chunk, enc, cb) { setImmediate(cb); },
});
const results = [];
for (let i = 0; i < 4; i++) results.push(slow.write('ab'));
console.log(results, slow.writableLength, slow.writableNeedDrain);
slow.once('drain', () => console.log('drain', slow.writableLength));
