// `process`: argv, env, exit and exitCode, stdout/stderr, nextTick, events ('exit',
// 'uncaughtException', 'unhandledRejection'), hrtime. Everything the program sees
// comes from the kernel's start information; nothing is read from the host.
(function (exports, require, ops, info, module) {
  'use strict';

  const { op_io_write_sync, op_process_exit, op_time_now } = ops;
  const {
    codes: { ERR_INVALID_ARG_TYPE, ERR_SANDBOX_UNSUPPORTED },
  } = require('internal/errors');

  const EventEmitter = require('events');
  let exiting = false;
  let exitCode;
  let cwdCache;

  function validateCode(code) {
    if (code === undefined || code === null) return code;
    if (typeof code === 'number') {
      if (Number.isInteger(code)) return code;
      const { codes: { ERR_OUT_OF_RANGE } } = require('internal/errors');
      throw new ERR_OUT_OF_RANGE('code', 'an integer', code);
    }
    if (typeof code === 'string' && /^-?\d+$/.test(code.trim())) return Number(code);
    throw new ERR_INVALID_ARG_TYPE('code', 'of type number', code);
  }

  // 'exit' listeners run once, with the code the process is about to end with.
  function emitExit(code) {
    if (exiting) return;
    exiting = true;
    if (process.exitCode === undefined || process.exitCode === null) process.exitCode = code;
    process.emit('exit', process.exitCode ?? 0);
  }

  const version = info.version;

  const process = {
    title: 'node',
    version,
    versions: { node: version.slice(1) },
    arch: 'x64',
    platform: 'linux',
    release: { name: 'node' },
    argv: [],
    // argv0, execPath, env, pid: this process's, set at start (module.internal).
    argv0: undefined,
    execArgv: [],
    execPath: undefined,
    env: undefined,
    pid: undefined,
    ppid: 0,
    config: { variables: {} },
    features: {},
    // The kernel's working directory (getcwd), cached as Node caches it; chdir is the
    // kernel's, so relative paths of every later call resolve from the new one.
    cwd() {
      if (cwdCache === undefined) {
        const cwd = ops.op_proc_getcwd();
        cwdCache = typeof cwd === 'string' ? cwd : info.cwd;
      }
      return cwdCache;
    },
    chdir(directory) {
      if (typeof directory !== 'string') {
        throw new ERR_INVALID_ARG_TYPE('directory', 'of type string', directory);
      }
      const r = ops.op_fs_chdir_sync(directory);
      if (typeof r === 'number' && r < 0) {
        throw require('internal/errors').uvException(r, 'chdir', process.cwd(), directory);
      }
      cwdCache = undefined;
    },
    umask() {
      return 0o022;
    },
    exit(code) {
      if (code !== undefined) process.exitCode = code;
      emitExit(process.exitCode ?? 0);
      op_process_exit(Number(process.exitCode ?? 0));
    },
    reallyExit(code) {
      op_process_exit(Number(code ?? 0));
    },
    abort() {
      op_process_exit(134);
    },
    nextTick(callback, ...args) {
      require('internal/task_queues').nextTick(callback, ...args);
    },
    hrtime(previous) {
      const ns = BigInt(Math.round(op_time_now() * 1e6));
      let sec = Number(ns / 1000000000n);
      let nsec = Number(ns % 1000000000n);
      if (Array.isArray(previous)) {
        sec -= previous[0];
        nsec -= previous[1];
        if (nsec < 0) {
          sec -= 1;
          nsec += 1e9;
        }
      }
      return [sec, nsec];
    },
    uptime() {
      return (op_time_now() - require('internal/process_start').startMono) / 1000;
    },
    memoryUsage() {
      return { rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
    },
    emitWarning,
  };

  // stdout and stderr: Writable streams (Node's for files and pipes: every write is
  // synchronous), built on first use so programs that never touch them do not load
  // the stream implementation.
  function stdio(fd) {
    let stream;
    return {
      get() {
        if (stream === undefined) {
          const { Writable } = require('internal/modules/builtins').load('stream');
          stream = new Writable({
            decodeStrings: false,
            write(chunk, encoding, callback) {
              if (typeof chunk === 'string' && encoding !== 'utf8' && encoding !== 'utf-8' && encoding !== 'buffer') {
                chunk = require('buffer').Buffer.from(chunk, encoding);
              }
              // A failed write (EFBIG past `[limits] output_bytes`, EPIPE) is the
              // stream's 'error', as Node's; unhandled, it ends the program. (console
              // writes ignore it, as Node's console does.)
              const written = op_io_write_sync(fd, chunk);
              if (written < 0) {
                callback(require('internal/errors').uvException(written, 'write'));
                return;
              }
              callback();
            },
          });
          stream.fd = fd;
          stream._type = 'fs';
          stream._isStdio = true;
          // Not a terminal: like Node's stdout on a pipe or file, no isTTY at all.
          // Like Node's, stdio is never closed by end() or pipe().
          stream.destroySoon = stream.destroy;
          stream._destroy = (err, cb) => cb(err);
        }
        return stream;
      },
      configurable: true,
      enumerable: true,
    };
  }
  Object.defineProperty(process, 'stdout', stdio(1));
  Object.defineProperty(process, 'stderr', stdio(2));
  // stdin: a Readable over descriptor 0. Each read is a synchronous kernel read, so
  // while the program waits for input no timer runs (Node's stdin reads in the
  // background); at end of input the stream ends.
  let stdin;
  Object.defineProperty(process, 'stdin', {
    get() {
      if (stdin === undefined) {
        const { Readable } = require('internal/modules/builtins').load('stream');
        const { uvException } = require('internal/errors');
        stdin = new Readable({
          highWaterMark: 65536,
          read(size) {
            // A handled signal (a child's SIGCHLD, a program's SIGINT listener)
            // interrupts the read: read again, its listeners run from the loop.
            let bytes;
            do {
              bytes = ops.op_fs_read_sync(0, Math.max(size, 65536), -1);
            } while (bytes === -4);
            if (typeof bytes === 'number') {
              this.destroy(uvException(bytes, 'read'));
            } else if (bytes.length === 0) {
              this.push(null);
            } else {
              this.push(require('buffer').Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
            }
          },
        });
        stdin.fd = 0;
      }
      return stdin;
    },
    configurable: true,
    enumerable: true,
  });

  // An EventEmitter, as Node's process is.
  Object.setPrototypeOf(process, EventEmitter.prototype);
  EventEmitter.init.call(process);

  // Signals: the first listener for a signal's name gives it a handled disposition in
  // the kernel (sigaction), the last one removed gives the default back; the kernel's
  // `Event::Signal` is run by the event loop's poll phase as `emit(name, name, number)`.
  // Like Node's signal handles, listeners do not keep the loop alive.
  // `os` is loaded on first use: it reads `process` as it loads.
  let signalNumbers = null;
  let signalNames = null;
  function loadSignals() {
    if (signalNumbers !== null) return;
    signalNumbers = { __proto__: null, ...require('os').constants.signals };
    signalNames = { __proto__: null };
    for (const [name, n] of Object.entries(signalNumbers)) {
      if (!(n in signalNames)) signalNames[n] = name;
    }
  }
  const isSignal = (event) => {
    if (typeof event !== 'string' || !event.startsWith('SIG')) return false;
    loadSignals();
    return signalNumbers[event] !== undefined;
  };
  const { op_proc_sigaction, op_proc_kill } = ops;
  function errnoException(errno, syscall) {
    const [code] = require('internal/errors').errnoInfo(errno);
    const err = new Error(`${syscall} ${code}`);
    err.errno = errno;
    err.code = code;
    err.syscall = syscall;
    return err;
  }
  process.on('newListener', (event) => {
    if (!isSignal(event) || process.listenerCount(event) > 0) return;
    const r = op_proc_sigaction(signalNumbers[event], 2);
    if (r < 0) throw errnoException(r, 'uv_signal_start');
  });
  process.on('removeListener', (event) => {
    if (!isSignal(event) || process.listenerCount(event) > 0) return;
    op_proc_sigaction(signalNumbers[event], 0);
  });
  require('internal/io_watch').setSignalListener((signo) => {
    loadSignals();
    const name = signalNames[signo];
    if (name !== undefined) process.emit(name, name, signo);
  });

  process.kill = function kill(pid, sig) {
    if (pid != (pid | 0)) throw new ERR_INVALID_ARG_TYPE('pid', 'number', pid);
    loadSignals();
    let signo;
    if (sig === undefined) signo = signalNumbers.SIGTERM;
    else if (typeof sig === 'number') signo = sig;
    else if (typeof sig === 'string' && signalNumbers[sig] !== undefined) signo = signalNumbers[sig];
    else {
      const { codes: { ERR_UNKNOWN_SIGNAL } } = require('internal/errors');
      throw new ERR_UNKNOWN_SIGNAL(sig);
    }
    const r = op_proc_kill(pid | 0, signo);
    if (r < 0) throw errnoException(r, 'kill');
    return true;
  };

  let traceHintShown = false;
  // Node's process.emitWarning: a Warning error emitted as 'warning' on the next tick;
  // Node's own listener prints it on stderr (`(node:PID) [CODE] Name: message`, and
  // once a hint about --trace-warnings).
  function emitWarning(warning, type, code, ctor) {
    let detail;
    if (type !== null && typeof type === 'object' && !Array.isArray(type)) {
      ctor = type.ctor;
      code = type.code;
      if (typeof type.detail === 'string') detail = type.detail;
      type = type.type || 'Warning';
    } else if (typeof type === 'function') {
      ctor = type;
      code = undefined;
      type = 'Warning';
    }
    if (type !== undefined && typeof type !== 'string') {
      throw new ERR_INVALID_ARG_TYPE('type', 'of type string', type);
    }
    if (typeof code === 'function') {
      ctor = code;
      code = undefined;
    } else if (code !== undefined && typeof code !== 'string') {
      throw new ERR_INVALID_ARG_TYPE('code', 'of type string', code);
    }
    if (typeof warning === 'string') {
      const err = new Error(warning);
      err.name = String(type || 'Warning');
      if (code !== undefined) err.code = code;
      if (detail !== undefined) err.detail = detail;
      if (Error.captureStackTrace) Error.captureStackTrace(err, ctor || process.emitWarning);
      warning = err;
    } else if (!(warning instanceof Error)) {
      throw new ERR_INVALID_ARG_TYPE('warning', 'of type string or an instance of Error', warning);
    }
    if (warning.name === 'DeprecationWarning' && process.noDeprecation) return;
    process.nextTick(() => process.emit('warning', warning));
  }

  function printWarning(warning) {
    const isDeprecation = warning.name === 'DeprecationWarning';
    let text = `(node:${info.pid}) `;
    if (warning.code) text += `[${warning.code}] `;
    text += `${warning.name}: ${warning.message}\n`;
    if (typeof warning.detail === 'string') text += `${warning.detail}\n`;
    if (!traceHintShown) {
      traceHintShown = true;
      const flag = isDeprecation ? '--trace-deprecation' : '--trace-warnings';
      text += `(Use \`node ${flag} ...\` to show where the warning was created)\n`;
    }
    op_io_write_sync(2, text);
  }
  process.on('warning', printWarning);

  process.hrtime.bigint = function bigint() {
    return BigInt(Math.round(op_time_now() * 1e6));
  };

  Object.defineProperty(process, 'exitCode', {
    get() { return exitCode; },
    set(code) { exitCode = validateCode(code); },
    enumerable: true,
    configurable: false,
  });
  Object.defineProperty(process, Symbol.toStringTag, {
    value: 'process', enumerable: false, writable: true, configurable: true,
  });

  module.exports = process;
  module.internal = {
    // What belongs to the process, after the startup snapshot (js/bootstrap.js).
    start() {
      process.argv0 = info.argv[0];
      process.execPath = info.argv[0];
      process.env = info.env;
      process.pid = info.pid;
    },
    emitExit,
    // The status when the event loop has run dry: 'exit' listeners first, then
    // `process.exitCode` (which they may change).
    exitCodeAtEnd() {
      // Node's status when the main ES module's top-level await never settled.
      if (require('internal/modules/esm').mainUnsettled() &&
          (process.exitCode === undefined || process.exitCode === null)) {
        process.exitCode = 13;
      }
      emitExit(0);
      return Number(process.exitCode ?? 0);
    },
  };
})
