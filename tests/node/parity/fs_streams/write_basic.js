// createWriteStream: flags, start, encoding, bytesWritten, events, close(cb), and
// writing after end.
const fs = require('fs');
const file = '/tmp/parity-fs-streams-write.txt';

function finish(label, ws) {
  return new Promise((resolve) => {
    const events = [];
    ws.on('open', () => events.push('open'));
    ws.on('ready', () => events.push('ready'));
    ws.on('finish', () => events.push('finish'));
    ws.on('close', () => {
      events.push('close');
      console.log(label, events.join(' '), 'bytesWritten', ws.bytesWritten, JSON.stringify(fs.readFileSync(file, 'utf8')));
      resolve();
    });
  });
}

(async () => {
  let ws = fs.createWriteStream(file);
  console.log('pending', ws.pending, 'path', ws.path, 'writable', ws.writable);
  let done = finish('plain', ws);
  console.log('write returns', ws.write('hello '), ws.write(Buffer.from('world')));
  ws.end('!\n');
  await done;

  ws = fs.createWriteStream(file, { flags: 'a' });
  done = finish('append', ws);
  ws.write('more\n');
  ws.end();
  await done;

  ws = fs.createWriteStream(file, { flags: 'r+', start: 2 });
  done = finish('r+ start', ws);
  ws.end('XY');
  await done;

  ws = fs.createWriteStream(file, { encoding: 'hex' });
  done = finish('hex', ws);
  ws.write('41424344');
  ws.end('0a', 'hex');
  await done;

  ws = fs.createWriteStream(file, { highWaterMark: 4 });
  done = finish('hwm', ws);
  console.log('below hwm', ws.write('ab'), 'above hwm', ws.write('cdefgh'), 'length', ws.writableLength);
  ws.once('drain', () => { console.log('drain'); ws.end(); });
  await done;

  ws = fs.createWriteStream(file);
  await new Promise((resolve) => ws.close(() => { console.log('close cb', ws.closed, ws.bytesWritten); resolve(); }));
  ws.close(() => console.log('second close cb'));
  await new Promise((r) => setImmediate(r));

  ws = fs.createWriteStream(file);
  ws.end('x');
  ws.write('y', (err) => console.log('write after end cb', err.code));
  ws.on('error', (err) => console.log('error event', err.code, err.message));
  await new Promise((r) => ws.on('close', r));

  const fd = fs.openSync(file, 'w');
  ws = fs.createWriteStream(null, { fd, autoClose: false });
  ws.end('via fd\n', () => {
    console.log('finished', ws.destroyed, fs.fstatSync(fd).size);
    fs.closeSync(fd);
    console.log(fs.readFileSync(file, 'utf8').trim());
  });
})();
