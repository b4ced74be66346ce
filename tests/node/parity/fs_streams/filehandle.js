// FileHandle.createReadStream / createWriteStream: the handle's descriptor, closed with
// the stream (or not, with autoClose: false), and the handle's 'close' event.
const fs = require('fs');
const file = '/tmp/parity-fs-streams-handle.txt';

(async () => {
  let fh = await fs.promises.open(file, 'w');
  const ws = fh.createWriteStream();
  fh.on('close', () => console.log('handle close event'));
  ws.write('first line\n');
  ws.end('second line\n');
  await new Promise((r) => ws.on('close', r));
  console.log('write stream closed', ws.bytesWritten, fh.fd);

  fh = await fs.promises.open(file, 'r');
  const rs = fh.createReadStream({ encoding: 'utf8', start: 6 });
  let text = '';
  for await (const chunk of rs) text += chunk;
  console.log(JSON.stringify(text), rs.bytesRead, rs.destroyed);

  fh = await fs.promises.open(file, 'r');
  const partial = fh.createReadStream({ autoClose: false, end: 4 });
  partial.on('data', (d) => console.log('partial', d.toString()));
  await new Promise((r) => partial.on('end', r));
  const again = await fh.read(Buffer.alloc(6), 0, 6, 0);
  console.log('handle still usable', again.bytesRead, again.buffer.toString());
  await fh.close();
  try { fh.createReadStream({ fs: {} }); } catch (e) { console.log(e.code, e.message); }
})();
