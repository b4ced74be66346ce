// Timers and immediates, and the two questions the event loop asks
// (src/event_loop.rs): when is the next one due (`nextDeadline`), and run the next
// one due now (`runNextTask`). Time is the kernel's monotonic clock in milliseconds.
//
// One loop iteration, as Node's: every timer due at the iteration's time, in order
// of due time then creation; then the immediates queued before the iteration's
// immediate phase began (those queued while it runs wait for the next iteration).
(function (exports, require, ops, info, module) {
  'use strict';

  const { op_time_now } = ops;
  const { codes: { ERR_INVALID_ARG_TYPE } } = require('internal/errors');
  const ioWatch = require('internal/io_watch');

  const TIMEOUT_MAX = 2 ** 31 - 1;

  let nextId = 1;
  let nextSeq = 1;
  // Scheduled timers, sorted by (when, seq).
  const timers = [];
  const byId = new Map();
  let immediates = [];
  // The loop's idea of now (libuv's cached `uv_now`): set when the loop starts an
  // iteration, not read per timer, so timers created in one task with one delay
  // expire together and in creation order, as in Node. At first the process's start
  // (set by the bootstrap's `start`, after the startup snapshot).
  let loopNow = 0;
  // The immediates of the current iteration's immediate phase; null before it starts.
  let immediateBatch = null;

  function validateCallback(callback) {
    if (typeof callback !== 'function') {
      throw new ERR_INVALID_ARG_TYPE('callback', 'of type function', callback);
    }
  }

  function insert(timer) {
    timer._seq = nextSeq++;
    let lo = 0;
    let hi = timers.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const t = timers[mid];
      if (t._when < timer._when || (t._when === timer._when && t._seq < timer._seq)) lo = mid + 1;
      else hi = mid;
    }
    timers.splice(lo, 0, timer);
  }

  function remove(timer) {
    const i = timers.indexOf(timer);
    if (i !== -1) timers.splice(i, 1);
  }

  class Timeout {
    constructor(callback, after, args, repeat) {
      after = Number(after);
      if (!(after >= 1 && after <= TIMEOUT_MAX)) after = 1;
      this._idleTimeout = after;
      this._onTimeout = callback;
      this._timerArgs = args;
      this._repeat = repeat ? after : null;
      this._destroyed = false;
      this._id = nextId++;
      this._refed = true;
      this._when = loopNow + after;
      byId.set(this._id, this);
      insert(this);
    }

    ref() {
      this._refed = true;
      return this;
    }

    unref() {
      this._refed = false;
      return this;
    }

    hasRef() {
      return this._refed;
    }

    refresh() {
      if (!this._destroyed) {
        remove(this);
        this._when = loopNow + this._idleTimeout;
        insert(this);
      }
      return this;
    }

    close() {
      clearTimeout(this);
      return this;
    }

    [Symbol.toPrimitive]() {
      return this._id;
    }
  }

  class Immediate {
    constructor(callback, args) {
      this._onImmediate = callback;
      this._argv = args;
      this._destroyed = false;
      this._refed = true;
    }

    ref() { this._refed = true; return this; }
    unref() { this._refed = false; return this; }
    hasRef() { return this._refed; }
  }

  function setTimeout(callback, after, ...args) {
    validateCallback(callback);
    return new Timeout(callback, after, args, false);
  }

  function setInterval(callback, repeat, ...args) {
    validateCallback(callback);
    return new Timeout(callback, repeat, args, true);
  }

  function clearTimeout(timer) {
    if (timer === null || timer === undefined) return;
    if (typeof timer === 'number' || typeof timer === 'string') timer = byId.get(Number(timer));
    if (timer instanceof Timeout && !timer._destroyed) {
      timer._destroyed = true;
      byId.delete(timer._id);
      remove(timer);
    }
  }

  function setImmediate(callback, ...args) {
    validateCallback(callback);
    const immediate = new Immediate(callback, args);
    immediates.push(immediate);
    return immediate;
  }

  function clearImmediate(immediate) {
    if (immediate instanceof Immediate) immediate._destroyed = true;
  }

  // Monotonic ms at which something is due: now for a pending immediate, else the
  // earliest referenced timer; -1 when nothing keeps the loop alive. Called at the
  // start of every loop iteration.
  function nextDeadline() {
    immediateBatch = null;
    immediates = immediates.filter((i) => !i._destroyed);
    if (immediates.some((i) => i._refed)) return 0;
    if (ioWatch.hasPending()) return 0;
    for (const t of timers) {
      if (t._refed) return timers[0]._when;
    }
    // Only descriptors or children to wait for: the poll phase waits without limit.
    return ioWatch.alive() ? Infinity : -1;
  }

  // Runs one task due at `now`; false when this iteration has nothing left.
  function runNextTask(now) {
    loopNow = now;
    if (timers.length > 0 && timers[0]._when <= now) {
      const timer = timers.shift();
      if (timer._repeat !== null) {
        timer._when = now + timer._repeat;
        insert(timer);
      } else {
        timer._destroyed = true;
        byId.delete(timer._id);
      }
      timer._onTimeout(...timer._timerArgs);
      return true;
    }
    if (immediateBatch === null && ioWatch.runNext()) return true;
    if (immediateBatch === null) {
      immediateBatch = immediates;
      immediates = [];
    }
    while (immediateBatch.length > 0) {
      const immediate = immediateBatch.shift();
      if (immediate._destroyed) continue;
      immediate._destroyed = true;
      immediate._onImmediate(...immediate._argv);
      return true;
    }
    return false;
  }

  // util.promisify(setTimeout)(ms, value) and (setImmediate)(value), as Node.
  Object.defineProperty(setTimeout, Symbol.for('nodejs.util.promisify.custom'), {
    value: (after, value) => new Promise((resolve) => setTimeout(resolve, after, value)),
    enumerable: false, configurable: true, writable: false,
  });
  Object.defineProperty(setImmediate, Symbol.for('nodejs.util.promisify.custom'), {
    value: (value) => new Promise((resolve) => setImmediate(resolve, value)),
    enumerable: false, configurable: true, writable: false,
  });

  exports.setTimeout = setTimeout;
  exports.clearTimeout = clearTimeout;
  exports.setInterval = setInterval;
  exports.clearInterval = clearTimeout;
  exports.setImmediate = setImmediate;
  exports.clearImmediate = clearImmediate;
  module.internal = {
    start() {
      loopNow = require('internal/process_start').startMono;
    },
    nextDeadline,
    runNextTask,
    poll: ioWatch.poll,
  };
})
