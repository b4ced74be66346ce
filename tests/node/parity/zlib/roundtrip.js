const zlib = require('zlib');
const input = Buffer.from('hello hello hello hello zlib '.repeat(20));
for (const [c, d] of [['gzipSync', 'gunzipSync'], ['deflateSync', 'inflateSync'], ['deflateRawSync', 'inflateRawSync'], ['gzipSync', 'unzipSync'], ['deflateSync', 'unzipSync']]) {
  const packed = zlib[c](input);
  console.log(c, d, packed.length < input.length, zlib[d](packed).equals(input));
}
console.log(zlib.deflateSync('abc').toString('base64'), zlib.deflateRawSync('abc').toString('hex'));
console.log(zlib.inflateSync(Buffer.from('eJxLTEoGAAJNASc=', 'base64')).toString());
try { zlib.inflateSync(Buffer.from('not compressed')); } catch (e) { console.log(e.code, e.errno, e.message); }
try { zlib.gunzipSync(zlib.gzipSync('x').subarray(0, 10)); } catch (e) { console.log(e.code, e.message); }
zlib.gzip('async', (err, out) => zlib.gunzip(out, (err2, back) => {
  console.log('callback', err, err2, back.toString());
  require('util').promisify(zlib.deflate)('promised').then((o) => console.log('promise', zlib.inflateSync(o).toString()));
}));
