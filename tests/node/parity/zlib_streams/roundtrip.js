// Compression streams piped into decompression streams: every pair, the output's
// chunk sizes (at most chunkSize), bytesWritten, and the events' order.
const zlib = require('zlib');
const text = Array.from({ length: 4000 }, (_, i) => `record ${i}: ${'abcdefghij'.slice(i % 10)}\n`).join('');
const input = Buffer.from(text);

function roundtrip(c, d, options) {
  return new Promise((resolve) => {
    const comp = zlib[c](options);
    const decomp = zlib[d](options);
    const events = [];
    const sizes = [];
    decomp.on('data', (chunk) => sizes.push(chunk.length));
    comp.on('finish', () => events.push('comp finish'));
    comp.on('end', () => events.push('comp end'));
    comp.on('close', () => events.push('comp close'));
    decomp.on('end', () => events.push('decomp end'));
    decomp.on('close', () => {
      events.push('decomp close');
      const total = sizes.reduce((a, b) => a + b, 0);
      console.log(c, d, total === input.length, 'chunks', sizes.length > 1, 'max', Math.max(...sizes),
        'in', comp.bytesWritten, 'decomp in == comp out', decomp.bytesWritten > 0 && decomp.bytesWritten < input.length);
      console.log('  ', events.join(', '));
      resolve();
    });
    comp.pipe(decomp);
    for (let i = 0; i < input.length; i += 7000) comp.write(input.subarray(i, i + 7000));
    comp.end();
  });
}

(async () => {
  await roundtrip('createGzip', 'createGunzip');
  await roundtrip('createDeflate', 'createInflate');
  await roundtrip('createDeflateRaw', 'createInflateRaw');
  await roundtrip('createGzip', 'createUnzip');
  await roundtrip('createDeflate', 'createUnzip');
  await roundtrip('createGzip', 'createGunzip', { chunkSize: 1024 });
  await roundtrip('createDeflate', 'createInflate', { level: 1, chunkSize: 64 });
  const gz = new zlib.Gzip();
  console.log(gz instanceof zlib.Gzip, gz instanceof require('stream').Transform, zlib.Gzip.name, typeof zlib.Gunzip({}).write);
  gz.end('x', () => console.log('ended cb', gz.bytesWritten));
  const collected = [];
  const inflate = zlib.createInflate();
  inflate.on('data', (d) => collected.push(d));
  inflate.on('end', () => console.log('one byte at a time:', Buffer.concat(collected).toString()));
  const packed = zlib.deflateSync('written one byte at a time');
  for (const byte of packed) inflate.write(Buffer.from([byte]));
  inflate.end();
})();
