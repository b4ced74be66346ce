// Errors: a failed open is the stream's 'error' (code, syscall, path as Node), then
// 'close'; bad options throw at once.
const fs = require('fs');

function show(label, fn) {
  try { fn(); console.log(label, 'no throw'); } catch (e) { console.log(label, e.name, e.code, e.message); }
}

function onError(label, stream) {
  return new Promise((resolve) => {
    const events = [];
    stream.on('open', () => events.push('open'));
    stream.on('error', (e) => events.push(`error:${e.code}:${e.syscall}:${e.path}:${e.errno}:${e.message}`));
    if (stream.resume) stream.resume();
    stream.on('close', () => { events.push('close'); console.log(label, events.join(' | '), stream.destroyed); resolve(); });
  });
}

(async () => {
  await onError('missing', fs.createReadStream(`${__dirname}/data/nope.txt`));
  await onError('dir read', fs.createReadStream(__dirname));
  await onError('dir write', fs.createWriteStream('/tmp'));
  await onError('missing dir', fs.createWriteStream('/tmp/no-such-dir-here/x.txt'));
  await onError('wx exists', fs.createWriteStream('/tmp', { flags: 'wx' }));
  show('start string', () => fs.createReadStream('/tmp/x', { start: '1' }));
  show('start negative', () => fs.createReadStream('/tmp/x', { start: -1 }));
  show('start float', () => fs.createReadStream('/tmp/x', { start: 1.5 }));
  show('start > end', () => fs.createReadStream('/tmp/x', { start: 5, end: 2 }));
  show('end string', () => fs.createReadStream('/tmp/x', { end: 'x' }));
  show('path number', () => fs.createReadStream(42));
  show('path missing', () => fs.createReadStream());
  show('bad encoding', () => fs.createReadStream('/tmp/x', 'nope'));
  show('bad fd', () => fs.createReadStream(null, { fd: -1 }));
  show('fd string', () => fs.createReadStream(null, { fd: '3' }));
  show('write start', () => fs.createWriteStream('/tmp/x', { start: -5 }));
  show('bad options', () => fs.createWriteStream('/tmp/x', 7));
  const rs = fs.createReadStream(`${__dirname}/data/lines.txt`);
  rs.on('data', () => {});
  rs.destroy(new Error('stop here'));
  rs.on('error', (e) => console.log('destroyed with', e.message));
  rs.on('close', () => console.log('closed after destroy', rs.destroyed));
})();
