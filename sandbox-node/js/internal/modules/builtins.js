// The built-in modules: which exist in Node, which this runtime provides, and loading
// them by name (`require('fs')`, `require('node:fs')`, `import 'node:fs'`).
(function (exports, require) {
  'use strict';

  const { codes: { ERR_SANDBOX_UNSUPPORTED } } = require('internal/errors');

  // Provided: the name a program uses -> the internal module that implements it.
  const provided = {
    __proto__: null,
    assert: 'assert',
    'assert/strict': 'assert/strict',
    buffer: 'buffer',
    child_process: 'child_process',
    console: 'console',
    crypto: 'crypto',
    events: 'events',
    path: 'path',
    'path/posix': 'path',
    perf_hooks: 'perf_hooks',
    fs: 'fs',
    'fs/promises': 'fs/promises',
    module: 'module',
    os: 'os',
    process: 'process',
    querystring: 'querystring',
    string_decoder: 'string_decoder',
    stream: 'internal/deps/readable-stream/lib/stream.js',
    'stream/promises': 'internal/deps/readable-stream/lib/stream/promises.js',
    _stream_readable: 'internal/deps/readable-stream/lib/_stream_readable.js',
    _stream_writable: 'internal/deps/readable-stream/lib/_stream_writable.js',
    _stream_duplex: 'internal/deps/readable-stream/lib/_stream_duplex.js',
    _stream_transform: 'internal/deps/readable-stream/lib/_stream_transform.js',
    _stream_passthrough: 'internal/deps/readable-stream/lib/_stream_passthrough.js',
    timers: 'timers',
    'timers/promises': 'timers/promises',
    tty: 'tty',
    url: 'url',
    util: 'util',
    'util/types': 'util/types',
    zlib: 'zlib',
  };

  // Node's built-in modules (module.builtinModules of Node 22), provided or not.
  const all = [
    '_http_agent', '_http_client', '_http_common', '_http_incoming', '_http_outgoing',
    '_http_server', '_stream_duplex', '_stream_passthrough', '_stream_readable',
    '_stream_transform', '_stream_wrap', '_stream_writable', '_tls_common', '_tls_wrap',
    'assert', 'assert/strict', 'async_hooks', 'buffer', 'child_process', 'cluster',
    'console', 'constants', 'crypto', 'dgram', 'diagnostics_channel', 'dns',
    'dns/promises', 'domain', 'events', 'fs', 'fs/promises', 'http', 'http2', 'https',
    'inspector', 'inspector/promises', 'module', 'net', 'os', 'path', 'path/posix',
    'path/win32', 'perf_hooks', 'process', 'punycode', 'querystring', 'readline',
    'readline/promises', 'repl', 'stream', 'stream/consumers', 'stream/promises',
    'stream/web', 'string_decoder', 'sys', 'timers', 'timers/promises', 'tls',
    'trace_events', 'tty', 'url', 'util', 'util/types', 'v8', 'vm', 'wasi',
    'worker_threads', 'zlib',
  ];
  const known = new Set(all);
  // Only with the `node:` scheme.
  const schemeOnly = new Set(['sea', 'sqlite', 'test', 'test/reporters']);

  function isBuiltin(name) {
    const id = name.startsWith('node:') ? name.slice(5) : name;
    return known.has(id) || (name.startsWith('node:') && schemeOnly.has(id));
  }

  function canBeRequiredWithoutScheme(name) {
    return known.has(name);
  }

  const cache = { __proto__: null };

  // The exports of built-in `name` (without `node:`).
  function load(name) {
    if (name in cache) return cache[name];
    const internal = provided[name];
    if (internal === undefined) {
      throw new ERR_SANDBOX_UNSUPPORTED(`The built-in module '${name}'`);
    }
    let value;
    if (internal === 'module') value = require('internal/modules/cjs').Module;
    else if (internal === 'assert/strict') value = require('assert').strict;
    else if (internal === 'util/types') value = require('util').types;
    else if (internal === 'fs/promises') value = require('fs').promises;
    else value = require(internal);
    cache[name] = value;
    return value;
  }

  function names() {
    return [...all];
  }

  exports.isBuiltin = isBuiltin;
  exports.canBeRequiredWithoutScheme = canBeRequiredWithoutScheme;
  exports.load = load;
  exports.names = names;
})
