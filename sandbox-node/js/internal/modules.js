// The command line (`node <file> [args]`, `node -e|-p <code> [args]`) and CommonJS
// modules: the main module and relative/absolute `require` of `.js` and `.json`
// files, read through the kernel and compiled as Node's module wrapper function.
// Built-in modules: fs, process, buffer, util, timers, console (with or without
// `node:`); any other Node built-in throws ERR_SANDBOX_UNSUPPORTED, as do packages
// (node_modules lookup is not there yet).
(function (exports, require, ops, info) {
  'use strict';

  const { op_fs_read_file_sync, op_module_compile_function, op_module_run_script } = ops;
  const {
    uvException,
    errnoInfo,
    codes: { ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE, ERR_SANDBOX_UNSUPPORTED, ERR_UNKNOWN_BUILTIN_MODULE },
  } = require('internal/errors');
  const process = require('process');

  const builtins = {
    __proto__: null,
    fs: () => require('fs'),
    process: () => process,
    buffer: () => require('buffer'),
    util: () => require('util'),
    timers: () => require('timers'),
    console: () => require('console'),
  };

  // Node 20's other built-in modules: known names, not provided yet.
  const notYet = new Set([
    'assert', 'assert/strict', 'async_hooks', 'child_process', 'cluster', 'constants',
    'crypto', 'dgram', 'diagnostics_channel', 'dns', 'dns/promises', 'domain', 'events',
    'fs/promises', 'http', 'http2', 'https', 'inspector', 'module', 'net', 'os', 'path',
    'path/posix', 'path/win32', 'perf_hooks', 'punycode', 'querystring', 'readline',
    'readline/promises', 'repl', 'stream', 'stream/consumers', 'stream/promises',
    'stream/web', 'string_decoder', 'sys', 'timers/promises', 'tls', 'trace_events', 'tty',
    'url', 'util/types', 'v8', 'vm', 'wasi', 'worker_threads', 'zlib', 'test',
  ]);

  // POSIX path helpers (the `path` module will replace them).
  function normalize(path) {
    const absolute = path.startsWith('/');
    const parts = [];
    for (const part of path.split('/')) {
      if (part === '' || part === '.') continue;
      if (part === '..') {
        if (parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
        else if (!absolute) parts.push('..');
      } else {
        parts.push(part);
      }
    }
    const joined = parts.join('/');
    return absolute ? `/${joined}` : joined || '.';
  }

  function resolve(from, to) {
    return normalize(to.startsWith('/') ? to : `${from}/${to}`);
  }

  function dirname(path) {
    const i = path.lastIndexOf('/');
    if (i <= 0) return i === 0 ? '/' : '.';
    return path.slice(0, i);
  }

  class Module {
    constructor(id, parent) {
      this.id = id;
      this.path = dirname(id);
      this.exports = {};
      this.filename = id;
      this.loaded = false;
      this.children = [];
      this.paths = [];
      this.parent = parent;
      if (parent) parent.children.push(this);
    }
  }

  const cache = { __proto__: null };

  function notFound(request, parent) {
    const stack = [];
    for (let m = parent; m && m.filename; m = m.parent) stack.push(m.filename);
    let message = `Cannot find module '${request}'`;
    if (stack.length > 0) message += `\nRequire stack:\n- ${stack.join('\n- ')}`;
    const err = new Error(message);
    err.code = 'MODULE_NOT_FOUND';
    err.requireStack = stack;
    return err;
  }

  // The source of the first candidate that is a readable file; `undefined` when none
  // exists. Other failures (EACCES, ...) are thrown as Node's open errors.
  function readFirst(candidates) {
    for (const filename of candidates) {
      const source = op_fs_read_file_sync(filename, true);
      if (typeof source === 'string') return [filename, source];
      const [code] = errnoInfo(source);
      if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') continue;
      throw uvException(source, 'open', filename);
    }
    return undefined;
  }

  function load(request, path, parent) {
    const cached = cache[path] || cache[`${path}.js`] || cache[`${path}.json`];
    if (cached !== undefined) return cached;
    const found = readFirst([path, `${path}.js`, `${path}.json`, `${path}/index.js`, `${path}/index.json`]);
    if (found === undefined) throw notFound(request, parent);
    const [filename, source] = found;
    const module = new Module(filename, parent);
    cache[filename] = module;
    try {
      if (filename.endsWith('.json')) {
        try {
          module.exports = JSON.parse(stripBOM(source));
        } catch (err) {
          err.message = `${filename}: ${err.message}`;
          throw err;
        }
      } else {
        const fn = op_module_compile_function(stripShebang(stripBOM(source)), filename);
        fn.call(module.exports, module.exports, makeRequire(module), module, filename, dirname(filename));
      }
    } catch (err) {
      delete cache[filename];
      throw err;
    }
    module.loaded = true;
    return module;
  }

  function stripBOM(source) {
    return source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  }

  // `#!` is not JavaScript inside a function body; keep the line count.
  function stripShebang(source) {
    return source.startsWith('#!') ? `//${source.slice(2)}` : source;
  }

  function makeRequire(module) {
    function require(id) {
      if (typeof id !== 'string') throw new ERR_INVALID_ARG_TYPE('id', 'of type string', id);
      if (id === '') throw new ERR_INVALID_ARG_VALUE('id', id, 'must be a non-empty string');
      const prefixed = id.startsWith('node:');
      const name = prefixed ? id.slice(5) : id;
      if (builtins[name] !== undefined) return builtins[name]();
      if (notYet.has(name)) throw new ERR_SANDBOX_UNSUPPORTED(`The built-in module '${name}'`);
      if (prefixed) throw new ERR_UNKNOWN_BUILTIN_MODULE(id);
      if (id.startsWith('./') || id.startsWith('../') || id.startsWith('/') || id === '.' || id === '..') {
        return load(id, resolve(module.path, id), module).exports;
      }
      throw new ERR_SANDBOX_UNSUPPORTED(`require('${id}') (packages from node_modules)`);
    }
    require.cache = cache;
    require.main = mainModule;
    require.resolve = (id) => {
      if (builtins[id.startsWith('node:') ? id.slice(5) : id] !== undefined) return id;
      return resolve(module.path, id);
    };
    return require;
  }

  let mainModule;

  function badOption(message) {
    process.stderr.write(`${info.argv[0]}: ${message}\n`);
    // Node's status for an invalid command line.
    process.reallyExit(9);
  }

  function runMain() {
    const argv = info.argv;
    const execPath = argv[0];
    let i = 1;
    let evalSource;
    let print = false;
    for (; i < argv.length; i++) {
      const arg = argv[i];
      if (arg === '-e' || arg === '--eval' || arg === '-p' || arg === '--print') {
        print = arg === '-p' || arg === '--print';
        if (i + 1 >= argv.length) return badOption(`${arg} requires an argument`);
        evalSource = argv[i + 1];
        i += 2;
        break;
      }
      if (arg === '--') {
        i++;
        break;
      }
      if (arg.startsWith('-') && arg !== '-') return badOption(`bad option: ${arg}`);
      break;
    }
    const cwd = info.cwd;
    if (evalSource !== undefined) {
      process.argv = [execPath, ...argv.slice(i)];
      const module = new Module('[eval]', undefined);
      module.filename = `${cwd === '/' ? '' : cwd}/[eval]`;
      module.path = cwd;
      mainModule = module;
      const globals = {
        module, exports: module.exports, require: makeRequire(module),
        __filename: '[eval]', __dirname: '.',
      };
      for (const [key, value] of Object.entries(globals)) {
        Object.defineProperty(globalThis, key, { value, writable: true, configurable: true });
      }
      const result = op_module_run_script(evalSource, '[eval]');
      if (print) require('console').log(result);
      return;
    }
    if (i >= argv.length) {
      return badOption('a script or -e <code> is required (the REPL and programs on stdin are not supported)');
    }
    const filename = resolve(cwd, argv[i]);
    process.argv = [execPath, filename, ...argv.slice(i + 1)];
    const found = readFirst([filename, `${filename}.js`, `${filename}.json`, `${filename}/index.js`]);
    if (found === undefined) throw notFound(filename, undefined);
    mainModule = new Module('.', undefined);
    mainModule.filename = found[0];
    mainModule.path = dirname(found[0]);
    cache[found[0]] = mainModule;
    const fn = op_module_compile_function(stripShebang(stripBOM(found[1])), found[0]);
    const req = makeRequire(mainModule);
    fn.call(mainModule.exports, mainModule.exports, req, mainModule, found[0], dirname(found[0]));
    mainModule.loaded = true;
  }

  exports.runMain = runMain;
})
