// The global `console`: log/info/debug to stdout, warn/error/trace to stderr, each a
// `util.format` of its arguments plus a newline, written synchronously through the
// kernel (as Node's console is for files and pipes). Also dir, assert, count, time,
// group.
(function (exports, require, ops, info, module) {
  'use strict';

  const { op_io_write_sync, op_time_now } = ops;
  const { format, formatWithOptions, inspect } = require('internal/util/inspect');

  let groupIndent = '';
  const counts = new Map();
  const timers = new Map();

  function write(fd, text) {
    if (groupIndent !== '') {
      text = groupIndent + text.replaceAll('\n', `\n${groupIndent}`);
    }
    op_io_write_sync(fd, `${text}\n`);
  }

  const console = {
    log(...args) { write(1, format(...args)); },
    info(...args) { write(1, format(...args)); },
    debug(...args) { write(1, format(...args)); },
    warn(...args) { write(2, format(...args)); },
    error(...args) { write(2, format(...args)); },
    trace(...args) {
      const err = { name: 'Trace', message: format(...args) };
      Error.captureStackTrace(err, console.trace);
      write(2, err.stack);
    },
    dir(object, options) {
      write(1, inspect(object, { customInspect: false, ...options }));
    },
    dirxml(...args) { write(1, format(...args)); },
    assert(condition, ...args) {
      if (!condition) {
        if (args.length > 0 && typeof args[0] === 'string') {
          args[0] = `Assertion failed: ${args[0]}`;
        } else {
          args.unshift('Assertion failed');
        }
        write(2, formatWithOptions(undefined, ...args));
      }
    },
    count(label = 'default') {
      label = `${label}`;
      const n = (counts.get(label) || 0) + 1;
      counts.set(label, n);
      write(1, `${label}: ${n}`);
    },
    countReset(label = 'default') {
      counts.delete(`${label}`);
    },
    time(label = 'default') {
      timers.set(`${label}`, op_time_now());
    },
    timeLog(label = 'default', ...data) {
      const start = timers.get(`${label}`);
      if (start === undefined) return;
      write(1, format(`${label}: %sms`, (op_time_now() - start).toFixed(3), ...data));
    },
    timeEnd(label = 'default') {
      console.timeLog(label);
      timers.delete(`${label}`);
    },
    group(...labels) {
      if (labels.length > 0) console.log(...labels);
      groupIndent += '  ';
    },
    groupCollapsed(...labels) {
      console.group(...labels);
    },
    groupEnd() {
      groupIndent = groupIndent.slice(0, groupIndent.length - 2);
    },
    table(data) {
      console.log(data);
    },
  };

  module.exports = console;
})
