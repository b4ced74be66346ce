// `process`: argv, env, exit and exitCode, stdout/stderr, nextTick, events ('exit',
// 'uncaughtException', 'unhandledRejection'), hrtime. Everything the program sees
// comes from the kernel's start information; nothing is read from the host.
(function (exports, require, ops, info, module) {
  'use strict';

  const { op_io_write_sync, op_process_exit, op_time_now } = ops;
  const {
    codes: { ERR_INVALID_ARG_TYPE, ERR_SANDBOX_UNSUPPORTED },
  } = require('internal/errors');

  const listeners = new Map();
  let exiting = false;
  let exitCode;

  function validateCode(code) {
    if (code === undefined || code === null) return code;
    if (typeof code === 'number' && Number.isInteger(code)) return code;
    if (typeof code === 'string' && /^-?\d+$/.test(code.trim())) return Number(code);
    throw new ERR_INVALID_ARG_TYPE('code', 'of type number', code);
  }

  function makeStream(fd) {
    return {
      fd,
      isTTY: false,
      writable: true,
      _isStdio: true,
      // Synchronous, as Node's stdout/stderr are for files and pipes. A failed write
      // (the reader went away) is dropped: there is no stream 'error' event yet.
      write(chunk, encoding, callback) {
        if (typeof encoding === 'function') {
          callback = encoding;
          encoding = undefined;
        }
        if (typeof chunk === 'string') {
          if (encoding !== undefined && encoding !== 'utf8' && encoding !== 'utf-8') {
            chunk = require('buffer').Buffer.from(chunk, encoding);
          }
        } else if (!ArrayBuffer.isView(chunk)) {
          throw new ERR_INVALID_ARG_TYPE('chunk',
            'of type string or an instance of Buffer or Uint8Array', chunk);
        }
        op_io_write_sync(fd, chunk);
        if (typeof callback === 'function') process.nextTick(callback);
        return true;
      },
      end(chunk, encoding, callback) {
        if (chunk !== undefined && chunk !== null && typeof chunk !== 'function') {
          this.write(chunk, encoding);
        }
        return this;
      },
      on() { return this; },
      once() { return this; },
      emit() { return false; },
    };
  }

  function emit(event, ...args) {
    const list = listeners.get(event);
    if (list === undefined || list.length === 0) return false;
    for (const entry of [...list]) {
      if (entry.once) {
        const i = list.indexOf(entry);
        if (i !== -1) list.splice(i, 1);
      }
      entry.fn.apply(process, args);
    }
    return true;
  }

  function addListener(event, fn, once) {
    if (typeof fn !== 'function') throw new ERR_INVALID_ARG_TYPE('listener', 'of type function', fn);
    let list = listeners.get(event);
    if (list === undefined) {
      list = [];
      listeners.set(event, list);
    }
    list.push({ fn, once });
    return process;
  }

  function removeListener(event, fn) {
    const list = listeners.get(event);
    if (list !== undefined) {
      const i = list.findIndex((e) => e.fn === fn);
      if (i !== -1) list.splice(i, 1);
    }
    return process;
  }

  // 'exit' listeners run once, with the code the process is about to end with.
  function emitExit(code) {
    if (exiting) return;
    exiting = true;
    if (process.exitCode === undefined || process.exitCode === null) process.exitCode = code;
    emit('exit', process.exitCode ?? 0);
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
    argv0: info.argv[0],
    execArgv: [],
    execPath: info.argv[0],
    env: info.env,
    pid: info.pid,
    ppid: 0,
    config: { variables: {} },
    features: {},
    cwd() {
      return info.cwd;
    },
    chdir() {
      throw new ERR_SANDBOX_UNSUPPORTED('process.chdir()');
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
      return (op_time_now() - startMs) / 1000;
    },
    memoryUsage() {
      return { rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
    },
    emitWarning(warning, type = 'Warning') {
      const text = warning instanceof Error ? `${warning.name}: ${warning.message}` : `${type}: ${warning}`;
      op_io_write_sync(2, `(node:${info.pid}) ${text}\n`);
    },
    on(event, fn) { return addListener(event, fn, false); },
    addListener(event, fn) { return addListener(event, fn, false); },
    prependListener(event, fn) { return addListener(event, fn, false); },
    once(event, fn) { return addListener(event, fn, true); },
    off: removeListener,
    removeListener,
    removeAllListeners(event) {
      if (event === undefined) listeners.clear();
      else listeners.delete(event);
      return process;
    },
    emit,
    listeners(event) {
      return (listeners.get(event) || []).map((e) => e.fn);
    },
    listenerCount(event) {
      return (listeners.get(event) || []).length;
    },
    stdout: makeStream(1),
    stderr: makeStream(2),
  };
  const startMs = op_time_now();

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
