// The start of every program, run at build time into the startup snapshot
// (src/snapshot/create.rs) with the internal modules (each a function of
// `(exports, require, ops, info, module)`), the native ops and `info` holding what is
// the same for every run. Installs the globals a Node program expects and returns
// the hooks: `start(processInfo)`, which the runtime calls first with what belongs to
// the process (src/bootstrap.rs), and those the event loop (src/event_loop.rs) calls.
// Nothing here may call an op or read the process, the clock or randomness before
// `start`: the build has no kernel, and the snapshot is shared by every run.
//
// The ops object never becomes reachable from the program: only the modules built
// here hold it.
(function bootstrap(natives, ops, info) {
  'use strict';

  const cache = { __proto__: null };

  function internalRequire(name) {
    const cached = cache[name];
    if (cached !== undefined) return cached.exports;
    const fn = natives[name];
    if (typeof fn !== 'function') {
      throw new Error(`sandbox-node: no internal module ${name}`);
    }
    const module = { exports: {} };
    cache[name] = module;
    const require = name.startsWith('internal/deps/') ? depRequire(name) : internalRequire;
    fn(module.exports, require, ops, info, module);
    return module.exports;
  }

  // What a vendored package's `require` names: its own files by relative path, and
  // its npm dependencies as the built-ins they stand in for.
  const depAliases = {
    __proto__: null,
    buffer: 'buffer',
    events: 'events',
    'process/': 'process',
    process: 'process',
    'string_decoder/': 'string_decoder',
    string_decoder: 'string_decoder',
    'abort-controller': 'internal/event_target',
  };

  // Vendored files replaced by the built-in that Node itself uses in their place:
  // @pkgjs/parseargs' stand-in errors become Node's (its own classes have other
  // messages and no `[ERR_X]` in the stack).
  const depOverrides = {
    __proto__: null,
    'internal/deps/@pkgjs/parseargs/internal/errors.js': 'internal/errors',
  };

  function depRequire(from) {
    const dir = from.slice(0, from.lastIndexOf('/'));
    return function require(spec) {
      if (spec.startsWith('./') || spec.startsWith('../')) {
        const parts = dir.split('/');
        for (const part of spec.split('/')) {
          if (part === '..') parts.pop();
          else if (part !== '.' && part !== '') parts.push(part);
        }
        const base = parts.join('/');
        for (const candidate of [base, `${base}.js`, `${base}/index.js`]) {
          if (depOverrides[candidate] !== undefined) return internalRequire(depOverrides[candidate]);
          if (typeof natives[candidate] === 'function') return internalRequire(candidate);
        }
        throw new Error(`sandbox-node: ${from} requires missing ${spec}`);
      }
      const alias = depAliases[spec];
      if (alias === undefined) throw new Error(`sandbox-node: ${from} requires unknown ${spec}`);
      return internalRequire(alias);
    };
  }
  // What a module keeps for other internal modules only (`module.internal`), out of
  // the program's reach: e.g. the process module's exit-code bookkeeping.
  internalRequire.internal = function internal(name) {
    internalRequire(name);
    return cache[name].internal;
  };

  const PRELOADED = [
    'path', 'events', 'util', 'fs', 'string_decoder', 'url', 'assert', 'os',
    'internal/deps/readable-stream/lib/stream.js', 'zlib', 'crypto', 'child_process',
  ];

  internalRequire('internal/process_start');
  const { Buffer } = internalRequire('buffer');
  const process = internalRequire('process');
  const console = internalRequire('console');
  const timers = internalRequire('timers');
  const taskQueues = internalRequire('internal/task_queues');
  const modules = internalRequire('internal/modules/cjs');
  // The ES module loader installs V8's import() and import.meta hooks: a CommonJS
  // program may import() at any time.
  internalRequire('internal/modules/esm');

  function define(name, value) {
    Object.defineProperty(globalThis, name, {
      value, writable: true, configurable: true, enumerable: false,
    });
  }

  define('global', globalThis);
  define('process', process);
  define('console', console);
  define('Buffer', Buffer);
  define('setTimeout', timers.setTimeout);
  define('clearTimeout', timers.clearTimeout);
  define('setInterval', timers.setInterval);
  define('clearInterval', timers.clearInterval);
  define('setImmediate', timers.setImmediate);
  define('clearImmediate', timers.clearImmediate);
  define('queueMicrotask', taskQueues.queueMicrotask);
  const encoding = internalRequire('internal/encoding');
  define('TextEncoder', encoding.TextEncoder);
  define('TextDecoder', encoding.TextDecoder);
  define('atob', encoding.atob);
  define('btoa', encoding.btoa);
  const { URL, URLSearchParams } = internalRequire('internal/url');
  define('URL', URL);
  define('URLSearchParams', URLSearchParams);
  const events = internalRequire('internal/event_target');
  for (const name of ['Event', 'EventTarget', 'CustomEvent', 'AbortController', 'AbortSignal']) {
    define(name, events[name]);
  }
  define('DOMException', internalRequire('internal/dom_exception'));
  define('structuredClone', internalRequire('internal/structured_clone').structuredClone);
  // The perf_hooks globals, loaded on first use.
  for (const name of ['performance', 'PerformanceEntry', 'PerformanceMark', 'PerformanceMeasure']) {
    Object.defineProperty(globalThis, name, {
      get() { return internalRequire('perf_hooks')[name]; },
      set(value) { Object.defineProperty(globalThis, name, { value, writable: true, configurable: true }); },
      enumerable: name === 'performance', configurable: true,
    });
  }
  // Node 22 has a global `fetch`; the sandbox has no network, so it rejects with an
  // error naming it (a ReferenceError would not say why).
  define('fetch', function fetch(input, init = undefined) {
    const { codes: { ERR_SANDBOX_UNSUPPORTED } } = internalRequire('internal/errors');
    return Promise.reject(new ERR_SANDBOX_UNSUPPORTED('fetch()'));
  });
  // `crypto` is webcrypto, loaded on first use.
  Object.defineProperty(globalThis, 'crypto', {
    get() { return internalRequire('crypto').webcrypto; },
    set(value) { Object.defineProperty(globalThis, 'crypto', { value, writable: true, configurable: true }); },
    enumerable: false, configurable: true,
  });

  // The built-ins most programs load are evaluated here too, into the snapshot, so
  // their first `require` costs a lookup at run time instead of evaluating them (up
  // to milliseconds each). Their top level reads nothing of the process (the build's
  // ops abort if one is called).
  for (const name of PRELOADED) internalRequire(name);

  return {
    // What belongs to this process, given after the startup snapshot
    // (src/bootstrap.rs): everything above ran at build time and may not depend on it.
    start(processInfo) {
      Object.assign(info, processInfo);
      // First: the others read the start time.
      internalRequire('internal/process_start').start();
      internalRequire.internal('process').start();
      internalRequire.internal('timers').start();
      internalRequire.internal('internal/modules/esm').start();
    },
    main: modules.runMain,
    afterTask: taskQueues.afterTask,
    nextDeadline: internalRequire.internal('timers').nextDeadline,
    runNextTask: internalRequire.internal('timers').runNextTask,
    poll: internalRequire.internal('timers').poll,
    beforeExit() {
      if (process.listenerCount('beforeExit') === 0) return false;
      process.emit('beforeExit', process.exitCode ?? 0);
      taskQueues.afterTask();
      return internalRequire.internal('timers').nextDeadline() >= 0;
    },
    exitCode: internalRequire.internal('process').exitCodeAtEnd,
    uncaught: taskQueues.uncaught,
  };
})
