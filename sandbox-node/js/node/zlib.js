// `require('zlib')`: Node's lib/zlib.js over native engines (src/ops/zlib.rs: flate2
// over zlib-rs). Each stream is a Transform whose engine is called as Node calls its
// binding: some input, a flush mode, the room left in the output chunk. The
// convenience methods (gzipSync, gzip, ...) run a stream to its end, as Node's do.
// The engine holds no output between calls: every chunk reaches JavaScript, where
// backpressure and `maxOutputLength` apply. Brotli and crc32 throw
// ERR_SANDBOX_UNSUPPORTED.
(function (exports, require, ops) {
  'use strict';

  const { op_zlib_init, op_zlib_write, op_zlib_params, op_zlib_reset, op_zlib_close } = ops;
  const { Buffer } = require('buffer');
  const {
    codes: {
      ERR_INVALID_ARG_TYPE, ERR_OUT_OF_RANGE, ERR_SANDBOX_UNSUPPORTED, ERR_BUFFER_TOO_LARGE,
    },
  } = require('internal/errors');
  const stream = () => require('internal/modules/builtins').load('stream');

  const constants = {
    Z_NO_FLUSH: 0, Z_PARTIAL_FLUSH: 1, Z_SYNC_FLUSH: 2, Z_FULL_FLUSH: 3, Z_FINISH: 4,
    Z_BLOCK: 5, Z_OK: 0, Z_STREAM_END: 1, Z_NEED_DICT: 2, Z_ERRNO: -1, Z_STREAM_ERROR: -2,
    Z_DATA_ERROR: -3, Z_MEM_ERROR: -4, Z_BUF_ERROR: -5, Z_VERSION_ERROR: -6,
    Z_NO_COMPRESSION: 0, Z_BEST_SPEED: 1, Z_BEST_COMPRESSION: 9, Z_DEFAULT_COMPRESSION: -1,
    Z_FILTERED: 1, Z_HUFFMAN_ONLY: 2, Z_RLE: 3, Z_FIXED: 4, Z_DEFAULT_STRATEGY: 0,
    ZLIB_VERNUM: 4865, DEFLATE: 1, INFLATE: 2, GZIP: 3, GUNZIP: 4, DEFLATERAW: 5,
    INFLATERAW: 6, UNZIP: 7, BROTLI_DECODE: 8, BROTLI_ENCODE: 9,
    Z_MIN_WINDOWBITS: 8, Z_MAX_WINDOWBITS: 15, Z_DEFAULT_WINDOWBITS: 15,
    Z_MIN_CHUNK: 64, Z_MAX_CHUNK: Infinity, Z_DEFAULT_CHUNK: 16384, Z_MIN_MEMLEVEL: 1,
    Z_MAX_MEMLEVEL: 9, Z_DEFAULT_MEMLEVEL: 8, Z_MIN_LEVEL: -1, Z_MAX_LEVEL: 9,
    Z_DEFAULT_LEVEL: -1,
  };
  const {
    Z_NO_FLUSH, Z_BLOCK, Z_PARTIAL_FLUSH, Z_SYNC_FLUSH, Z_FULL_FLUSH, Z_FINISH,
    DEFLATE, INFLATE, GZIP, GUNZIP, DEFLATERAW, INFLATERAW, UNZIP,
  } = constants;

  // Node's codes by zlib return value.
  const codes = {
    __proto__: null,
    2: 'Z_NEED_DICT', [-1]: 'Z_ERRNO', [-2]: 'Z_STREAM_ERROR', [-3]: 'Z_DATA_ERROR',
    [-4]: 'Z_MEM_ERROR', [-5]: 'Z_BUF_ERROR', [-6]: 'Z_VERSION_ERROR',
  };
  exports.codes = {};
  for (const [errno, code] of Object.entries(codes)) {
    exports.codes[code] = Number(errno);
    exports.codes[errno] = code;
  }
  exports.codes.Z_OK = 0;
  exports.codes.Z_STREAM_END = 1;
  exports.codes[0] = 'Z_OK';
  exports.codes[1] = 'Z_STREAM_END';
  Object.freeze(exports.codes);

  // Node's bound for `maxOutputLength` (buffer.kMaxLength), and the sandbox's own:
  // the convenience methods gather their output in memory, so it stops at 256 MiB
  // whatever larger limit the program sets.
  const kMaxLength = 2 ** 32;
  const kSandboxMaxOutput = 256 * 1024 * 1024;
  // What one op_zlib_write may produce (its `availOut` bound in src/ops/zlib.rs).
  const kSandboxMaxChunk = 64 * 1024 * 1024;

  // flush: order of "flushiness", for the last chunk's flush (Node's maxFlush).
  const flushiness = [];
  [Z_NO_FLUSH, Z_BLOCK, Z_PARTIAL_FLUSH, Z_SYNC_FLUSH, Z_FULL_FLUSH, Z_FINISH]
    .forEach((flag, i) => { flushiness[flag] = i; });
  const maxFlush = (a, b) => (flushiness[a] > flushiness[b] ? a : b);

  // An empty chunk carrying a flush mode from flush() to _transform.
  const kFlushFlag = Symbol('kFlushFlag');
  const kFlushBuffers = [];
  for (const flag of [Z_NO_FLUSH, Z_PARTIAL_FLUSH, Z_SYNC_FLUSH, Z_FULL_FLUSH, Z_FINISH, Z_BLOCK]) {
    kFlushBuffers[flag] = Buffer.alloc(0);
    kFlushBuffers[flag][kFlushFlag] = flag;
  }

  const kError = Symbol('kError');
  const kId = Symbol('kId');

  // A stream dropped without being closed frees its engine when it is collected.
  let registry;
  function track(handle) {
    registry ??= new FinalizationRegistry((id) => op_zlib_close(id));
    registry.register(handle, handle[kId], handle);
  }

  // The engine of one stream, in the shape of Node's binding handle.
  class Handle {
    constructor(mode, level, windowBits, dictionary) {
      const id = op_zlib_init(mode, level, windowBits, dictionary ?? null);
      if (id < 0) {
        const err = new Error('Initialization failed');
        err.code = 'ERR_ZLIB_INITIALIZATION_FAILED';
        throw err;
      }
      this[kId] = id;
      track(this);
    }
    // [availInAfter, output] or throws nothing: a zlib error is reported to onerror.
    write(flush, input, inOff, inLen, availOut) {
      const r = op_zlib_write(this[kId], flush, input, inOff, inLen, availOut);
      if (typeof r[1] === 'string') {
        this.onerror(r[1], r[0]);
        return null;
      }
      return r;
    }
    params(level) { op_zlib_params(this[kId], level); }
    reset() { op_zlib_reset(this[kId]); }
    close() {
      op_zlib_close(this[kId]);
      registry.unregister(this);
    }
  }

  function zlibError(message, errno) {
    const error = new Error(message);
    error.errno = errno;
    error.code = codes[errno];
    return error;
  }

  function onErrorHandler(message, errno) {
    const self = this.owner;
    const error = zlibError(message, errno);
    self.destroy(error);
    self[kError] = error;
  }

  function validateFiniteNumber(number, name) {
    if (number === undefined) return false;
    if (Number.isFinite(number)) return true;
    if (Number.isNaN(number)) return false;
    if (typeof number !== 'number') throw new ERR_INVALID_ARG_TYPE(name, 'of type number', number);
    throw new ERR_OUT_OF_RANGE(name, 'a finite number', number);
  }

  function checkRangesOrGetDefault(number, name, lower, upper, def) {
    if (!validateFiniteNumber(number, name)) return def;
    if (number < lower || number > upper) {
      throw new ERR_OUT_OF_RANGE(name, `>= ${lower} and <= ${upper}`, number);
    }
    return number;
  }

  function ZlibBase(opts, mode, handle, { flush, finishFlush, fullFlush }) {
    let chunkSize = constants.Z_DEFAULT_CHUNK;
    let maxOutputLength = kSandboxMaxOutput;
    if (opts) {
      chunkSize = opts.chunkSize;
      if (!validateFiniteNumber(chunkSize, 'options.chunkSize')) {
        chunkSize = constants.Z_DEFAULT_CHUNK;
      } else if (chunkSize < constants.Z_MIN_CHUNK) {
        throw new ERR_OUT_OF_RANGE('options.chunkSize', `>= ${constants.Z_MIN_CHUNK}`, chunkSize);
      }
      // The engine fills at most kSandboxMaxChunk per call (src/ops/zlib.rs): a larger
      // chunk would look finished with room left, and the rest of the output be lost.
      chunkSize = Math.min(chunkSize, kSandboxMaxChunk);
      flush = checkRangesOrGetDefault(opts.flush, 'options.flush', Z_NO_FLUSH, Z_BLOCK, flush);
      finishFlush = checkRangesOrGetDefault(opts.finishFlush, 'options.finishFlush', Z_NO_FLUSH, Z_BLOCK, finishFlush);
      maxOutputLength = checkRangesOrGetDefault(opts.maxOutputLength, 'options.maxOutputLength', 1, kMaxLength, kMaxLength);
      maxOutputLength = Math.min(maxOutputLength, kSandboxMaxOutput);
      if (opts.encoding || opts.objectMode || opts.writableObjectMode) {
        opts = { ...opts, encoding: null, objectMode: false, writableObjectMode: false };
      }
    }
    Reflect.apply(stream().Transform, this, [{ autoDestroy: true, ...opts }]);
    this[kError] = null;
    this.bytesWritten = 0;
    this._handle = handle;
    handle.owner = this;
    handle.onerror = onErrorHandler;
    this._outOffset = 0;
    this._chunkSize = chunkSize;
    this._defaultFlushFlag = flush;
    this._finishFlushFlag = finishFlush;
    this._defaultFullFlushFlag = fullFlush;
    this._info = opts && opts.info;
    this._maxOutputLength = maxOutputLength;
  }

  function processChunkSync(self, chunk, flushFlag) {
    let availInBefore = chunk.byteLength;
    let availOutBefore = self._chunkSize - self._outOffset;
    let inOff = 0;
    const buffers = [];
    let nread = 0;
    let inputRead = 0;
    const handle = self._handle;
    let error;
    self.on('error', (er) => { error = er; });
    for (;;) {
      const r = handle.write(flushFlag, chunk, inOff, availInBefore, availOutBefore);
      if (error) throw error;
      else if (self[kError]) throw self[kError];
      const [availInAfter, out] = r;
      const inDelta = availInBefore - availInAfter;
      inputRead += inDelta;
      const have = out.length;
      if (have > 0) {
        buffers.push(Buffer.from(out.buffer, out.byteOffset, have));
        nread += have;
        if (nread > self._maxOutputLength) {
          _close(self);
          throw new ERR_BUFFER_TOO_LARGE(self._maxOutputLength);
        }
      }
      const availOutAfter = availOutBefore - have;
      self._outOffset += have;
      if (availOutAfter === 0 || self._outOffset >= self._chunkSize) {
        availOutBefore = self._chunkSize;
        self._outOffset = 0;
      } else {
        availOutBefore = availOutAfter;
      }
      if (availOutAfter === 0) {
        // The chunk filled: there may be more.
        inOff += inDelta;
        availInBefore = availInAfter;
      } else {
        break;
      }
    }
    self.bytesWritten = inputRead;
    _close(self);
    if (nread === 0) return Buffer.alloc(0);
    return buffers.length === 1 ? buffers[0] : Buffer.concat(buffers, nread);
  }

  // The work happens at once; its completion comes from the check phase, as Node's
  // comes from the thread pool.
  function processChunk(self, chunk, flushFlag, cb) {
    const handle = self._handle;
    if (!handle) {
      process.nextTick(cb);
      return;
    }
    handle.buffer = chunk;
    handle.cb = cb;
    handle.availOutBefore = self._chunkSize - self._outOffset;
    handle.availInBefore = chunk.byteLength;
    handle.inOff = 0;
    handle.flushFlag = flushFlag;
    writeLater(handle);
  }

  function writeLater(handle) {
    const r = handle.write(handle.flushFlag, handle.buffer, handle.inOff, handle.availInBefore, handle.availOutBefore);
    if (r === null) return;
    setImmediate(processCallback, handle, r);
  }

  function processCallback(handle, [availInAfter, out]) {
    const self = handle.owner;
    if (self.destroyed) {
      handle.buffer = null;
      handle.cb();
      return;
    }
    const inDelta = handle.availInBefore - availInAfter;
    self.bytesWritten += inDelta;
    const have = out.length;
    const availOutAfter = handle.availOutBefore - have;
    let streamBufferIsFull = false;
    if (have > 0) {
      self._outOffset += have;
      streamBufferIsFull = !self.push(Buffer.from(out.buffer, out.byteOffset, have));
    }
    if (self.destroyed) {
      handle.cb();
      return;
    }
    if (availOutAfter === 0 || self._outOffset >= self._chunkSize) {
      handle.availOutBefore = self._chunkSize;
      self._outOffset = 0;
    } else {
      handle.availOutBefore = availOutAfter;
    }
    if (availOutAfter === 0) {
      // Not done: more output may come from this input. Wait for the reader when its
      // buffer is full (backpressure: nothing more is produced until then).
      handle.inOff += inDelta;
      handle.availInBefore = availInAfter;
      if (!streamBufferIsFull) {
        writeLater(handle);
      } else {
        const oldRead = self._read;
        self._read = (n) => {
          self._read = oldRead;
          writeLater(handle);
          self._read(n);
        };
      }
      return;
    }
    if (availInAfter > 0) {
      // Input left while output room remains: the compressed stream ended early.
      self.push(null);
    }
    handle.buffer = null;
    handle.cb();
  }

  function _close(engine) {
    if (!engine._handle) return;
    engine._handle.close();
    engine._handle = null;
  }

  const zlibDefaultOpts = { flush: Z_NO_FLUSH, finishFlush: Z_FINISH, fullFlush: Z_FULL_FLUSH };

  function Zlib(opts, mode) {
    let windowBits = constants.Z_DEFAULT_WINDOWBITS;
    let level = constants.Z_DEFAULT_COMPRESSION;
    let strategy = constants.Z_DEFAULT_STRATEGY;
    let dictionary;
    if (opts) {
      // 0 is valid for the decompressors: the window the stream's header names.
      if ((opts.windowBits == null || opts.windowBits === 0) &&
          (mode === INFLATE || mode === GUNZIP || mode === UNZIP)) {
        windowBits = 0;
      } else {
        const min = constants.Z_MIN_WINDOWBITS + (mode === GZIP ? 1 : 0);
        windowBits = checkRangesOrGetDefault(opts.windowBits, 'options.windowBits', min,
          constants.Z_MAX_WINDOWBITS, constants.Z_DEFAULT_WINDOWBITS);
      }
      level = checkRangesOrGetDefault(opts.level, 'options.level', constants.Z_MIN_LEVEL,
        constants.Z_MAX_LEVEL, constants.Z_DEFAULT_COMPRESSION);
      checkRangesOrGetDefault(opts.memLevel, 'options.memLevel', constants.Z_MIN_MEMLEVEL,
        constants.Z_MAX_MEMLEVEL, constants.Z_DEFAULT_MEMLEVEL);
      strategy = checkRangesOrGetDefault(opts.strategy, 'options.strategy',
        constants.Z_DEFAULT_STRATEGY, constants.Z_FIXED, constants.Z_DEFAULT_STRATEGY);
      dictionary = opts.dictionary;
      if (dictionary !== undefined && !ArrayBuffer.isView(dictionary)) {
        if (dictionary instanceof ArrayBuffer || dictionary instanceof SharedArrayBuffer) {
          dictionary = Buffer.from(dictionary);
        } else {
          throw new ERR_INVALID_ARG_TYPE('options.dictionary',
            'an instance of Buffer, TypedArray, DataView, or ArrayBuffer', dictionary);
        }
      }
    }
    const handle = new Handle(mode, level, windowBits, dictionary);
    Reflect.apply(ZlibBase, this, [opts, mode, handle, zlibDefaultOpts]);
    this._level = level;
    this._strategy = strategy;
  }

  const classes = {};
  for (const [name, mode] of [['Deflate', DEFLATE], ['Inflate', INFLATE], ['Gzip', GZIP],
    ['Gunzip', GUNZIP], ['DeflateRaw', DEFLATERAW], ['InflateRaw', INFLATERAW], ['Unzip', UNZIP]]) {
    // Named functions callable without `new`, as Node's.
    const ctor = {
      // eslint-disable-next-line object-shorthand
      [name]: function (opts) {
        if (!(this instanceof ctor)) return new ctor(opts);
        Reflect.apply(Zlib, this, [opts, mode]);
        return undefined;
      },
    }[name];
    classes[name] = ctor;
  }

  // The prototypes are wired on first use: the stream module is loaded lazily.
  let wired = false;
  function wire() {
    if (wired) return;
    wired = true;
    const { Transform, finished } = stream();
    Object.setPrototypeOf(ZlibBase.prototype, Transform.prototype);
    Object.setPrototypeOf(ZlibBase, Transform);
    Object.setPrototypeOf(Zlib.prototype, ZlibBase.prototype);
    Object.setPrototypeOf(Zlib, ZlibBase);
    for (const ctor of Object.values(classes)) {
      Object.setPrototypeOf(ctor.prototype, Zlib.prototype);
      Object.setPrototypeOf(ctor, Zlib);
    }
    Object.defineProperty(ZlibBase.prototype, '_closed', {
      get() { return !this._handle; }, configurable: true, enumerable: true,
    });
    ZlibBase.prototype.reset = function reset() {
      if (!this._handle) throw new Error('zlib binding closed');
      return this._handle.reset();
    };
    ZlibBase.prototype._flush = function _flush(callback) {
      this._transform(Buffer.alloc(0), '', callback);
    };
    ZlibBase.prototype._final = function _final(callback) {
      callback();
    };
    ZlibBase.prototype.flush = function flush(kind, callback) {
      if (typeof kind === 'function' || (kind === undefined && !callback)) {
        callback = kind;
        kind = this._defaultFullFlushFlag;
      }
      if (this.writableFinished) {
        if (callback) process.nextTick(callback);
      } else if (this.writableEnded) {
        if (callback) this.once('end', callback);
      } else {
        this.write(kFlushBuffers[kind], '', callback);
      }
    };
    ZlibBase.prototype.close = function close(callback) {
      if (callback) finished(this, callback);
      this.destroy();
    };
    ZlibBase.prototype._destroy = function _destroy(err, callback) {
      _close(this);
      callback(err);
    };
    ZlibBase.prototype._transform = function _transform(chunk, encoding, cb) {
      let flushFlag = this._defaultFlushFlag;
      if (typeof chunk[kFlushFlag] === 'number') flushFlag = chunk[kFlushFlag];
      // The last chunk also finishes the stream.
      if (this.writableEnded && this.writableLength === chunk.byteLength) {
        flushFlag = maxFlush(flushFlag, this._finishFlushFlag);
      }
      processChunk(this, chunk, flushFlag, cb);
    };
    ZlibBase.prototype._processChunk = function _processChunk(chunk, flushFlag, cb) {
      if (typeof cb === 'function') return processChunk(this, chunk, flushFlag, cb);
      return processChunkSync(this, chunk, flushFlag);
    };
    Zlib.prototype.params = function params(level, strategy, callback) {
      checkRangesOrGetDefault(level, 'level', constants.Z_MIN_LEVEL, constants.Z_MAX_LEVEL);
      checkRangesOrGetDefault(strategy, 'strategy', constants.Z_DEFAULT_STRATEGY, constants.Z_FIXED);
      if (this._level !== level || this._strategy !== strategy) {
        this.flush(Z_SYNC_FLUSH, () => {
          if (!this._handle) throw new Error('zlib binding closed');
          this._handle.params(level, strategy);
          if (!this.destroyed) {
            this._level = level;
            this._strategy = strategy;
            if (callback) callback();
          }
        });
      } else {
        process.nextTick(callback);
      }
    };
  }

  function toInput(buffer) {
    if (typeof buffer === 'string') return Buffer.from(buffer);
    if (ArrayBuffer.isView(buffer)) {
      return buffer instanceof Uint8Array ? buffer : Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    }
    if (buffer instanceof ArrayBuffer || buffer instanceof SharedArrayBuffer) return Buffer.from(buffer);
    throw new ERR_INVALID_ARG_TYPE('buffer',
      'of type string or an instance of Buffer, TypedArray, DataView, or ArrayBuffer', buffer);
  }

  function zlibBufferSync(engine, buffer) {
    buffer = processChunkSync(engine, toInput(buffer), engine._finishFlushFlag);
    return engine._info ? { buffer, engine } : buffer;
  }

  function zlibBuffer(engine, buffer, callback) {
    if (typeof callback !== 'function') throw new ERR_INVALID_ARG_TYPE('callback', 'of type function', callback);
    if (ArrayBuffer.isView(buffer) && !(buffer instanceof Uint8Array)) {
      buffer = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    } else if (buffer instanceof ArrayBuffer || buffer instanceof SharedArrayBuffer) {
      buffer = Buffer.from(buffer);
    }
    engine.buffers = null;
    engine.nread = 0;
    engine.cb = callback;
    engine.on('data', zlibBufferOnData);
    engine.on('error', zlibBufferOnError);
    engine.on('end', zlibBufferOnEnd);
    engine.end(buffer);
  }

  function zlibBufferOnData(chunk) {
    if (!this.buffers) this.buffers = [chunk];
    else this.buffers.push(chunk);
    this.nread += chunk.length;
    if (this.nread > this._maxOutputLength) {
      this.close();
      this.removeAllListeners('end');
      this.cb(new ERR_BUFFER_TOO_LARGE(this._maxOutputLength));
    }
  }

  function zlibBufferOnError(err) {
    this.removeAllListeners('end');
    this.cb(err);
  }

  function zlibBufferOnEnd() {
    let buf;
    if (this.nread === 0) buf = Buffer.alloc(0);
    else buf = this.buffers.length === 1 ? this.buffers[0] : Buffer.concat(this.buffers, this.nread);
    this.close();
    if (this._info) this.cb(null, { buffer: buf, engine: this });
    else this.cb(null, buf);
  }

  const lower = (name) => name[0].toLowerCase() + name.slice(1);
  for (const [name, ctor] of Object.entries(classes)) {
    Object.defineProperty(exports, name, {
      get() { wire(); return ctor; }, enumerable: true, configurable: true,
    });
    exports[`create${name}`] = (options) => {
      wire();
      return new ctor(options);
    };
    exports[`${lower(name)}Sync`] = (buffer, opts) => {
      wire();
      return zlibBufferSync(new ctor(opts), buffer);
    };
    const method = (buffer, opts, callback) => {
      if (typeof opts === 'function') {
        callback = opts;
        opts = {};
      }
      wire();
      return zlibBuffer(new ctor(opts), buffer, callback);
    };
    Object.defineProperty(method, 'name', { value: lower(name) });
    exports[lower(name)] = method;
  }

  for (const name of ['createBrotliCompress', 'createBrotliDecompress', 'brotliCompress',
    'brotliCompressSync', 'brotliDecompress', 'brotliDecompressSync', 'crc32',
    'BrotliCompress', 'BrotliDecompress']) {
    exports[name] = () => { throw new ERR_SANDBOX_UNSUPPORTED(`zlib.${name}()`); };
  }
  exports.constants = Object.freeze({ ...constants });
  // The legacy names on the module itself (deprecated in Node, still there).
  for (const [key, value] of Object.entries(constants)) {
    if (!key.startsWith('BROTLI')) {
      Object.defineProperty(exports, key, { value, enumerable: false, writable: false });
    }
  }
})
