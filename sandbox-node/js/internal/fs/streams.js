// fs.ReadStream and fs.WriteStream: Node's lib/internal/fs/streams.js over the vendored
// readable-stream Readable/Writable and the callback fs calls (or `options.fs`, or a
// FileHandle's methods), so the events, their order and the errors are Node's: the
// open happens in `_construct` ('open' then 'ready'; a failed open is the stream's
// 'error'), reads and writes at `pos` when `start` is given, the descriptor closed by
// `_destroy` once no read or write is in flight.
(function (exports, require) {
  'use strict';

  const { Buffer } = require('buffer');
  const {
    codes: {
      ERR_INVALID_ARG_TYPE, ERR_OUT_OF_RANGE, ERR_METHOD_NOT_IMPLEMENTED, ERR_STREAM_DESTROYED,
      ERR_SYSTEM_ERROR,
    },
  } = require('internal/errors');

  const kIoDone = Symbol('kIoDone');
  const kIsPerformingIO = Symbol('kIsPerformingIO');
  const kFs = Symbol('kFs');
  const kHandle = Symbol('kHandle');

  const stream = () => require('internal/modules/builtins').load('stream');
  const fsInternal = () => require.internal('fs');

  function validateFunction(value, name) {
    if (typeof value !== 'function') throw new ERR_INVALID_ARG_TYPE(name, 'of type function', value);
  }

  function validateInteger(value, name, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER) {
    if (typeof value !== 'number') throw new ERR_INVALID_ARG_TYPE(name, 'of type number', value);
    if (!Number.isInteger(value)) throw new ERR_OUT_OF_RANGE(name, 'an integer', value);
    if (value < min || value > max) throw new ERR_OUT_OF_RANGE(name, `>= ${min} && <= ${max}`, value);
  }

  function getValidatedFd(fd) {
    if (Object.is(fd, -0)) return 0;
    validateInteger(fd, 'fd', 0, 2147483647);
    return fd;
  }

  // A FileHandle's methods in the shape of the callback fs calls.
  function fileHandleOperations(handle) {
    return {
      open() { throw new ERR_METHOD_NOT_IMPLEMENTED('open()'); },
      close(fd, cb) { handle.close().then(() => cb(), cb); },
      read(fd, buf, offset, length, pos, cb) {
        handle.read(buf, offset, length, pos).then((r) => cb(null, r.bytesRead, r.buffer), (err) => cb(err, 0, buf));
      },
      write(fd, buf, offset, length, pos, cb) {
        handle.write(buf, offset, length, pos).then((r) => cb(null, r.bytesWritten, r.buffer), (err) => cb(err, 0, buf));
      },
    };
  }

  function importFd(s, options) {
    if (typeof options.fd === 'number') {
      // A raw descriptor: nothing tells the stream if someone else closes it.
      s[kFs] = options.fs || require('fs');
      return options.fd;
    }
    if (typeof options.fd === 'object' && options.fd instanceof fsInternal().FileHandle) {
      if (options.fs) throw new ERR_METHOD_NOT_IMPLEMENTED('FileHandle with fs');
      s[kHandle] = options.fd;
      s[kFs] = fileHandleOperations(options.fd);
      options.fd.on('close', s.close.bind(s));
      return options.fd.fd;
    }
    throw new ERR_INVALID_ARG_TYPE('options.fd', 'of type number or an instance of FileHandle', options.fd);
  }

  // Both kinds open the same way. The path stays as the program gave it (`s.path`).
  function construct(callback) {
    const s = this;
    if (typeof s.fd === 'number') {
      callback();
      return;
    }
    s[kFs].open(s.path, s.flags, s.mode, (er, fd) => {
      if (er) {
        callback(er);
      } else {
        s.fd = fd;
        callback();
        s.emit('open', s.fd);
        s.emit('ready');
      }
    });
  }

  // A descriptor must not be closed under a read or write in flight: wait for it.
  function destroy(err, cb) {
    if (this[kIsPerformingIO]) this.once(kIoDone, (er) => close(this, err || er, cb));
    else close(this, err, cb);
  }

  function close(s, err, cb) {
    // Node's test: descriptor 0 is never closed by a stream.
    if (!s.fd) {
      cb(err);
      return;
    }
    s[kFs].close(s.fd, (er) => cb(er || err));
    s.fd = null;
  }

  function setUp(s, path, options, defaultFlags) {
    if (options.fd == null) {
      s.fd = null;
      s[kFs] = options.fs || require('fs');
      validateFunction(s[kFs].open, 'options.fs.open');
      s.path = fsInternal().toPathIfFileURL(path);
      s.flags = options.flags === undefined ? defaultFlags : options.flags;
      s.mode = options.mode === undefined ? 0o666 : options.mode;
      fsInternal().toPath(s.path);
    } else {
      s.fd = getValidatedFd(importFd(s, options));
    }
    options.autoDestroy = options.autoClose === undefined ? true : options.autoClose;
  }

  function ReadStream(path, options) {
    if (!(this instanceof ReadStream)) return new ReadStream(path, options);
    options = { ...fsInternal().getOptions(options, {}) };
    if (options.highWaterMark === undefined) options.highWaterMark = 64 * 1024;
    if (options.autoDestroy === undefined) options.autoDestroy = false;
    setUp(this, path, options, 'r');
    validateFunction(this[kFs].read, 'options.fs.read');
    if (options.autoDestroy) validateFunction(this[kFs].close, 'options.fs.close');
    this.start = options.start;
    this.end = options.end ?? Infinity;
    this.pos = undefined;
    this.bytesRead = 0;
    this[kIsPerformingIO] = false;
    if (this.start !== undefined) {
      validateInteger(this.start, 'start', 0);
      this.pos = this.start;
    }
    if (this.end !== Infinity) {
      validateInteger(this.end, 'end', 0);
      if (this.start !== undefined && this.start > this.end) {
        throw new ERR_OUT_OF_RANGE('start', `<= "end" (here: ${this.end})`, this.start);
      }
    }
    Reflect.apply(stream().Readable, this, [options]);
  }

  function WriteStream(path, options) {
    if (!(this instanceof WriteStream)) return new WriteStream(path, options);
    options = { ...fsInternal().getOptions(options, {}) };
    // Strings become bytes before _write.
    options.decodeStrings = true;
    setUp(this, path, options, 'w');
    validateFunction(this[kFs].write, 'options.fs.write');
    if (options.autoDestroy) validateFunction(this[kFs].close, 'options.fs.close');
    this.start = options.start;
    this.pos = undefined;
    this.bytesWritten = 0;
    this[kIsPerformingIO] = false;
    if (this.start !== undefined) {
      validateInteger(this.start, 'start', 0);
      this.pos = this.start;
    }
    Reflect.apply(stream().Writable, this, [options]);
    if (options.encoding) this.setDefaultEncoding(options.encoding);
  }

  // The prototypes are wired on first use: the stream module is loaded lazily.
  let wired = false;
  function wire() {
    if (wired) return;
    wired = true;
    const { Readable, Writable, finished } = stream();
    Object.setPrototypeOf(ReadStream.prototype, Readable.prototype);
    Object.setPrototypeOf(ReadStream, Readable);
    Object.setPrototypeOf(WriteStream.prototype, Writable.prototype);
    Object.setPrototypeOf(WriteStream, Writable);

    for (const [Ctor, state] of [[ReadStream, '_readableState'], [WriteStream, '_writableState']]) {
      Object.defineProperty(Ctor.prototype, 'autoClose', {
        get() { return this[state].autoDestroy; },
        set(val) { this[state].autoDestroy = val; },
        configurable: true,
      });
      Object.defineProperty(Ctor.prototype, 'pending', {
        get() { return this.fd === null; },
        configurable: true,
      });
      Ctor.prototype._construct = construct;
      Ctor.prototype._destroy = destroy;
    }

    ReadStream.prototype._read = function _read(n) {
      n = this.pos !== undefined ?
        Math.min(this.end - this.pos + 1, n) :
        Math.min(this.end - this.bytesRead + 1, n);
      if (n <= 0) {
        this.push(null);
        return;
      }
      const buf = Buffer.allocUnsafeSlow(n);
      this[kIsPerformingIO] = true;
      this[kFs].read(this.fd, buf, 0, n, this.pos, (er, bytesRead, data) => {
        this[kIsPerformingIO] = false;
        // Tell ._destroy() that it is safe to close the descriptor now.
        if (this.destroyed) {
          this.emit(kIoDone, er);
          return;
        }
        if (er) {
          this.destroy(er);
        } else if (bytesRead > 0) {
          if (this.pos !== undefined) this.pos += bytesRead;
          this.bytesRead += bytesRead;
          let out = data;
          if (bytesRead !== data.length) {
            // Keep only what was read, not the whole allocation.
            out = Buffer.allocUnsafeSlow(bytesRead);
            data.copy(out, 0, 0, bytesRead);
          }
          this.push(out);
        } else {
          this.push(null);
        }
      });
    };

    ReadStream.prototype.close = function close(cb) {
      if (typeof cb === 'function') finished(this, cb);
      this.destroy();
    };

    function writeAll(data, size, pos, cb, retries = 0) {
      this[kFs].write(this.fd, data, 0, size, pos, (er, bytesWritten, buffer) => {
        if (er?.code === 'EAGAIN') {
          er = null;
          bytesWritten = 0;
        }
        if (this.destroyed || er) {
          cb(er || new ERR_STREAM_DESTROYED('write'));
          return;
        }
        this.bytesWritten += bytesWritten;
        retries = bytesWritten ? 0 : retries + 1;
        size -= bytesWritten;
        pos += bytesWritten;
        // A write that makes no progress five times over is a failure.
        if (retries > 5) cb(new ERR_SYSTEM_ERROR('write failed'));
        else if (size) writeAll.call(this, buffer.slice(bytesWritten), size, pos, cb, retries);
        else cb();
      });
    }

    WriteStream.prototype._write = function _write(data, encoding, cb) {
      this[kIsPerformingIO] = true;
      writeAll.call(this, data, data.length, this.pos, (er) => {
        this[kIsPerformingIO] = false;
        if (this.destroyed) {
          cb(er);
          this.emit(kIoDone, er);
          return;
        }
        cb(er);
      });
      if (this.pos !== undefined) this.pos += data.length;
    };

    WriteStream.prototype.close = function close(cb) {
      if (cb) {
        if (this.closed) {
          process.nextTick(cb);
          return;
        }
        this.on('close', cb);
      }
      // Without autoClose the descriptor is closed once everything is written.
      if (!this.autoClose) this.on('finish', this.destroy);
      // end(), not destroy(): what was written before close() still reaches the file.
      this.end();
    };
    WriteStream.prototype.destroySoon = WriteStream.prototype.end;
  }

  // The classes themselves, wired before the first use.
  Object.defineProperty(exports, 'ReadStream', {
    get() { wire(); return ReadStream; }, enumerable: true, configurable: true,
  });
  Object.defineProperty(exports, 'WriteStream', {
    get() { wire(); return WriteStream; }, enumerable: true, configurable: true,
  });
})
