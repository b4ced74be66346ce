// What Node does after every macrotask: `process.nextTick` callbacks (each followed
// by the microtasks it queued), then unhandled promise rejections; and how an
// uncaught exception is reported.
(function (exports, require, ops, info) {
  'use strict';

  const {
    op_io_write_sync,
    op_process_error_source,
    op_process_exit,
    op_process_queue_microtask,
    op_process_run_microtasks,
    op_process_take_rejections,
  } = ops;
  const { codes: { ERR_INVALID_ARG_TYPE } } = require('internal/errors');
  const { inspect } = require('internal/util/inspect');

  const ticks = [];

  function nextTick(callback, ...args) {
    if (typeof callback !== 'function') {
      throw new ERR_INVALID_ARG_TYPE('callback', 'of type function', callback);
    }
    ticks.push([callback, args]);
  }

  function queueMicrotask(callback) {
    if (typeof callback !== 'function') {
      throw new ERR_INVALID_ARG_TYPE('callback', 'of type function', callback);
    }
    op_process_queue_microtask(() => {
      try {
        callback();
      } catch (err) {
        triggerUncaught(err);
      }
    });
  }

  // Node's processTicksAndRejections: the whole tick queue (including ticks queued by
  // ticks), then the microtasks, until both are empty.
  function afterTask() {
    do {
      let tick;
      while ((tick = ticks.shift()) !== undefined) {
        const [callback, args] = tick;
        callback(...args);
      }
      op_process_run_microtasks();
    } while (ticks.length > 0 || processRejections());
  }

  // Node's default (`--unhandled-rejections=throw`): an 'unhandledRejection' listener
  // gets it; without one it is an uncaught exception.
  function processRejections() {
    const list = op_process_take_rejections();
    if (list.length === 0) return false;
    const process = require('process');
    for (let i = 0; i < list.length; i += 2) {
      const promise = list[i];
      const reason = list[i + 1];
      if (process.listenerCount('unhandledRejection') > 0) {
        process.emit('unhandledRejection', reason, promise);
        continue;
      }
      triggerUncaught(isErrorLike(reason) ? reason : unhandledRejectionError(reason));
    }
    return true;
  }

  function unhandledRejectionError(reason) {
    const err = new Error('This error originated either by throwing inside of an async ' +
      'function without a catch block, or by rejecting a promise which was not handled ' +
      `with .catch(). The promise rejected with the reason "${inspect(reason)}".`);
    err.name = 'UnhandledPromiseRejection';
    // eslint-disable-next-line no-unused-expressions
    err.stack;
    delete err.name;
    Object.defineProperty(err, 'name', {
      value: 'UnhandledPromiseRejection', enumerable: false, writable: true, configurable: true,
    });
    err.code = 'ERR_UNHANDLED_REJECTION';
    return err;
  }

  function isErrorLike(value) {
    return value !== null && typeof value === 'object' &&
      (value instanceof Error || typeof value.stack === 'string');
  }

  // Errors whose stack already starts with their source position.
  const decorated = new WeakSet();
  function decorate(err) {
    if (decorated.has(err)) return;
    const header = op_process_error_source(err);
    if (header) {
      err.stack = `${header}${err.stack}`;
      decorated.add(err);
    }
  }

  // Node's report: the source position (`header`: file:line, the line, a caret),
  // then the inspected error, then the version.
  function formatUncaught(err, header) {
    if (isErrorLike(err)) {
      if (decorated.has(err)) header = '';
      return `${header ? `${header}\n` : ''}${inspect(err)}\n\nNode.js ${info.version}\n`;
    }
    // Node adds the --trace-uncaught hint for thrown primitives only.
    if (typeof err === 'object' && err !== null) {
      return `\n${header}${inspect(err)}\n\nNode.js ${info.version}\n`;
    }
    return `\n${header}${String(err)}\n(Use \`node --trace-uncaught ...\` to show where the ` +
      `exception was thrown)\n\nNode.js ${info.version}\n`;
  }

  // Called by the event loop with an exception that escaped the program. Returns
  // true when an 'uncaughtException' listener took it (the program goes on).
  function uncaught(err, header) {
    const process = require('process');
    if (process.listenerCount('uncaughtException') > 0) {
      process.emit('uncaughtException', err, 'uncaughtException');
      return true;
    }
    const enhance = err !== null && typeof err === 'object' ?
      err[Symbol.for('sandbox.events.enhanceStack')] : undefined;
    if (typeof enhance === 'function') {
      try {
        err.stack = enhance();
      } catch {
        // The stack stays as it was.
      }
    }
    op_io_write_sync(2, formatUncaught(err, header));
    require.internal('process').emitExit(1);
    return false;
  }

  // An exception where the event loop cannot see it (a microtask, a rejection).
  // Node names the place the error was created (for a non-error reason, where the
  // UnhandledPromiseRejection error was).
  function triggerUncaught(err) {
    const header = isErrorLike(err) ? op_process_error_source(err) : '';
    if (!uncaught(err, header)) op_process_exit(1);
  }

  exports.nextTick = nextTick;
  exports.queueMicrotask = queueMicrotask;
  exports.afterTask = afterTask;
  exports.uncaught = uncaught;
  exports.triggerUncaught = triggerUncaught;
  exports.decorate = decorate;
})
