// flush() makes what was written so far decompressible; params() changes the level
// mid-stream; reset(); close(); backpressure keeps a decompression in chunks.
const zlib = require('zlib');

(async () => {
  const deflate = zlib.createDeflate();
  const out = [];
  deflate.on('data', (d) => out.push(d));
  deflate.write('first part, ');
  await new Promise((r) => deflate.flush(r));
  const sofar = zlib.inflateSync(Buffer.concat(out), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
  console.log('after flush', JSON.stringify(sofar.toString()));
  await new Promise((r) => deflate.params(9, zlib.constants.Z_DEFAULT_STRATEGY, r));
  console.log('params set', deflate._level);
  deflate.write('second part at level 9');
  await new Promise((r) => deflate.flush(zlib.constants.Z_SYNC_FLUSH, r));
  deflate.end();
  await new Promise((r) => deflate.on('end', r));
  console.log('all', zlib.inflateSync(Buffer.concat(out)).toString());
  deflate.flush(() => console.log('flush after end'));

  try { deflate.params(42, 0, () => {}); } catch (e) { console.log(e.code, e.message); }

  const gz = zlib.createGzip();
  gz.close(() => console.log('closed', gz._closed, gz.destroyed));

  // 8 MiB of zeros, read slowly: never more than a chunk produced per step.
  const bomb = zlib.gzipSync(Buffer.alloc(8 * 1024 * 1024));
  const gunzip = zlib.createGunzip();
  let chunks = 0;
  let max = 0;
  let total = 0;
  gunzip.on('readable', () => {
    let chunk;
    while ((chunk = gunzip.read()) !== null) {
      chunks++;
      max = Math.max(max, chunk.length);
      total += chunk.length;
    }
  });
  gunzip.on('end', () => console.log('bomb', total, 'chunks', chunks > 100, 'max chunk <= 64KiB', max <= 65536, 'in', gunzip.bytesWritten === bomb.length));
  gunzip.end(bomb);

  const unzip = zlib.createUnzip();
  const parts = [];
  unzip.on('data', (d) => parts.push(d.toString()));
  unzip.on('end', () => console.log('multi-member', parts.join('')));
  unzip.end(Buffer.concat([zlib.gzipSync('one,'), zlib.gzipSync('two,'), zlib.gzipSync('three')]));
})();
