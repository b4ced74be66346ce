// A stream given an AbortSignal is destroyed with an AbortError when it aborts.
const fs = require('fs');
const file = '/tmp/parity-fs-streams-signal.txt';
fs.writeFileSync(file, 'x'.repeat(200000));

const ac = new AbortController();
const rs = fs.createReadStream(file, { signal: ac.signal, highWaterMark: 1000 });
let chunks = 0;
rs.on('data', () => { if (++chunks === 3) ac.abort(); });
rs.on('error', (e) => console.log('read error', e.name, e.code, chunks));
rs.on('close', () => {
  console.log('read closed', rs.destroyed, rs.bytesRead);
  const ws = fs.createWriteStream(file, { signal: AbortSignal.abort() });
  ws.on('error', (e) => console.log('write error', e.name, e.code));
  ws.on('close', () => console.log('write closed', ws.destroyed, fs.statSync(file).size));
});
