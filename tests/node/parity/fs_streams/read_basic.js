// createReadStream: events in order, chunking by highWaterMark, start/end, encoding,
// bytesRead/path/pending, and an fd-based stream.
const fs = require('fs');
const file = '/tmp/parity-fs-streams-read.txt';
fs.writeFileSync(file, 'abcdefghijklmnopqrstuvwxyz0123456789'.repeat(3));

function run(label, stream) {
  return new Promise((resolve) => {
    const events = [];
    console.log(label, 'pending', stream.pending, 'path', stream.path);
    stream.on('open', (fd) => events.push(`open:${typeof fd}`));
    stream.on('ready', () => events.push('ready'));
    stream.on('data', (d) => events.push(`data:${typeof d === 'string' ? 's' : 'b'}${d.length}:${d.toString().slice(0, 4)}`));
    const report = () => {
      console.log(label, events.join(' '), 'bytesRead', stream.bytesRead, 'pending', stream.pending, 'destroyed', stream.destroyed);
      resolve();
    };
    stream.on('end', () => {
      events.push('end');
      // Without autoClose the stream stays open: no 'close' comes.
      if (!stream.autoClose) setImmediate(report);
    });
    stream.on('close', () => {
      events.push('close');
      report();
    });
  });
}

(async () => {
  await run('whole', fs.createReadStream(file));
  await run('hwm', fs.createReadStream(file, { highWaterMark: 40 }));
  await run('range', fs.createReadStream(file, { start: 3, end: 12 }));
  await run('end-only', fs.createReadStream(file, { end: 4, encoding: 'utf8' }));
  await run('string-enc', fs.createReadStream(file, 'hex'));
  await run('start-past-end', fs.createReadStream(file, { start: 500 }));
  const fd = fs.openSync(file, 'r');
  await run('fd', fs.createReadStream(null, { fd, start: 30, highWaterMark: 16 }));
  try { fs.fstatSync(fd); console.log('fd still open'); } catch (e) { console.log('fd closed', e.code); }
  const fd2 = fs.openSync(file, 'r');
  await run('fd-noautoclose', fs.createReadStream('', { fd: fd2, autoClose: false, end: 2 }));
  console.log('fd2 open', fs.fstatSync(fd2).size);
  fs.closeSync(fd2);
  const url = new URL(`file://${file}`);
  await run('url', fs.createReadStream(url, { start: 1, end: 1 }));
  const chunks = [];
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 50 })) chunks.push(chunk.length);
  console.log('async iter', chunks);
  console.log(fs.createReadStream(file) instanceof fs.ReadStream, fs.ReadStream === fs.FileReadStream);
  const s = fs.ReadStream(file);
  console.log('no new', s instanceof fs.ReadStream, s.autoClose);
  s.destroy();
})();
