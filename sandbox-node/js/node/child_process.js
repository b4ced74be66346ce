// `child_process`: children started by the kernel (posix_spawn: ProcRequest::Spawn),
// their pipes polled by the event loop (internal/io_watch), their ends seen through
// SIGCHLD and waitpid. The policy's `[process] spawn` decides what may start: a
// refusal is the kernel's EACCES, reported as Node reports a failed spawn.
//
// exec/execSync run `/bin/sh -c command`, as Node: the sandbox's shell when the kernel
// installs the commands. `timeout`/`killSignal`, `maxBuffer` and `signal` end a child
// as Node's do: the child gets the kill signal, the caller Node's error.
(function (exports, require, ops, info, module) {
  'use strict';

  const {
    op_proc_spawn, op_proc_wait, op_proc_kill, op_io_pipe, op_io_set_flags, op_io_poll,
    op_fs_read_sync, op_fs_write_sync, op_fs_close_sync, op_time_now,
  } = ops;
  const EventEmitter = require('events');
  const { Buffer } = require('buffer');
  const { uvException, errnoInfo, AbortError, codes: {
    ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE, ERR_UNKNOWN_SIGNAL, ERR_OUT_OF_RANGE,
    ERR_CHILD_PROCESS_STDIO_MAXBUFFER,
  } } = require('internal/errors');
  const ioWatch = require('internal/io_watch');
  const { signals } = require('os').constants;

  const O_NONBLOCK = 0o4000;
  const O_CLOEXEC = 0o2000000;
  const O_RDWR = 2;
  const POLLIN = 0x001;
  const POLLOUT = 0x004;
  const EAGAIN = -11;
  const EINTR = -4;
  const ENOENT = -2;
  const EACCES = -13;
  const ETIMEDOUT = -110;
  const ENOBUFS = -105;
  const WNOHANG = 1;
  const CHUNK = 65536;
  const DEFAULT_MAX_BUFFER = 1024 * 1024;

  const signalNames = { __proto__: null };
  for (const [name, n] of Object.entries(signals)) {
    if (!(n in signalNames)) signalNames[n] = name;
  }

  function signalNumber(signal) {
    if (signal === undefined || signal === null) return signals.SIGTERM;
    if (typeof signal === 'number') {
      if (signalNames[signal] !== undefined) return signal;
    } else if (typeof signal === 'string' && signals[signal] !== undefined) {
      return signals[signal];
    }
    throw new ERR_UNKNOWN_SIGNAL(signal);
  }

  // Node's convertToValidSignal: a known number, or a name in any case.
  function convertToValidSignal(signal) {
    if (typeof signal === 'number' && signalNames[signal] !== undefined) return signal;
    if (typeof signal === 'string') {
      const n = signals[signal.toUpperCase()];
      if (n !== undefined) return n;
    }
    throw new ERR_UNKNOWN_SIGNAL(signal);
  }

  function sanitizeKillSignal(killSignal) {
    if (typeof killSignal === 'string' || typeof killSignal === 'number') {
      return convertToValidSignal(killSignal);
    }
    if (killSignal != null) {
      throw new ERR_INVALID_ARG_TYPE('options.killSignal', 'one of type string or number', killSignal);
    }
    return undefined;
  }

  function validateTimeout(timeout) {
    if (timeout != null && !(Number.isInteger(timeout) && timeout >= 0)) {
      throw new ERR_OUT_OF_RANGE('timeout', 'an unsigned integer', timeout);
    }
  }

  function validateMaxBuffer(maxBuffer) {
    if (maxBuffer != null && !(typeof maxBuffer === 'number' && maxBuffer >= 0)) {
      throw new ERR_OUT_OF_RANGE('options.maxBuffer', 'a positive number', maxBuffer);
    }
  }

  function validateAbortSignal(signal, name) {
    if (signal !== undefined && (signal === null || typeof signal !== 'object' || !('aborted' in signal))) {
      throw new ERR_INVALID_ARG_TYPE(name, 'an instance of AbortSignal', signal);
    }
  }

  function abortChildProcess(child, killSignal, reason) {
    if (!child) return;
    try {
      if (child.kill(killSignal)) child.emit('error', new AbortError(undefined, { cause: reason }));
    } catch (err) {
      child.emit('error', err);
    }
  }

  // Node's `errnoException`: `spawn x ENOENT`, no libuv message.
  function errnoException(errno, syscall) {
    const [code] = errnoInfo(errno);
    const err = new Error(`${syscall} ${code}`);
    err.errno = errno;
    err.code = code;
    err.syscall = syscall;
    return err;
  }

  // Wait statuses, Linux's encoding (syscall_proto::proc::wait).
  function decodeStatus(status) {
    const sig = status & 0x7f;
    if (sig === 0) return { code: (status >> 8) & 0xff, signal: null };
    return { code: null, signal: signalNames[sig] || null };
  }

  function normalizeArgs(file, args, options) {
    if (typeof file !== 'string') throw new ERR_INVALID_ARG_TYPE('file', 'string', file);
    if (file.length === 0) throw new ERR_INVALID_ARG_VALUE('file', file, 'cannot be empty');
    if (Array.isArray(args)) {
      args = args.slice();
    } else if (args === undefined || args === null) {
      args = [];
    } else if (typeof args === 'object') {
      options = args;
      args = [];
    } else {
      throw new ERR_INVALID_ARG_TYPE('args', 'object', args);
    }
    if (options === undefined || options === null) options = {};
    else if (typeof options !== 'object') throw new ERR_INVALID_ARG_TYPE('options', 'object', options);
    for (const a of args) {
      if (typeof a !== 'string') throw new ERR_INVALID_ARG_TYPE('args', 'string[]', args);
    }
    // A C program could not receive them (the kernel says EINVAL); Node refuses first.
    const noNul = (value, name) => {
      if (typeof value === 'string' && value.includes('\u0000')) {
        throw new ERR_INVALID_ARG_VALUE(name, value, 'must be a string without null bytes');
      }
    };
    noNul(file, 'file');
    args.forEach((a, i) => noNul(a, `args[${i}]`));
    let argv0 = file;
    if (options.shell) {
      const command = [file, ...args].join(' ');
      file = typeof options.shell === 'string' ? options.shell : '/bin/sh';
      args = ['-c', command];
      argv0 = file;
    }
    if (typeof options.argv0 === 'string') argv0 = options.argv0;
    const env = options.env || process.env;
    const envPairs = [];
    for (const key of Object.keys(env)) {
      if (env[key] === undefined) continue;
      noNul(key, `options.env['${key}']`);
      noNul(String(env[key]), `options.env['${key}']`);
      envPairs.push(`${key}=${env[key]}`);
    }
    return { file, args: [argv0, ...args], options, envPairs };
  }

  function normalizeStdio(stdio) {
    if (stdio === undefined || stdio === null) stdio = 'pipe';
    if (typeof stdio === 'string') stdio = [stdio, stdio, stdio];
    else if (!Array.isArray(stdio)) throw new ERR_INVALID_ARG_VALUE('stdio', stdio);
    const out = [];
    for (let i = 0; i < 3; i++) {
      let s = stdio[i];
      if (s === undefined || s === null) s = i < 3 ? 'pipe' : 'ignore';
      if (s === 'overlapped') s = 'pipe';
      if (s === i) s = 'inherit';
      if (s !== 'pipe' && s !== 'inherit' && s !== 'ignore') {
        if (typeof s === 'number') out.push({ type: 'fd', fd: s });
        else throw new ERR_INVALID_ARG_VALUE('stdio', s);
        continue;
      }
      out.push({ type: s });
    }
    return out;
  }

  function closeQuietly(fd) {
    if (fd >= 0) op_fs_close_sync(fd);
  }

  // Starts the child: pipes for 'pipe' entries (the parent's ends close-on-exec and
  // non-blocking), file actions for the child's 0-2. `{ pid, fds }` or `{ errno }`.
  function spawnRaw(file, argv, envPairs, cwd, stdio) {
    const actions = [];
    const parentFds = [-1, -1, -1];
    const childEnds = [];
    for (let i = 0; i < stdio.length; i++) {
      const s = stdio[i];
      if (s.type === 'pipe') {
        const pair = op_io_pipe(O_CLOEXEC);
        if (typeof pair === 'number') {
          childEnds.forEach(closeQuietly);
          parentFds.forEach(closeQuietly);
          return { errno: pair };
        }
        const [r, w] = pair;
        const [mine, theirs] = i === 0 ? [w, r] : [r, w];
        parentFds[i] = mine;
        childEnds.push(theirs);
        actions.push([0, theirs, i]);
      } else if (s.type === 'ignore') {
        actions.push([2, i, '/dev/null', O_RDWR, 0]);
      } else if (s.type === 'fd') {
        actions.push([0, s.fd, i]);
      }
    }
    const pid = op_proc_spawn(file, argv, envPairs, cwd === undefined ? null : cwd, actions);
    childEnds.forEach(closeQuietly);
    if (pid < 0) {
      parentFds.forEach(closeQuietly);
      return { errno: pid };
    }
    for (const fd of parentFds) if (fd >= 0) op_io_set_flags(fd, O_NONBLOCK);
    return { pid, fds: parentFds };
  }

  // A Readable over a watched, non-blocking pipe end.
  function pipeReadable(fd, onClose) {
    const { Readable } = require('internal/modules/builtins').load('stream');
    let closed = false;
    const finish = () => {
      if (closed) return;
      closed = true;
      ioWatch.unwatch(fd);
      op_fs_close_sync(fd);
    };
    const stream = new Readable({
      read() {},
      destroy(err, cb) {
        finish();
        cb(err);
      },
    });
    ioWatch.watch(fd, POLLIN, () => {
      for (;;) {
        const data = op_fs_read_sync(fd, CHUNK, -1);
        if (data === EAGAIN || data === EINTR) return;
        if (typeof data === 'number') {
          finish();
          stream.destroy(uvException(data, 'read'));
          return;
        }
        if (data.length === 0) {
          finish();
          stream.push(null);
          return;
        }
        stream.push(Buffer.from(data.buffer, data.byteOffset, data.length));
      }
    });
    stream.once('close', onClose);
    return stream;
  }

  // A Writable over a non-blocking pipe end: what does not fit waits for POLLOUT.
  function pipeWritable(fd, onClose) {
    const { Writable } = require('internal/modules/builtins').load('stream');
    let closed = false;
    const finish = () => {
      if (closed) return;
      closed = true;
      ioWatch.unwatch(fd);
      op_fs_close_sync(fd);
    };
    function writeAll(bytes, cb) {
      let offset = 0;
      const attempt = () => {
        while (offset < bytes.length) {
          const n = op_fs_write_sync(fd, bytes.subarray(offset), -1);
          if (n === EAGAIN || n === EINTR) {
            ioWatch.watch(fd, POLLOUT, () => {
              ioWatch.unwatch(fd);
              attempt();
            });
            return;
          }
          if (n < 0) {
            cb(uvException(n, 'write'));
            return;
          }
          offset += n;
        }
        cb();
      };
      attempt();
    }
    const stream = new Writable({
      write(chunk, encoding, cb) {
        writeAll(typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk, cb);
      },
      final(cb) {
        finish();
        cb();
      },
      destroy(err, cb) {
        finish();
        cb(err);
      },
    });
    stream.once('close', onClose);
    return stream;
  }

  class ChildProcess extends EventEmitter {
    constructor() {
      super();
      this._closesNeeded = 1;
      this._closesGot = 0;
      this.connected = false;
      this.signalCode = null;
      this.exitCode = null;
      this.killed = false;
      this.spawnfile = null;
      this.spawnargs = [];
      this.pid = undefined;
      this.stdin = null;
      this.stdout = null;
      this.stderr = null;
      this.stdio = [null, null, null];
    }

    spawn(options) {
      const stdio = normalizeStdio(options.stdio);
      this.spawnfile = options.file;
      this.spawnargs = options.args;
      const result = spawnRaw(options.file, options.args, options.envPairs, options.cwd, stdio);
      if (result.errno !== undefined) {
        const errno = result.errno;
        if (errno === ENOENT || errno === EACCES || errno === EAGAIN) {
          process.nextTick(() => this._onExit(errno));
          return errno;
        }
        throw errnoException(errno, 'spawn');
      }
      this.pid = result.pid;
      const onClose = () => this._maybeClose();
      const [inFd, outFd, errFd] = result.fds;
      if (inFd >= 0) this.stdin = pipeWritable(inFd, () => {});
      if (outFd >= 0) {
        this._closesNeeded++;
        this.stdout = pipeReadable(outFd, onClose);
      }
      if (errFd >= 0) {
        this._closesNeeded++;
        this.stderr = pipeReadable(errFd, onClose);
      }
      this.stdio = [this.stdin, this.stdout, this.stderr];
      ioWatch.watchChild(this.pid, (status) => {
        const { code, signal } = decodeStatus(status);
        this._onExit(code, signal);
      });
      process.nextTick(() => this.emit('spawn'));
      return 0;
    }

    _onExit(exitCode, signalCode) {
      if (signalCode) this.signalCode = signalCode;
      else this.exitCode = exitCode;
      if (this.stdin) this.stdin.destroy();
      if (exitCode < 0) {
        // Node's 'close' waits for the never-used stdio to close: it comes after
        // whatever the 'error' listeners do synchronously.
        setImmediate(() => this._maybeClose());
        const syscall = this.spawnfile ? `spawn ${this.spawnfile}` : 'spawn';
        const err = errnoException(exitCode, syscall);
        if (this.spawnfile) err.path = this.spawnfile;
        err.spawnargs = this.spawnargs.slice(1);
        this.emit('error', err);
        return;
      }
      this.emit('exit', this.exitCode, this.signalCode);
      // Output no one reads would keep 'close' from coming: let it flow away (Node's
      // flushStdio).
      process.nextTick(() => {
        for (const stream of [this.stdout, this.stderr]) {
          if (!stream || !stream.readable || stream._readableState.readableListening) continue;
          stream.resume();
        }
      });
      this._maybeClose();
    }

    _maybeClose() {
      this._closesGot++;
      if (this._closesGot === this._closesNeeded) {
        this.emit('close', this.exitCode, this.signalCode);
      }
    }

    kill(sig) {
      const signo = signalNumber(sig);
      if (this.pid === undefined || this.exitCode !== null || this.signalCode !== null) {
        return false;
      }
      const r = op_proc_kill(this.pid, signo);
      if (r === 0) {
        this.killed = true;
        return true;
      }
      if (r !== -3 /* ESRCH */) this.emit('error', errnoException(r, 'kill'));
      return false;
    }

    ref() {
      if (this.pid !== undefined) ioWatch.setChildRef(this.pid, true);
    }

    unref() {
      if (this.pid !== undefined) ioWatch.setChildRef(this.pid, false);
    }
  }

  function spawn(file, args, options) {
    const opts = normalizeArgs(file, args, options);
    const o = opts.options;
    validateTimeout(o.timeout);
    validateAbortSignal(o.signal, 'options.signal');
    const killSignal = sanitizeKillSignal(o.killSignal);
    const child = new ChildProcess();
    child.spawn({
      file: opts.file, args: opts.args, envPairs: opts.envPairs, cwd: o.cwd, stdio: o.stdio,
    });
    if (o.timeout > 0) {
      let timeoutId = setTimeout(() => {
        if (timeoutId) {
          try {
            child.kill(killSignal);
          } catch (err) {
            child.emit('error', err);
          }
          timeoutId = null;
        }
      }, o.timeout);
      child.once('exit', () => {
        if (timeoutId) {
          clearTimeout(timeoutId);
          timeoutId = null;
        }
      });
    }
    if (o.signal) {
      const signal = o.signal;
      const onAbortListener = () => abortChildProcess(child, killSignal, signal.reason);
      if (signal.aborted) {
        process.nextTick(onAbortListener);
      } else {
        signal.addEventListener('abort', onAbortListener, { once: true });
        child.once('exit', () => signal.removeEventListener('abort', onAbortListener));
      }
    }
    return child;
  }

  function execFile(file, args, options, callback) {
    if (typeof args === 'function') {
      callback = args;
      args = [];
      options = {};
    } else if (typeof options === 'function') {
      callback = options;
      if (args !== null && typeof args === 'object' && !Array.isArray(args)) {
        options = args;
        args = [];
      } else {
        options = {};
      }
    } else if (args !== null && typeof args === 'object' && !Array.isArray(args)) {
      callback = options;
      options = args;
      args = [];
    }
    options = {
      encoding: 'utf8', timeout: 0, maxBuffer: DEFAULT_MAX_BUFFER, killSignal: 'SIGTERM',
      cwd: null, env: null, shell: false, ...options,
    };
    validateTimeout(options.timeout);
    validateMaxBuffer(options.maxBuffer);
    options.killSignal = sanitizeKillSignal(options.killSignal);
    const child = spawn(file, args, {
      cwd: options.cwd ?? undefined, env: options.env ?? undefined, shell: options.shell,
      signal: options.signal, argv0: options.argv0, stdio: 'pipe',
    });
    const encoding = options.encoding !== 'buffer' && Buffer.isEncoding(options.encoding) ?
      options.encoding : null;
    const _stdout = [];
    const _stderr = [];
    let stdoutLen = 0;
    let stderrLen = 0;
    let killed = false;
    let exited = false;
    let timeoutId;
    let ex = null;
    let cmd = file;

    function exithandler(code, signal) {
      if (exited) return;
      exited = true;
      if (timeoutId) {
        clearTimeout(timeoutId);
        timeoutId = null;
      }
      if (!callback) return;
      const stdout = encoding || child.stdout?.readableEncoding ? _stdout.join('') : Buffer.concat(_stdout);
      const stderr = encoding || child.stderr?.readableEncoding ? _stderr.join('') : Buffer.concat(_stderr);
      if (!ex && code === 0 && signal === null) {
        callback(null, stdout, stderr);
        return;
      }
      if (Array.isArray(args) && args.length) cmd += ` ${args.join(' ')}`;
      if (!ex) {
        ex = new Error(`Command failed: ${cmd}\n${stderr}`);
        ex.code = code < 0 ? errnoInfo(code)[0] : code;
        ex.killed = child.killed || killed;
        ex.signal = signal;
      }
      ex.cmd = cmd;
      callback(ex, stdout, stderr);
    }

    function errorhandler(e) {
      ex = e;
      if (child.stdout) child.stdout.destroy();
      if (child.stderr) child.stderr.destroy();
      exithandler();
    }

    function kill() {
      if (child.stdout) child.stdout.destroy();
      if (child.stderr) child.stderr.destroy();
      killed = true;
      try {
        child.kill(options.killSignal);
      } catch (e) {
        ex = e;
        exithandler();
      }
    }

    if (options.timeout > 0) {
      timeoutId = setTimeout(() => {
        kill();
        timeoutId = null;
      }, options.timeout);
    }

    // Output past maxBuffer is cut at it, and the child killed.
    const collect = (stream, chunks, name) => {
      if (!stream) return;
      if (encoding) stream.setEncoding(encoding);
      stream.on('data', (chunk) => {
        if (options.maxBuffer === Infinity) {
          chunks.push(chunk);
          return;
        }
        const enc = stream.readableEncoding;
        const length = enc ? Buffer.byteLength(chunk, enc) : chunk.length;
        const before = name === 'stdout' ? stdoutLen : stderrLen;
        const total = before + length;
        if (name === 'stdout') stdoutLen = total;
        else stderrLen = total;
        if (total > options.maxBuffer) {
          chunks.push(chunk.slice(0, options.maxBuffer - before));
          ex = new ERR_CHILD_PROCESS_STDIO_MAXBUFFER(name);
          kill();
        } else {
          chunks.push(chunk);
        }
      });
    };
    collect(child.stdout, _stdout, 'stdout');
    collect(child.stderr, _stderr, 'stderr');
    child.addListener('close', exithandler);
    child.addListener('error', errorhandler);
    return child;
  }

  // util.promisify(execFile): `{ stdout, stderr }`, or the error carrying them.
  Object.defineProperty(execFile, Symbol.for('nodejs.util.promisify.custom'), {
    enumerable: false, configurable: true, writable: true,
    value: function execFilePromise(...args) {
      let child;
      const promise = new Promise((resolve, reject) => {
        child = execFile(...args, (err, stdout, stderr) => {
          if (err !== null) {
            err.stdout = stdout;
            err.stderr = stderr;
            reject(err);
          } else {
            resolve({ stdout, stderr });
          }
        });
      });
      promise.child = child;
      return promise;
    },
  });

  function exec(command, options, callback) {
    if (typeof options === 'function') {
      callback = options;
      options = {};
    }
    options = { ...options };
    options.shell = typeof options.shell === 'string' ? options.shell : true;
    return execFile(command, options, callback);
  }
  Object.defineProperty(exec, Symbol.for('nodejs.util.promisify.custom'), {
    enumerable: false, configurable: true, writable: true,
    value: (command, options) => execFile[Symbol.for('nodejs.util.promisify.custom')](
      command, { ...options, shell: typeof options?.shell === 'string' ? options.shell : true }),
  });

  // Runs a child to its end: its output collected with poll(2), its status by waitpid.
  // Past `timeout` (ETIMEDOUT) or `maxBuffer` bytes of output (ENOBUFS) the child gets
  // `killSignal` and the pipes are closed, as Node's spawnSync does.
  function spawnSync(file, args, options) {
    const opts = normalizeArgs(file, args, options);
    const o = { maxBuffer: DEFAULT_MAX_BUFFER, ...opts.options };
    validateTimeout(o.timeout);
    validateMaxBuffer(o.maxBuffer);
    const killSignal = sanitizeKillSignal(o.killSignal) ?? signals.SIGTERM;
    const stdio = normalizeStdio(o.stdio);
    let input = o.input;
    if (typeof input === 'string') input = Buffer.from(input, o.encoding || 'utf8');
    else if (input !== undefined && input !== null && !ArrayBuffer.isView(input)) {
      throw new ERR_INVALID_ARG_TYPE('options.stdio[0]', ['Buffer', 'TypedArray', 'DataView', 'string'], input);
    }
    const result = spawnRaw(opts.file, opts.args, opts.envPairs, o.cwd, stdio);
    const syncError = (errno) => {
      const error = errnoException(errno, `spawnSync ${opts.file}`);
      error.path = opts.file;
      error.spawnargs = opts.args.slice(1);
      return error;
    };
    if (result.errno !== undefined) {
      return {
        error: syncError(result.errno), status: null, signal: null, output: null, pid: 0,
        stdout: null, stderr: null,
      };
    }
    const [inFd, outFd, errFd] = result.fds;
    const deadline = o.timeout > 0 ? op_time_now() + o.timeout : Infinity;
    let failure = 0;
    let killed = false;
    let inOffset = 0;
    let writing = inFd;
    const chunks = { [outFd]: [], [errFd]: [] };
    const open = new Set([outFd, errFd].filter((fd) => fd >= 0));
    let buffered = 0;
    const closeAll = () => {
      for (const fd of open) op_fs_close_sync(fd);
      open.clear();
      if (writing >= 0) op_fs_close_sync(writing);
      writing = -1;
    };
    const kill = (errno) => {
      if (killed) return;
      killed = true;
      failure = errno;
      op_proc_kill(result.pid, killSignal);
      closeAll();
    };
    // Milliseconds to the deadline for poll (-1: none), killing the child once past it.
    const remaining = () => {
      if (deadline === Infinity || killed) return -1;
      const left = deadline - op_time_now();
      if (left <= 0) {
        kill(ETIMEDOUT);
        return 0;
      }
      return Math.ceil(left);
    };
    if (writing >= 0 && (input === undefined || input === null || input.length === 0)) {
      op_fs_close_sync(writing);
      writing = -1;
    }
    while (open.size > 0 || writing >= 0) {
      const fds = [...open];
      const events = fds.map(() => POLLIN);
      if (writing >= 0) {
        fds.push(writing);
        events.push(POLLOUT);
      }
      const wait = remaining();
      if (killed) break;
      const revents = op_io_poll(fds, events, wait);
      if (typeof revents === 'number') continue;
      for (let i = 0; i < fds.length && !killed; i++) {
        if (revents[i] === 0) continue;
        const fd = fds[i];
        if (fd === writing) {
          const n = op_fs_write_sync(fd, input.subarray(inOffset, inOffset + CHUNK), -1);
          if (n > 0) inOffset += n;
          if ((n < 0 && n !== EAGAIN && n !== EINTR) || inOffset >= input.length) {
            op_fs_close_sync(fd);
            writing = -1;
          }
          continue;
        }
        const data = op_fs_read_sync(fd, CHUNK, -1);
        if (data === EAGAIN || data === EINTR) continue;
        if (typeof data === 'number' || data.length === 0) {
          op_fs_close_sync(fd);
          open.delete(fd);
          continue;
        }
        chunks[fd].push(Buffer.from(data.buffer, data.byteOffset, data.length));
        buffered += data.length;
        if (o.maxBuffer > 0 && buffered > o.maxBuffer) kill(ENOBUFS);
      }
    }
    let waited;
    for (;;) {
      // With a deadline still ahead, wait in steps so it can still kill the child.
      const wait = remaining();
      waited = op_proc_wait(result.pid, wait > 0 ? WNOHANG : 0);
      if (waited === EINTR) continue;
      if (typeof waited !== 'number' && waited[0] === 0) {
        op_io_poll([], [], Math.min(wait, 10));
        continue;
      }
      break;
    }
    const { code, signal } = typeof waited === 'number' ? { code: null, signal: null } : decodeStatus(waited[1]);
    const enc = o.encoding && o.encoding !== 'buffer' ? o.encoding : null;
    const collect = (fd) => {
      if (fd < 0) return null;
      const b = Buffer.concat(chunks[fd]);
      return enc ? b.toString(enc) : b;
    };
    const stdout = collect(outFd);
    const stderr = collect(errFd);
    const ret = {
      status: code, signal, output: [null, stdout, stderr], pid: result.pid, stdout, stderr,
    };
    return failure ? { error: syncError(failure), ...ret } : ret;
  }

  function checkExecSyncError(ret, args, cmd) {
    let err;
    if (ret.error) {
      err = ret.error;
      Object.assign(err, ret);
    } else if (ret.status !== 0) {
      let msg = 'Command failed: ';
      msg += cmd || args.join(' ');
      if (ret.stderr && ret.stderr.length > 0) msg += `\n${ret.stderr.toString()}`;
      err = new Error(msg);
      Object.assign(err, ret);
    }
    return err;
  }

  function execFileSync(file, args, options) {
    if (args !== null && typeof args === 'object' && !Array.isArray(args)) {
      options = args;
      args = [];
    }
    options = { stdio: ['pipe', 'pipe', 'inherit'], ...options };
    const ret = spawnSync(file, args, options);
    const err = checkExecSyncError(ret, [file, ...(args || [])]);
    if (err) throw err;
    return ret.stdout;
  }

  function execSync(command, options) {
    options = { stdio: ['pipe', 'pipe', 'inherit'], ...options, shell: (options && options.shell) || true };
    const ret = spawnSync(command, [], options);
    const err = checkExecSyncError(ret, null, command);
    if (err) throw err;
    return ret.stdout;
  }

  exports.ChildProcess = ChildProcess;
  exports.spawn = spawn;
  exports.spawnSync = spawnSync;
  exports.exec = exec;
  exports.execFile = execFile;
  exports.execSync = execSync;
  exports.execFileSync = execFileSync;
  exports.fork = function fork() {
    const { codes: { ERR_SANDBOX_UNSUPPORTED } } = require('internal/errors');
    throw new ERR_SANDBOX_UNSUPPORTED('child_process.fork()');
  };
  module.internal = { signalNumber, signalNames };
})
