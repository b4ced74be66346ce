// `require('fs')`, through the kernel: the synchronous calls, their callback forms and
// `fs.promises` (with FileHandle). Errors are Node's: `err.code`, `err.errno`
// (negative), `err.syscall`, `err.path`/`err.dest`, and the message
// `CODE: libuv text, syscall 'path'`. Every call is a synchronous kernel request; the
// callback and promise forms complete it at once and deliver the result from the
// event loop's check phase (setImmediate), as an I/O completion would arrive.
// Streams are internal/fs/streams (Node's ReadStream/WriteStream over these calls).
// Watching (watch, watchFile) and lchmod are not provided: they throw
// ERR_SANDBOX_UNSUPPORTED, never a silent no-op.
(function (exports, require, ops, info, module) {
  'use strict';

  const {
    op_fs_read_file_sync, op_fs_write_file_sync, op_fs_stat_sync, op_fs_fstat_sync,
    op_fs_open_sync, op_fs_close_sync, op_fs_read_sync, op_fs_write_sync, op_fs_ftruncate_sync,
    op_fs_fsync_sync, op_fs_mkdir_sync, op_fs_unlink_sync, op_fs_rmdir_sync, op_fs_rename_sync,
    op_fs_link_sync, op_fs_symlink_sync, op_fs_readlink_sync, op_fs_utimes_sync,
    op_fs_readdir_sync, op_fs_chmod_sync, op_fs_fchmod_sync, op_fs_chown_sync, op_fs_fchown_sync,
  } = ops;
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
      throw new ERR_INVALID_ARG_TYPE('options', 'one of type string or object', options);
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
      // A descriptor: read from its offset to the end.
      const chunks = [];
      for (;;) {
        const bytes = check(op_fs_read_sync(path, 65536, -1), 'read');
        if (bytes.length === 0) break;
        chunks.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
      }
      const buf = Buffer.concat(chunks);
      const enc = options.encoding == null || options.encoding === 'buffer' ? undefined : normalizeEncoding(options.encoding);
      return enc === undefined ? buf : buf.toString(enc);
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
      const buf = typeof data === 'string' ? Buffer.from(data, normalizeEncoding(options.encoding)) : data;
      let off = 0;
      while (off < buf.byteLength) off += writeSync(path, buf, off, buf.byteLength - off);
      return;
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

  // --- the rest of the synchronous API -------------------------------------------

  function check(result, syscall, path, dest) {
    if (typeof result === 'number' && result < 0) {
      throw uvException(result, syscall, path === undefined ? undefined : shown(path),
        dest === undefined ? undefined : shown(dest));
    }
    return result;
  }

  function validateFd(fd) {
    if (typeof fd !== 'number') throw new ERR_INVALID_ARG_TYPE('fd', 'of type number', fd);
    if (!Number.isInteger(fd) || fd < 0 || fd > 2147483647) {
      const { codes: { ERR_OUT_OF_RANGE } } = require('internal/errors');
      throw new ERR_OUT_OF_RANGE('fd', '>= 0 && <= 2147483647', fd);
    }
  }

  const S_IFMT = 0o170000;
  const S_IFREG = 0o100000;
  const S_IFDIR = 0o040000;
  const S_IFLNK = 0o120000;
  const S_IFCHR = 0o020000;
  const S_IFBLK = 0o060000;
  const S_IFIFO = 0o010000;
  const S_IFSOCK = 0o140000;
  Object.assign(constants, {
    S_IFMT, S_IFREG, S_IFDIR, S_IFLNK, S_IFCHR, S_IFBLK, S_IFIFO, S_IFSOCK,
    S_IRWXU: 0o700, S_IRUSR: 0o400, S_IWUSR: 0o200, S_IXUSR: 0o100,
    S_IRWXG: 0o70, S_IRGRP: 0o40, S_IWGRP: 0o20, S_IXGRP: 0o10,
    S_IRWXO: 0o7, S_IROTH: 0o4, S_IWOTH: 0o2, S_IXOTH: 0o1,
    UV_FS_COPYFILE_EXCL: 1, COPYFILE_EXCL: 1, UV_FS_COPYFILE_FICLONE: 2, COPYFILE_FICLONE: 2,
    UV_FS_COPYFILE_FICLONE_FORCE: 4, COPYFILE_FICLONE_FORCE: 4,
    UV_DIRENT_UNKNOWN: 0, UV_DIRENT_FILE: 1, UV_DIRENT_DIR: 2, UV_DIRENT_LINK: 3,
    UV_DIRENT_FIFO: 4, UV_DIRENT_SOCKET: 5, UV_DIRENT_CHAR: 6, UV_DIRENT_BLOCK: 7,
  });

  function msFromParts(s, ns) {
    return s * 1e3 + ns / 1e6;
  }

  class StatsBase {
    isDirectory() { return (this.mode & S_IFMT) === S_IFDIR; }
    isFile() { return (this.mode & S_IFMT) === S_IFREG; }
    isBlockDevice() { return (this.mode & S_IFMT) === S_IFBLK; }
    isCharacterDevice() { return (this.mode & S_IFMT) === S_IFCHR; }
    isSymbolicLink() { return (this.mode & S_IFMT) === S_IFLNK; }
    isFIFO() { return (this.mode & S_IFMT) === S_IFIFO; }
    isSocket() { return (this.mode & S_IFMT) === S_IFSOCK; }
  }

  // [dev, mode, nlink, uid, gid, rdev, blksize, ino, size, blocks, atime s, ns, mtime s,
  // ns, ctime s, ns] from src/ops/fs.rs. The kernel keeps no birth time: ctime stands
  // in for it (as Linux reports for file systems without one).
  class Stats extends StatsBase {
    constructor(a) {
      super();
      this.dev = a[0];
      this.mode = a[1];
      this.nlink = a[2];
      this.uid = a[3];
      this.gid = a[4];
      this.rdev = a[5];
      this.blksize = a[6];
      this.ino = a[7];
      this.size = a[8];
      this.blocks = a[9];
      this.atimeMs = msFromParts(a[10], a[11]);
      this.mtimeMs = msFromParts(a[12], a[13]);
      this.ctimeMs = msFromParts(a[14], a[15]);
      this.birthtimeMs = this.ctimeMs;
      this.atime = new Date(this.atimeMs);
      this.mtime = new Date(this.mtimeMs);
      this.ctime = new Date(this.ctimeMs);
      this.birthtime = new Date(this.birthtimeMs);
    }
  }

  class BigIntStats extends StatsBase {
    constructor(a) {
      super();
      const big = (n) => BigInt(Math.trunc(n));
      this.dev = big(a[0]);
      this.mode = big(a[1]);
      this.nlink = big(a[2]);
      this.uid = big(a[3]);
      this.gid = big(a[4]);
      this.rdev = big(a[5]);
      this.blksize = big(a[6]);
      this.ino = big(a[7]);
      this.size = big(a[8]);
      this.blocks = big(a[9]);
      const ns = (s, n) => big(s) * 1000000000n + big(n);
      this.atimeNs = ns(a[10], a[11]);
      this.mtimeNs = ns(a[12], a[13]);
      this.ctimeNs = ns(a[14], a[15]);
      this.birthtimeNs = this.ctimeNs;
      this.atimeMs = this.atimeNs / 1000000n;
      this.mtimeMs = this.mtimeNs / 1000000n;
      this.ctimeMs = this.ctimeNs / 1000000n;
      this.birthtimeMs = this.birthtimeNs / 1000000n;
      this.atime = new Date(Number(this.atimeMs));
      this.mtime = new Date(Number(this.mtimeMs));
      this.ctime = new Date(Number(this.ctimeMs));
      this.birthtime = new Date(Number(this.birthtimeMs));
    }
    isDirectory() { return (Number(this.mode) & S_IFMT) === S_IFDIR; }
    isFile() { return (Number(this.mode) & S_IFMT) === S_IFREG; }
    isSymbolicLink() { return (Number(this.mode) & S_IFMT) === S_IFLNK; }
  }

  function makeStats(a, options) {
    return options?.bigint ? new BigIntStats(a) : new Stats(a);
  }

  function statLike(path, follow, options, syscall) {
    path = toPath(path);
    const result = op_fs_stat_sync(path, follow);
    if (typeof result === 'number') {
      if (options?.throwIfNoEntry === false && errnoInfo(result)[0] === 'ENOENT') return undefined;
      check(result, syscall, path);
    }
    return makeStats(result, options);
  }

  function statSync(path, options) {
    return statLike(path, true, options, 'stat');
  }

  function lstatSync(path, options) {
    return statLike(path, false, options, 'lstat');
  }

  function fstatSync(fd, options) {
    validateFd(fd);
    return makeStats(check(op_fs_fstat_sync(fd), 'fstat'), options);
  }

  function existsSync(path) {
    try {
      path = toPath(path);
    } catch {
      return false;
    }
    return typeof op_fs_stat_sync(path, true) !== 'number';
  }

  function accessSync(path, mode = constants.F_OK) {
    path = toPath(path);
    const st = check(op_fs_stat_sync(path, true), 'access', path);
    // The kernel decides: a read or write check is an open of that kind (no side
    // effect: no O_CREAT, no O_TRUNC); execute is the mode bits.
    const tryOpen = (flags) => {
      const fd = op_fs_open_sync(path, flags | O_CLOEXEC, 0);
      if (fd < 0) throw uvException(fd, 'access', shown(path));
      op_fs_close_sync(fd);
    };
    const isDir = (st[1] & S_IFMT) === S_IFDIR;
    if (mode & constants.R_OK) tryOpen(isDir ? constants.O_DIRECTORY : O_RDONLY);
    if ((mode & constants.W_OK) && !isDir) tryOpen(O_WRONLY);
    if ((mode & constants.X_OK) && (st[1] & 0o111) === 0) {
      throw uvException(-13, 'access', shown(path));
    }
  }

  function openSync(path, flags, mode) {
    path = toPath(path);
    const f = stringToFlags(flags ?? 'r') | O_CLOEXEC;
    mode = mode === undefined || mode === null ? 0o666 : typeof mode === 'string' ? parseInt(mode, 8) : mode;
    return check(op_fs_open_sync(path, f, mode), 'open', path);
  }

  function closeSync(fd) {
    validateFd(fd);
    check(op_fs_close_sync(fd), 'close');
  }

  // readSync(fd, buffer, offset, length, position) or (fd, buffer, { offset, length, position }).
  function readSync(fd, buffer, offsetOrOptions, length, position) {
    validateFd(fd);
    if (!ArrayBuffer.isView(buffer)) {
      throw new ERR_INVALID_ARG_TYPE('buffer', 'an instance of Buffer, TypedArray, or DataView', buffer);
    }
    let offset = offsetOrOptions;
    if (offset !== null && typeof offset === 'object') {
      ({ offset = 0, length = buffer.byteLength - offset, position = null } = offset);
    }
    offset ??= 0;
    length ??= buffer.byteLength - offset;
    const { codes: { ERR_OUT_OF_RANGE } } = require('internal/errors');
    if (!Number.isInteger(offset) || offset < 0 || offset > buffer.byteLength) {
      throw new ERR_OUT_OF_RANGE('offset', `>= 0 && <= ${buffer.byteLength}`, offset);
    }
    if (!Number.isInteger(length) || length < 0 || length > buffer.byteLength - offset) {
      throw new ERR_OUT_OF_RANGE('length', `>= 0 && <= ${buffer.byteLength - offset}`, length);
    }
    if (length === 0) return 0;
    const pos = typeof position === 'number' && position >= 0 ? position :
      typeof position === 'bigint' ? Number(position) : -1;
    const bytes = check(op_fs_read_sync(fd, length, pos), 'read');
    new Uint8Array(buffer.buffer, buffer.byteOffset + offset, bytes.length).set(bytes);
    return bytes.length;
  }

  function writeSync(fd, buffer, offsetOrOptions, length, position) {
    validateFd(fd);
    let data;
    let pos = -1;
    if (typeof buffer === 'string') {
      // writeSync(fd, string[, position[, encoding]])
      if (typeof offsetOrOptions === 'number') pos = offsetOrOptions;
      data = Buffer.from(buffer, typeof length === 'string' ? length : 'utf8');
    } else if (ArrayBuffer.isView(buffer)) {
      let offset = offsetOrOptions;
      if (offset !== null && typeof offset === 'object') {
        ({ offset = 0, length = buffer.byteLength - offset, position = null } = offset);
      }
      offset ??= 0;
      length ??= buffer.byteLength - offset;
      if (typeof position === 'number' && position >= 0) pos = position;
      data = new Uint8Array(buffer.buffer, buffer.byteOffset + offset, length);
    } else {
      throw new ERR_INVALID_ARG_TYPE('buffer', 'of type string or an instance of Buffer, TypedArray, or DataView', buffer);
    }
    return check(op_fs_write_sync(fd, data, pos), 'write');
  }

  function ftruncateSync(fd, len = 0) {
    validateFd(fd);
    check(op_fs_ftruncate_sync(fd, len), 'ftruncate');
  }

  function truncateSync(path, len = 0) {
    if (typeof path === 'number') return ftruncateSync(path, len);
    const fd = openSync(path, 'r+');
    try {
      ftruncateSync(fd, len);
    } finally {
      closeSync(fd);
    }
    return undefined;
  }

  function fsyncSync(fd) {
    validateFd(fd);
    check(op_fs_fsync_sync(fd), 'fsync');
  }

  function parseMode(mode, def) {
    if (mode === undefined || mode === null) return def;
    if (typeof mode === 'string') return parseInt(mode, 8);
    return mode;
  }

  // mkdirSync(path, { recursive, mode }): with `recursive`, the first directory made
  // (or undefined when all existed).
  function mkdirSync(path, options) {
    let mode = 0o777;
    let recursive = false;
    if (typeof options === 'number' || typeof options === 'string') {
      mode = parseMode(options, 0o777);
    } else if (options) {
      recursive = Boolean(options.recursive);
      mode = parseMode(options.mode, 0o777);
    }
    path = toPath(path);
    if (!recursive) {
      check(op_fs_mkdir_sync(path, mode), 'mkdir', path);
      return undefined;
    }
    const p = shown(path);
    const absolute = require('path').resolve(p);
    const parts = absolute.split('/').filter(Boolean);
    let first;
    let current = '';
    for (const part of parts) {
      current += `/${part}`;
      const r = op_fs_mkdir_sync(current, mode);
      if (typeof r === 'number' && r < 0) {
        const [code] = errnoInfo(r);
        if (code === 'EEXIST') {
          const st = op_fs_stat_sync(current, true);
          if (typeof st !== 'number' && (st[1] & S_IFMT) === S_IFDIR) continue;
          throw uvException(typeof st === 'number' ? st : -17, 'mkdir', p);
        }
        throw uvException(r, 'mkdir', p);
      }
      first ??= current;
    }
    return first;
  }

  function readdirSync(path, options) {
    options = getOptions(options, {});
    path = toPath(path);
    const list = check(op_fs_readdir_sync(path), 'scandir', path);
    const entries = [];
    for (let i = 0; i < list.length; i += 2) entries.push([list[i], list[i + 1]]);
    const dir = shown(path);
    if (options.recursive) {
      const out = [];
      const walk = (base, rel) => {
        const here = check(op_fs_readdir_sync(base), 'scandir', base);
        const items = [];
        for (let i = 0; i < here.length; i += 2) items.push([here[i], here[i + 1]]);
        for (const [name, type] of items) {
          const relName = rel ? `${rel}/${name}` : name;
          out.push(options.withFileTypes ? new Dirent(name, type, rel ? `${dir}/${rel}` : dir) : relName);
          if (type === constants.UV_DIRENT_DIR) walk(`${base}/${name}`, relName);
        }
      };
      walk(dir, '');
      return out;
    }
    if (options.withFileTypes) return entries.map(([name, type]) => new Dirent(name, type, dir));
    const names = entries.map(([name]) => name);
    if (options.encoding === 'buffer') return names.map((n) => Buffer.from(n));
    return names;
  }

  const kType = Symbol('type');
  class Dirent {
    constructor(name, type, path) {
      this.name = name;
      this.parentPath = path;
      this.path = path;
      this[kType] = type;
    }
    isDirectory() { return this[kType] === constants.UV_DIRENT_DIR; }
    isFile() { return this[kType] === constants.UV_DIRENT_FILE; }
    isBlockDevice() { return this[kType] === constants.UV_DIRENT_BLOCK; }
    isCharacterDevice() { return this[kType] === constants.UV_DIRENT_CHAR; }
    isSymbolicLink() { return this[kType] === constants.UV_DIRENT_LINK; }
    isFIFO() { return this[kType] === constants.UV_DIRENT_FIFO; }
    isSocket() { return this[kType] === constants.UV_DIRENT_SOCKET; }
  }

  function unlinkSync(path) {
    path = toPath(path);
    check(op_fs_unlink_sync(path), 'unlink', path);
  }

  function rmdirSync(path, options) {
    path = toPath(path);
    if (options?.recursive) return rmSync(path, { recursive: true, force: false });
    check(op_fs_rmdir_sync(path), 'rmdir', path);
    return undefined;
  }

  function rmSync(path, options) {
    path = toPath(path);
    const recursive = Boolean(options?.recursive);
    const force = Boolean(options?.force);
    const st = op_fs_stat_sync(path, false);
    if (typeof st === 'number') {
      if (force && errnoInfo(st)[0] === 'ENOENT') return;
      throw uvException(st, 'rm', shown(path));
    }
    if ((st[1] & S_IFMT) === S_IFDIR) {
      if (!recursive) {
        const { codes: { ERR_FS_EISDIR } } = require('internal/errors');
        throw new ERR_FS_EISDIR({ code: 'EISDIR', message: 'is a directory', path: shown(path), syscall: 'rm', errno: 21 });
      }
      const list = check(op_fs_readdir_sync(path), 'scandir', path);
      for (let i = 0; i < list.length; i += 2) rmSync(`${shown(path)}/${list[i]}`, { recursive, force });
      check(op_fs_rmdir_sync(path), 'rmdir', path);
    } else {
      check(op_fs_unlink_sync(path), 'unlink', path);
    }
  }

  function renameSync(oldPath, newPath) {
    oldPath = toPath(oldPath, 'oldPath');
    newPath = toPath(newPath, 'newPath');
    check(op_fs_rename_sync(oldPath, newPath), 'rename', oldPath, newPath);
  }

  function linkSync(existingPath, newPath) {
    existingPath = toPath(existingPath, 'existingPath');
    newPath = toPath(newPath, 'newPath');
    check(op_fs_link_sync(existingPath, newPath), 'link', existingPath, newPath);
  }

  function symlinkSync(target, path) {
    target = toPath(target, 'target');
    path = toPath(path);
    check(op_fs_symlink_sync(target, path), 'symlink', target, path);
  }

  function readlinkSync(path, options) {
    path = toPath(path);
    const target = check(op_fs_readlink_sync(path), 'readlink', path);
    return options?.encoding === 'buffer' || options === 'buffer' ? Buffer.from(target) : target;
  }

  // realpathSync: each component resolved with lstat/readlink, as Node's JavaScript
  // realpath does (errors name `lstat`).
  function realpathSync(path, options) {
    path = shown(toPath(path));
    const pathModule = require('path');
    let resolved = pathModule.resolve(path);
    for (let hops = 0; ; hops++) {
      const parts = resolved.split('/').filter(Boolean);
      let current = '';
      let changed = false;
      for (let i = 0; i < parts.length; i++) {
        const next = `${current}/${parts[i]}`;
        const st = check(op_fs_stat_sync(next, false), 'lstat', next);
        if ((st[1] & S_IFMT) === S_IFLNK) {
          if (hops > 40) throw uvException(-40, 'realpath', path);
          const target = check(op_fs_readlink_sync(next), 'readlink', next);
          resolved = pathModule.resolve(current || '/', target, ...parts.slice(i + 1));
          changed = true;
          break;
        }
        current = next;
      }
      if (!changed) {
        const out = current || '/';
        return options?.encoding === 'buffer' || options === 'buffer' ? Buffer.from(out) : out;
      }
    }
  }
  // The native form is the kernel's realpath(3) (errors name `realpath`).
  realpathSync.native = function realpathSyncNative(path, options) {
    path = shown(toPath(path));
    const out = check(ops.op_fs_realpath_sync(path), 'realpath', path);
    return options?.encoding === 'buffer' || options === 'buffer' ? Buffer.from(out) : out;
  };

  function toTimeNs(t) {
    if (t instanceof Date) return t.getTime() * 1e6;
    if (typeof t === 'string' && t !== '' && !Number.isNaN(Number(t))) t = Number(t);
    if (typeof t === 'number') return Math.round(t * 1e9);
    throw new ERR_INVALID_ARG_TYPE('time', 'of type number or an instance of Date', t);
  }

  function utimesSync(path, atime, mtime) {
    path = toPath(path);
    check(op_fs_utimes_sync(path, toTimeNs(atime), toTimeNs(mtime), true), 'utime', path);
  }

  function lutimesSync(path, atime, mtime) {
    path = toPath(path);
    check(op_fs_utimes_sync(path, toTimeNs(atime), toTimeNs(mtime), false), 'lutime', path);
  }

  function appendFileSync(path, data, options) {
    options = getOptions(options, { encoding: 'utf8', mode: 0o666, flag: 'a' });
    if (!options.flag || options.flag === 'w') options = { ...options, flag: 'a' };
    writeFileSync(path, data, options);
  }

  function copyFileSync(src, dest, mode = 0) {
    src = toPath(src, 'src');
    dest = toPath(dest, 'dest');
    const data = op_fs_read_file_sync(src, false);
    if (typeof data === 'number') throw uvException(data, 'copyfile', shown(src), shown(dest));
    const flags = (mode & constants.COPYFILE_EXCL) ? 'wx' : 'w';
    const failed = op_fs_write_file_sync(dest, data, stringToFlags(flags) | O_CLOEXEC, 0o666);
    if (failed !== undefined) throw uvException(failed[0], 'copyfile', shown(src), shown(dest));
  }

  function mkdtempSync(prefix, options) {
    const chars = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
    const bytes = require('crypto').randomBytes(6);
    let suffix = '';
    for (const b of bytes) suffix += chars[b % chars.length];
    const path = `${prefix}${suffix}`;
    check(op_fs_mkdir_sync(path, 0o700), 'mkdtemp', `${prefix}XXXXXX`);
    return path;
  }

  function modeArg(mode) {
    const m = parseMode(mode, undefined);
    if (typeof m !== 'number' || !Number.isInteger(m) || m < 0 || m > 0o7777777) {
      if (typeof mode !== 'number' && typeof mode !== 'string') {
        throw new ERR_INVALID_ARG_TYPE('mode', 'of type number', mode);
      }
      throw new ERR_INVALID_ARG_VALUE('mode', mode, 'must be a 32-bit unsigned integer or an octal string');
    }
    return m & 0o7777;
  }

  function idArg(id, name) {
    if (typeof id !== 'number') throw new ERR_INVALID_ARG_TYPE(name, 'of type number', id);
    if (!Number.isInteger(id) || id < -1 || id > 4294967295) {
      const { codes: { ERR_OUT_OF_RANGE } } = require('internal/errors');
      throw new ERR_OUT_OF_RANGE(name, '>= -1 && <= 4294967295', id);
    }
    return id;
  }

  function chmodSync(path, mode) {
    path = toPath(path);
    check(op_fs_chmod_sync(path, modeArg(mode)), 'chmod', path);
  }

  function fchmodSync(fd, mode) {
    validateFd(fd);
    check(op_fs_fchmod_sync(fd, modeArg(mode)), 'fchmod');
  }

  function chownSync(path, uid, gid) {
    path = toPath(path);
    check(op_fs_chown_sync(path, idArg(uid, 'uid'), idArg(gid, 'gid'), true), 'chown', path);
  }

  function lchownSync(path, uid, gid) {
    path = toPath(path);
    check(op_fs_chown_sync(path, idArg(uid, 'uid'), idArg(gid, 'gid'), false), 'lchown', path);
  }

  function fchownSync(fd, uid, gid) {
    validateFd(fd);
    check(op_fs_fchown_sync(fd, idArg(uid, 'uid'), idArg(gid, 'gid')), 'fchown');
  }

  function unsupported(name) {
    return () => { throw new ERR_SANDBOX_UNSUPPORTED(`fs.${name}()`); };
  }

  // --- callbacks and promises --------------------------------------------------------

  function later(fn) {
    require('timers').setImmediate(fn);
  }

  function callbackify(syncFn, name) {
    return function (...args) {
      // Node takes the last argument after the path as the callback.
      const callback = args.length > 1 ? args.pop() : undefined;
      if (typeof callback !== 'function') {
        throw new ERR_INVALID_ARG_TYPE('cb', 'of type function', callback);
      }
      let result;
      let error = null;
      try {
        result = syncFn(...args);
      } catch (err) {
        // Argument errors throw at once, as in Node; system errors go to the callback.
        if (typeof err.errno !== 'number' && err.code !== 'ERR_FS_EISDIR') throw err;
        error = err;
      }
      later(() => (error ? callback(error) : callback(null, result)));
    };
  }

  function promisified(syncFn) {
    return (...args) => new Promise((resolve, reject) => {
      let result;
      try {
        result = syncFn(...args);
      } catch (err) {
        later(() => reject(err));
        return;
      }
      later(() => resolve(result));
    });
  }

  const syncApi = {
    readFile: readFileSync, writeFile: writeFileSync, appendFile: appendFileSync,
    stat: statSync, lstat: lstatSync, fstat: fstatSync, access: accessSync, open: openSync,
    close: closeSync, ftruncate: ftruncateSync, truncate: truncateSync, fsync: fsyncSync,
    fdatasync: fsyncSync, mkdir: mkdirSync, readdir: readdirSync, unlink: unlinkSync,
    rmdir: rmdirSync, rm: rmSync, rename: renameSync, link: linkSync, symlink: symlinkSync,
    readlink: readlinkSync, realpath: realpathSync, utimes: utimesSync, lutimes: lutimesSync,
    copyFile: copyFileSync, mkdtemp: mkdtempSync, chmod: chmodSync, fchmod: fchmodSync,
    chown: chownSync, lchown: lchownSync, fchown: fchownSync,
  };

  for (const [name, fn] of Object.entries(syncApi)) {
    exports[`${name}Sync`] = fn;
    exports[name] = callbackify(fn, name);
  }
  exports.realpath.native = callbackify(realpathSync.native, 'realpath');
  exports.existsSync = existsSync;
  exports.exists = function exists(path, callback) {
    const result = existsSync(path);
    later(() => callback(result));
  };
  exports.read = function read(fd, buffer, offset, length, position, callback) {
    if (typeof buffer === 'function') {
      callback = buffer;
      buffer = Buffer.alloc(16384);
      offset = 0;
      length = buffer.length;
      position = null;
    } else if (typeof offset === 'function') {
      callback = offset;
      offset = undefined;
    } else if (typeof length === 'function') {
      callback = length;
      length = undefined;
    } else if (typeof position === 'function') {
      callback = position;
      position = null;
    }
    let n;
    let error = null;
    try {
      n = readSync(fd, buffer, offset, length, position);
    } catch (err) {
      if (typeof err.errno !== 'number') throw err;
      error = err;
    }
    later(() => (error ? callback(error) : callback(null, n, buffer)));
  };
  exports.readSync = readSync;
  exports.write = function write(fd, buffer, ...rest) {
    const callback = rest.pop();
    let n;
    let error = null;
    try {
      n = writeSync(fd, buffer, ...rest);
    } catch (err) {
      if (typeof err.errno !== 'number') throw err;
      error = err;
    }
    later(() => (error ? callback(error) : callback(null, n, buffer)));
  };
  exports.writeSync = writeSync;
  exports.createReadStream = function createReadStream(path, options) {
    return new (require('internal/fs/streams').ReadStream)(path, options);
  };
  exports.createWriteStream = function createWriteStream(path, options) {
    return new (require('internal/fs/streams').WriteStream)(path, options);
  };
  for (const [name, cls] of [['ReadStream', 'ReadStream'], ['WriteStream', 'WriteStream'],
    ['FileReadStream', 'ReadStream'], ['FileWriteStream', 'WriteStream']]) {
    Object.defineProperty(exports, name, {
      get() { return require('internal/fs/streams')[cls]; },
      set(value) { Object.defineProperty(exports, name, { value, writable: true, configurable: true, enumerable: true }); },
      enumerable: true, configurable: true,
    });
  }
  for (const name of ['lchmod', 'watch',
    'watchFile', 'unwatchFile', 'cp', 'cpSync',
    'opendir', 'opendirSync', 'statfs', 'statfsSync', 'futimes', 'futimesSync', 'readv',
    'readvSync', 'writev', 'writevSync', 'openAsBlob', 'glob', 'globSync']) {
    exports[name] = unsupported(name);
  }
  exports.lchmodSync = unsupported('lchmodSync');

  // fs.promises and FileHandle.
  // An EventEmitter, as Node's: 'close' once its descriptor is closed (a stream made
  // from it listens).
  class FileHandle extends require('events') {
    #fd;
    constructor(fd) {
      super();
      this.#fd = fd;
    }
    get fd() { return this.#fd; }
    async read(buffer, offset, length, position) {
      if (buffer === undefined || (buffer !== null && !ArrayBuffer.isView(buffer) && typeof buffer === 'object')) {
        const opts = buffer ?? {};
        buffer = opts.buffer ?? Buffer.alloc(16384);
        offset = opts.offset;
        length = opts.length;
        position = opts.position;
      }
      const bytesRead = readSync(this.#fd, buffer, offset, length, position);
      return { bytesRead, buffer };
    }
    async write(buffer, ...rest) {
      const bytesWritten = writeSync(this.#fd, buffer, ...rest);
      return { bytesWritten, buffer };
    }
    async readFile(options) {
      const chunks = [];
      for (;;) {
        const bytes = check(op_fs_read_sync(this.#fd, 65536, -1), 'read');
        if (bytes.length === 0) break;
        chunks.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
      }
      const buf = Buffer.concat(chunks);
      const encoding = typeof options === 'string' ? options : options?.encoding;
      return encoding ? buf.toString(encoding) : buf;
    }
    async writeFile(data, options) {
      const encoding = typeof options === 'string' ? options : options?.encoding ?? 'utf8';
      const buf = typeof data === 'string' ? Buffer.from(data, encoding) : data;
      let off = 0;
      while (off < buf.length) off += writeSync(this.#fd, buf, off, buf.length - off);
    }
    async appendFile(data, options) { return this.writeFile(data, options); }
    async stat(options) { return fstatSync(this.#fd, options); }
    async truncate(len = 0) { return ftruncateSync(this.#fd, len); }
    async chmod(mode) { return fchmodSync(this.#fd, mode); }
    async chown(uid, gid) { return fchownSync(this.#fd, uid, gid); }
    async sync() { return fsyncSync(this.#fd); }
    async datasync() { return fsyncSync(this.#fd); }
    async close() {
      if (this.#fd !== -1) {
        const fd = this.#fd;
        this.#fd = -1;
        closeSync(fd);
        this.emit('close');
      }
    }
    createReadStream(options = undefined) {
      return new (require('internal/fs/streams').ReadStream)(undefined, { ...options, fd: this });
    }
    createWriteStream(options = undefined) {
      return new (require('internal/fs/streams').WriteStream)(undefined, { ...options, fd: this });
    }
    async [Symbol.asyncDispose]() { return this.close(); }
  }

  const promises = {};
  for (const [name, fn] of Object.entries(syncApi)) {
    if (['close', 'fstat', 'ftruncate', 'fsync', 'fdatasync', 'fchmod', 'fchown'].includes(name)) continue;
    promises[name] = promisified(fn);
  }
  promises.open = promisified((...args) => new FileHandle(openSync(...args)));
  promises.constants = constants;
  for (const name of ['lchmod', 'cp', 'opendir', 'watch', 'statfs', 'glob']) {
    promises[name] = async () => { throw new ERR_SANDBOX_UNSUPPORTED(`fs.promises.${name}()`); };
  }

  exports.promises = promises;
  module.internal = {
    FileHandle,
    getOptions,
    toPath,
    toPathIfFileURL(path) {
      return path !== null && typeof path === 'object' && path.href !== undefined &&
        path.protocol === 'file:' ? toPath(path) : path;
    },
  };
  exports.Stats = Stats;
  exports.Dirent = Dirent;
  exports.constants = constants;
  exports.F_OK = constants.F_OK;
  exports.R_OK = constants.R_OK;
  exports.W_OK = constants.W_OK;
  exports.X_OK = constants.X_OK;
})
