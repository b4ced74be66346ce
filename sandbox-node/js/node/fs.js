// `require('fs')`: the first slice, `readFileSync` and `writeFileSync`, through the
// kernel. Errors are Node's: `err.code`, `err.errno` (negative), `err.syscall`,
// `err.path`, and the message `CODE: libuv text, syscall 'path'`.
(function (exports, require, ops) {
  'use strict';

  const { op_fs_read_file_sync, op_fs_write_file_sync } = ops;
  const { Buffer, normalizeEncoding } = require('buffer');
  const {
    uvException,
    errnoInfo,
    codes: { ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE, ERR_SANDBOX_UNSUPPORTED },
  } = require('internal/errors');

  // Linux open(2) flags.
  const constants = {
    O_RDONLY: 0, O_WRONLY: 1, O_RDWR: 2,
    O_CREAT: 0o100, O_EXCL: 0o200, O_NOCTTY: 0o400, O_TRUNC: 0o1000, O_APPEND: 0o2000,
    O_DIRECTORY: 0o200000, O_NOFOLLOW: 0o400000, O_SYNC: 0o4010000, O_DSYNC: 0o10000,
    O_NONBLOCK: 0o4000,
    F_OK: 0, R_OK: 4, W_OK: 2, X_OK: 1,
  };
  const O_CLOEXEC = 0o2000000;
  const { O_RDONLY, O_WRONLY, O_RDWR, O_CREAT, O_EXCL, O_TRUNC, O_APPEND, O_SYNC } = constants;

  // Node's stringToFlags.
  function stringToFlags(flags, name = 'flags') {
    if (typeof flags === 'number') return flags;
    if (flags == null) return O_RDONLY;
    switch (flags) {
      case 'r': return O_RDONLY;
      case 'rs': case 'sr': return O_RDONLY | O_SYNC;
      case 'r+': return O_RDWR;
      case 'rs+': case 'sr+': return O_RDWR | O_SYNC;
      case 'w': return O_TRUNC | O_CREAT | O_WRONLY;
      case 'wx': case 'xw': return O_TRUNC | O_CREAT | O_WRONLY | O_EXCL;
      case 'w+': return O_TRUNC | O_CREAT | O_RDWR;
      case 'wx+': case 'xw+': return O_TRUNC | O_CREAT | O_RDWR | O_EXCL;
      case 'a': return O_APPEND | O_CREAT | O_WRONLY;
      case 'ax': case 'xa': return O_APPEND | O_CREAT | O_WRONLY | O_EXCL;
      case 'as': case 'sa': return O_APPEND | O_CREAT | O_WRONLY | O_SYNC;
      case 'a+': return O_APPEND | O_CREAT | O_RDWR;
      case 'ax+': case 'xa+': return O_APPEND | O_CREAT | O_RDWR | O_EXCL;
      case 'as+': case 'sa+': return O_APPEND | O_CREAT | O_RDWR | O_SYNC;
    }
    throw new ERR_INVALID_ARG_VALUE(name, flags);
  }

  function getOptions(options, defaults) {
    if (options == null || typeof options === 'function') return defaults;
    let merged;
    if (typeof options === 'string') {
      merged = { ...defaults, encoding: options };
    } else if (typeof options === 'object') {
      merged = { ...defaults, ...options };
    } else {
      throw new ERR_INVALID_ARG_TYPE('options', 'one of type string or an instance of Object', options);
    }
    if (merged.encoding !== undefined && merged.encoding !== null && merged.encoding !== 'buffer' &&
        normalizeEncoding(merged.encoding) === undefined) {
      throw new ERR_INVALID_ARG_VALUE('encoding', merged.encoding, 'is invalid encoding');
    }
    return merged;
  }

  // A path as the kernel takes it: a string or bytes; `file:` URLs become their path.
  function toPath(path, name = 'path') {
    if (typeof path === 'string') {
      if (path.includes('\u0000')) {
        throw new ERR_INVALID_ARG_VALUE(name, path, 'must be a string, Uint8Array, or URL without null bytes');
      }
      return path;
    }
    if (path instanceof Uint8Array) return path;
    if (path !== null && typeof path === 'object' && path.href !== undefined &&
        path.protocol === 'file:') {
      return decodeURIComponent(path.pathname);
    }
    throw new ERR_INVALID_ARG_TYPE(name, 'of type string or an instance of Buffer or URL', path);
  }

  // How a path appears in an error message.
  function shown(path) {
    return typeof path === 'string' ? path : Buffer.from(path).toString();
  }

  function readFileSync(path, options) {
    options = getOptions(options, { flag: 'r' });
    if ((path | 0) === path) {
      throw new ERR_SANDBOX_UNSUPPORTED('fs.readFileSync() on a file descriptor');
    }
    path = toPath(path);
    if (stringToFlags(options.flag, 'flag') !== O_RDONLY) {
      throw new ERR_SANDBOX_UNSUPPORTED(`fs.readFileSync() with flag '${options.flag}'`);
    }
    const encoding = options.encoding == null || options.encoding === 'buffer' ?
      undefined : normalizeEncoding(options.encoding);
    const result = op_fs_read_file_sync(path, encoding === 'utf8');
    if (typeof result === 'number') {
      // Node opens a directory fine and fails in read(2), which names no path.
      if (errnoInfo(result)[0] === 'EISDIR') throw uvException(result, 'read');
      throw uvException(result, 'open', shown(path));
    }
    if (encoding === 'utf8') return result;
    const buffer = new Buffer(result.buffer, result.byteOffset, result.length);
    return encoding === undefined ? buffer : buffer.toString(encoding);
  }

  function writeFileSync(path, data, options) {
    options = getOptions(options, { encoding: 'utf8', mode: 0o666, flag: 'w' });
    if ((path | 0) === path) {
      throw new ERR_SANDBOX_UNSUPPORTED('fs.writeFileSync() on a file descriptor');
    }
    path = toPath(path);
    if (typeof data === 'string') {
      const encoding = normalizeEncoding(options.encoding);
      if (encoding !== 'utf8') data = Buffer.from(data, encoding);
    } else if (!ArrayBuffer.isView(data)) {
      throw new ERR_INVALID_ARG_TYPE('data',
        'of type string or an instance of Buffer, TypedArray, or DataView', data);
    }
    const flags = stringToFlags(options.flag, 'flag') | O_CLOEXEC;
    const mode = typeof options.mode === 'string' ? Number.parseInt(options.mode, 8) : options.mode;
    const failed = op_fs_write_file_sync(path, data, flags, mode >>> 0);
    if (failed !== undefined) {
      const [errno, syscall] = failed;
      throw syscall === 'open' ? uvException(errno, syscall, shown(path)) : uvException(errno, syscall);
    }
  }

  exports.readFileSync = readFileSync;
  exports.writeFileSync = writeFileSync;
  exports.constants = constants;
})
