const zlib = require('zlib');
const data = Buffer.from('abcabcabc'.repeat(1000));
const fast = zlib.deflateSync(data, { level: 1 });
const best = zlib.deflateSync(data, { level: 9 });
const none = zlib.deflateSync(data, { level: 0 });
console.log(none.length > data.length, best.length <= fast.length, zlib.inflateSync(best).equals(data));
console.log(zlib.constants.Z_BEST_COMPRESSION, zlib.Z_DEFAULT_COMPRESSION, typeof zlib.constants.Z_DATA_ERROR);
console.log(zlib.gunzipSync(Buffer.concat([zlib.gzipSync('one '), zlib.gzipSync('two')])).toString());
