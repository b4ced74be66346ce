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
    // Node's console.table: a box-drawn table of the rows' own keys (or
    // `properties`), values inspected at depth 0.
    table(tabularData, properties) {
      if (tabularData === null || typeof tabularData !== 'object') return console.log(tabularData);
      const { inspect } = require('internal/util/inspect');
      const inspectCell = (v) => {
        const depth = v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 2 ? -1 : 0;
        return inspect(v, { depth, maxArrayLength: 3, breakLength: Infinity });
      };
      const indexes = (length) => Array.from({ length }, (_, i) => inspectCell(i));
      if (tabularData instanceof Map) {
        const keys = [];
        const values = [];
        for (const [k, v] of tabularData) {
          keys.push(inspectCell(k));
          values.push(inspectCell(v));
        }
        return console.log(cliTable(['(iteration index)', 'Key', 'Values'], [indexes(keys.length), keys, values]));
      }
      if (tabularData instanceof Set) {
        const values = [...tabularData].map(inspectCell);
        return console.log(cliTable(['(iteration index)', 'Values'], [indexes(values.length), values]));
      }
      const map = { __proto__: null };
      let hasPrimitives = false;
      const valuesKeyArray = [];
      const indexKeyArray = Object.keys(tabularData);
      for (let i = 0; i < indexKeyArray.length; i++) {
        const item = tabularData[indexKeyArray[i]];
        const primitive = item === null || (typeof item !== 'function' && typeof item !== 'object');
        if (properties === undefined && primitive) {
          hasPrimitives = true;
          valuesKeyArray[i] = inspectCell(item);
        } else {
          const keys = properties || Object.keys(item);
          for (const key of keys) {
            map[key] ??= [];
            if ((primitive && properties) || !Object.prototype.hasOwnProperty.call(item, key)) map[key][i] = '';
            else map[key][i] = inspectCell(item[key]);
          }
        }
      }
      const keys = Object.keys(map);
      const values = Object.values(map);
      if (hasPrimitives) {
        keys.push('Values');
        values.push(valuesKeyArray);
      }
      keys.unshift('(index)');
      values.unshift(indexKeyArray);
      return console.log(cliTable(keys, values));
    },
  };

  function cliTable(head, columns) {
    const rows = [];
    const widths = head.map((h) => h.length);
    const longest = Math.max(...columns.map((c) => c.length));
    for (let i = 0; i < head.length; i++) {
      const column = columns[i];
      for (let j = 0; j < longest; j++) {
        if (rows[j] === undefined) rows[j] = [];
        const value = rows[j][i] = Object.prototype.hasOwnProperty.call(column, j) ? column[j] : '';
        widths[i] = Math.max(widths[i] || 0, value.length);
      }
    }
    const renderRow = (row) => `│ ${row.map((cell, i) => cell + ' '.repeat(widths[i] - cell.length)).join(' │ ')} │`;
    const divider = widths.map((w) => '─'.repeat(w + 2));
    let result = `┌${divider.join('┬')}┐\n${renderRow(head)}\n├${divider.join('┼')}┤\n`;
    for (const row of rows) result += `${renderRow(row)}\n`;
    return `${result}└${divider.join('┴')}┘`;
  }

  module.exports = console;
})
