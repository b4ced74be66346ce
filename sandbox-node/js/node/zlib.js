// `require('zlib')`: gzip, deflate (zlib format), raw deflate and unzip, synchronous,
// callback and promisified, compressed and decompressed in one piece by flate2
// (src/ops/zlib.rs); decompression stops at 256 MiB or `maxOutputLength`. Streaming classes (createGzip, ...) and brotli are not provided:
// they throw ERR_SANDBOX_UNSUPPORTED.
(function (exports, require, ops) {
  'use strict';

  const { op_zlib } = ops;
  const { Buffer } = require('buffer');
  const { codes: { ERR_INVALID_ARG_TYPE, ERR_SANDBOX_UNSUPPORTED } } = require('internal/errors');

  function toBytes(buffer) {
    if (typeof buffer === 'string') return Buffer.from(buffer);
    if (ArrayBuffer.isView(buffer)) return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    if (buffer instanceof ArrayBuffer) return new Uint8Array(buffer);
    throw new ERR_INVALID_ARG_TYPE('buffer', 'of type string or an instance of Buffer, TypedArray, DataView, or ArrayBuffer', buffer);
  }

  // Node's errors for bad input: "incorrect header check" (Z_DATA_ERROR, -3) and
  // "unexpected end of file" (Z_BUF_ERROR, -5).
  function zlibError(message) {
    const truncated = message === 'unexpected end of file';
    const err = new Error(truncated ? 'unexpected end of file' : 'incorrect header check');
    err.errno = truncated ? -5 : -3;
    err.code = truncated ? 'Z_BUF_ERROR' : 'Z_DATA_ERROR';
    return err;
  }

  // Decompressed output is capped at 256 MiB unless `maxOutputLength` is smaller
  // (src/ops/zlib.rs): Node's ERR_BUFFER_TOO_LARGE beyond it.
  const kMaxOutput = 256 * 1024 * 1024;

  function run(mode, buffer, options) {
    const level = options?.level ?? -1;
    const max = options?.maxOutputLength ?? kMaxOutput;
    const result = op_zlib(mode, toBytes(buffer), level, max);
    if (Array.isArray(result)) {
      if (result[0] === 'too large') {
        const { codes: { ERR_BUFFER_TOO_LARGE } } = require('internal/errors');
        throw new ERR_BUFFER_TOO_LARGE(Math.min(max, kMaxOutput));
      }
      throw zlibError(result[0]);
    }
    return Buffer.from(result.buffer, result.byteOffset, result.length);
  }

  for (const mode of ['gzip', 'gunzip', 'deflate', 'inflate', 'deflateRaw', 'inflateRaw', 'unzip']) {
    exports[`${mode}Sync`] = (buffer, options) => run(mode, buffer, options);
    exports[mode] = (buffer, options, callback) => {
      if (typeof options === 'function') {
        callback = options;
        options = {};
      }
      if (typeof callback !== 'function') throw new ERR_INVALID_ARG_TYPE('callback', 'of type function', callback);
      let result;
      let error = null;
      try {
        result = run(mode, buffer, options);
      } catch (err) {
        error = err;
      }
      require('process').nextTick(() => (error ? callback(error) : callback(null, result)));
    };
  }
  for (const name of ['createGzip', 'createGunzip', 'createDeflate', 'createInflate',
    'createDeflateRaw', 'createInflateRaw', 'createUnzip', 'createBrotliCompress',
    'createBrotliDecompress', 'brotliCompress', 'brotliCompressSync', 'brotliDecompress',
    'brotliDecompressSync', 'crc32']) {
    exports[name] = () => { throw new ERR_SANDBOX_UNSUPPORTED(`zlib.${name}()`); };
  }
  exports.constants = {
    Z_NO_FLUSH: 0, Z_PARTIAL_FLUSH: 1, Z_SYNC_FLUSH: 2, Z_FULL_FLUSH: 3, Z_FINISH: 4,
    Z_BLOCK: 5, Z_OK: 0, Z_STREAM_END: 1, Z_NEED_DICT: 2, Z_ERRNO: -1, Z_STREAM_ERROR: -2,
    Z_DATA_ERROR: -3, Z_MEM_ERROR: -4, Z_BUF_ERROR: -5, Z_VERSION_ERROR: -6,
    Z_NO_COMPRESSION: 0, Z_BEST_SPEED: 1, Z_BEST_COMPRESSION: 9, Z_DEFAULT_COMPRESSION: -1,
    Z_FILTERED: 1, Z_HUFFMAN_ONLY: 2, Z_RLE: 3, Z_FIXED: 4, Z_DEFAULT_STRATEGY: 0,
  };
  Object.assign(exports, exports.constants);
})
