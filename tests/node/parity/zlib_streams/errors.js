// Errors as Node's: bad data ('error' with errno/code), a truncated stream, a missing
// dictionary, the one-shot forms, and the options' validation.
const zlib = require('zlib');

function streamError(label, stream, data) {
  return new Promise((resolve) => {
    stream.on('data', () => {});
    stream.on('error', (e) => {
      console.log(label, e.name, e.code, e.errno, e.message, Object.keys(e));
    });
    stream.on('close', () => { console.log(label, 'closed', stream.destroyed); resolve(); });
    stream.end(data);
  });
}

function show(label, fn) {
  try { const r = fn(); console.log(label, 'ok', r && r.length); } catch (e) { console.log(label, e.name, e.code, e.errno, e.message); }
}

(async () => {
  const gz = zlib.gzipSync('hello world, hello world');
  await streamError('garbage', zlib.createGunzip(), Buffer.from('definitely not gzip'));
  await streamError('truncated', zlib.createGunzip(), gz.subarray(0, gz.length - 6));
  await streamError('inflate of gzip', zlib.createInflate(), gz);
  await streamError('raw garbage', zlib.createInflateRaw(), Buffer.from([0xff, 0xff, 0xff, 0xff]));
  const dict = Buffer.from('hello world');
  const withDict = zlib.deflateSync('hello world hello world', { dictionary: dict });
  await streamError('no dictionary', zlib.createInflate(), withDict);
  show('with dictionary', () => zlib.inflateSync(withDict, { dictionary: dict }).toString());
  show('wrong dictionary', () => zlib.inflateSync(withDict, { dictionary: Buffer.from('other') }));
  show('gunzip garbage sync', () => zlib.gunzipSync(Buffer.from('xyz')));
  show('trailing garbage', () => zlib.gunzipSync(Buffer.concat([gz, Buffer.from('garbage')])));
  show('trailing zeros', () => zlib.gunzipSync(Buffer.concat([gz, Buffer.alloc(10)])));
  show('inflate trailing', () => zlib.inflateSync(Buffer.concat([zlib.deflateSync('abc'), Buffer.from('zzz')])));
  show('chunkSize', () => zlib.createGzip({ chunkSize: 10 }));
  show('level', () => zlib.createGzip({ level: 10 }));
  show('level type', () => zlib.createGzip({ level: '3' }));
  show('level infinite', () => zlib.createDeflate({ level: Infinity }));
  show('windowBits', () => zlib.createDeflate({ windowBits: 16 }));
  show('gzip windowBits 8', () => zlib.createGzip({ windowBits: 8 }));
  show('memLevel', () => zlib.createDeflate({ memLevel: 0 }));
  show('strategy', () => zlib.createDeflate({ strategy: 5 }));
  show('dictionary type', () => zlib.createDeflate({ dictionary: 'abc' }));
  show('flush', () => zlib.createDeflate({ flush: 6 }));
  show('maxOutputLength', () => zlib.gunzipSync(zlib.gzipSync('a'.repeat(1000)), { maxOutputLength: 100 }));
  show('bad input', () => zlib.gzipSync(42));
  for (const f of ['unzipSync', 'gunzipSync', 'inflateSync', 'inflateRawSync']) show(`${f} empty`, () => zlib[f](Buffer.alloc(0)));
  show('unzip one byte', () => zlib.unzipSync(Buffer.from([0x1f])));
  show('unzip zlib', () => zlib.unzipSync(zlib.deflateSync('via unzip')).toString());
  show('large maxOutputLength', () => zlib.gunzipSync(gz, { maxOutputLength: 2 ** 31 }).toString());
  show('maxOutputLength too large', () => zlib.gunzipSync(gz, { maxOutputLength: 2 ** 33 }));
  // One after the other: host node runs both on its thread pool, in either order.
  zlib.gunzip(Buffer.from('bad'), (err, out) => {
    console.log('callback', err.code, err.message, out);
    zlib.inflate(zlib.deflateSync('x'.repeat(5000)), { maxOutputLength: 1000 }, (err) => {
      console.log('callback cap', err.code, err.message);
      zlib.deflate('abc', { info: true }, (err, { buffer, engine }) => console.log('info', buffer.length > 0, engine instanceof zlib.Deflate));
    });
  });
})();
