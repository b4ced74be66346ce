// `require('timers/promises')`: setTimeout, setImmediate, setInterval (an async
// iterator) and scheduler.wait/yield, with `signal` (AbortError) and `ref`.
(function (exports, require) {
  'use strict';

  const timers = require('timers');
  const { codes: { ERR_INVALID_ARG_TYPE } } = require('internal/errors');

  function abortError(signal) {
    const err = new Error('The operation was aborted');
    err.name = 'AbortError';
    err.code = 'ABORT_ERR';
    if (signal?.reason !== undefined) err.cause = signal.reason;
    return err;
  }

  function validateOptions(options) {
    if (options === null || typeof options !== 'object') {
      throw new ERR_INVALID_ARG_TYPE('options', 'of type object', options);
    }
    const { signal, ref = true } = options;
    if (signal !== undefined && (signal === null || typeof signal !== 'object' || !('aborted' in signal))) {
      throw new ERR_INVALID_ARG_TYPE('options.signal', 'an instance of AbortSignal', signal);
    }
    if (typeof ref !== 'boolean') throw new ERR_INVALID_ARG_TYPE('options.ref', 'of type boolean', ref);
    return { signal, ref };
  }

  function schedule(start, clear, value, options) {
    let signal;
    let ref;
    try {
      ({ signal, ref } = validateOptions(options));
    } catch (err) {
      return Promise.reject(err);
    }
    if (signal?.aborted) return Promise.reject(abortError(signal));
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        clear(handle);
        reject(abortError(signal));
      };
      const handle = start(() => {
        if (signal) signal.removeEventListener('abort', onAbort);
        resolve(value);
      });
      if (!ref && handle?.unref) handle.unref();
      if (signal) signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  function setTimeout(after, value, options = {}) {
    return schedule((fn) => timers.setTimeout(fn, after), timers.clearTimeout, value, options);
  }

  function setImmediate(value, options = {}) {
    return schedule((fn) => timers.setImmediate(fn), timers.clearImmediate, value, options);
  }

  async function* setInterval(after, value, options = {}) {
    const { signal, ref } = validateOptions(options);
    if (signal?.aborted) throw abortError(signal);
    let notYielded = 0;
    let wake;
    const interval = timers.setInterval(() => {
      notYielded++;
      if (wake) {
        wake();
        wake = undefined;
      }
    }, after);
    if (!ref) interval.unref();
    let aborted = false;
    const onAbort = () => {
      aborted = true;
      if (wake) wake();
    };
    if (signal) signal.addEventListener('abort', onAbort, { once: true });
    try {
      for (;;) {
        if (notYielded === 0) await new Promise((resolve) => { wake = resolve; });
        if (aborted) throw abortError(signal);
        for (; notYielded > 0; notYielded--) yield value;
      }
    } finally {
      timers.clearInterval(interval);
      if (signal) signal.removeEventListener('abort', onAbort);
    }
  }

  exports.setTimeout = setTimeout;
  exports.setImmediate = setImmediate;
  exports.setInterval = setInterval;
  exports.scheduler = {
    wait: (delay, options) => setTimeout(delay, undefined, options),
    yield: () => setImmediate(),
  };
})
