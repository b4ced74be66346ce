// `require('events')`: EventEmitter as Node 22 has it — listeners in order, `once`,
// `prepend*`, `'newListener'`/`'removeListener'`, the `'error'` event (thrown when
// nobody listens, ERR_UNHANDLED_ERROR for non-errors), `errorMonitor`, max-listener
// warnings, `captureRejections`, and the helpers `once`, `on`, `getEventListeners`,
// `setMaxListeners`, `listenerCount`. Written for this runtime: the npm port (`events`)
// follows Node 11 (other error messages, no errorMonitor/captureRejections).
(function (exports, require, ops, info, module) {
  'use strict';

  const {
    codes: { ERR_INVALID_ARG_TYPE, ERR_OUT_OF_RANGE, ERR_UNHANDLED_ERROR },
  } = require('internal/errors');

  const kCapture = Symbol('kCapture');
  const kRejection = Symbol.for('nodejs.rejection');
  const errorMonitor = Symbol('events.errorMonitor');
  let defaultMaxListeners = 10;

  function checkListener(listener) {
    if (typeof listener !== 'function') {
      throw new ERR_INVALID_ARG_TYPE('listener', 'of type function', listener);
    }
  }

  function EventEmitter(opts) {
    EventEmitter.init.call(this, opts);
  }

  EventEmitter.prototype._events = undefined;
  EventEmitter.prototype._eventsCount = 0;
  EventEmitter.prototype._maxListeners = undefined;

  EventEmitter.init = function init(opts) {
    if (this._events === undefined || this._events === Object.getPrototypeOf(this)._events) {
      this._events = { __proto__: null };
      this._eventsCount = 0;
    }
    this._maxListeners = this._maxListeners || undefined;
    if (opts?.captureRejections) {
      if (typeof opts.captureRejections !== 'boolean') {
        throw new ERR_INVALID_ARG_TYPE('options.captureRejections', 'of type boolean', opts.captureRejections);
      }
      this[kCapture] = Boolean(opts.captureRejections);
    } else {
      this[kCapture] = EventEmitter.prototype[kCapture];
    }
  };

  Object.defineProperty(EventEmitter, 'defaultMaxListeners', {
    enumerable: true,
    get() { return defaultMaxListeners; },
    set(n) {
      if (typeof n !== 'number' || n < 0 || Number.isNaN(n)) {
        throw new ERR_OUT_OF_RANGE('defaultMaxListeners', 'a non-negative number', n);
      }
      defaultMaxListeners = n;
    },
  });

  Object.defineProperty(EventEmitter, 'captureRejections', {
    enumerable: true,
    get() { return EventEmitter.prototype[kCapture]; },
    set(value) {
      if (typeof value !== 'boolean') {
        throw new ERR_INVALID_ARG_TYPE('EventEmitter.captureRejections', 'of type boolean', value);
      }
      EventEmitter.prototype[kCapture] = value;
    },
  });
  EventEmitter.prototype[kCapture] = false;

  EventEmitter.errorMonitor = errorMonitor;
  EventEmitter.captureRejectionSymbol = kRejection;

  EventEmitter.prototype.setMaxListeners = function setMaxListeners(n) {
    if (typeof n !== 'number' || n < 0 || Number.isNaN(n)) {
      throw new ERR_OUT_OF_RANGE('n', 'a non-negative number', n);
    }
    this._maxListeners = n;
    return this;
  };

  function maxListeners(that) {
    return that._maxListeners === undefined ? defaultMaxListeners : that._maxListeners;
  }

  EventEmitter.prototype.getMaxListeners = function getMaxListeners() {
    return maxListeners(this);
  };

  function addCatch(that, promise, type, args) {
    if (!that[kCapture]) return;
    try {
      const then = promise.then;
      if (typeof then === 'function') {
        then.call(promise, undefined, (err) => {
          require('process').nextTick(emitUnhandledRejectionOrErr, that, err, type, args);
        });
      }
    } catch (err) {
      that.emit('error', err);
    }
  }

  function emitUnhandledRejectionOrErr(ee, err, type, args) {
    if (typeof ee[kRejection] === 'function') {
      ee[kRejection](err, type, ...args);
    } else {
      const prev = ee[kCapture];
      try {
        ee[kCapture] = false;
        ee.emit('error', err);
      } finally {
        ee[kCapture] = prev;
      }
    }
  }

  EventEmitter.prototype.emit = function emit(type, ...args) {
    let doError = type === 'error';
    const events = this._events;
    if (events !== undefined) {
      if (doError && events[errorMonitor] !== undefined) this.emit(errorMonitor, ...args);
      doError = doError && events.error === undefined;
    } else if (!doError) {
      return false;
    }
    if (doError) {
      const er = args.length > 0 ? args[0] : undefined;
      if (er instanceof Error) {
        try {
          const capture = {};
          Error.captureStackTrace(capture, EventEmitter.prototype.emit);
          Object.defineProperty(er, kEnhanceStack, {
            __proto__: null,
            value: enhanceStackTrace.bind(this, er, capture),
            configurable: true,
          });
        } catch {
          // A frozen error keeps its stack as it is.
        }
        throw er; // Unhandled 'error' event
      }
      let stringified;
      try {
        stringified = require('internal/util/inspect').inspect(er);
      } catch {
        stringified = er;
      }
      const err = new ERR_UNHANDLED_ERROR(stringified);
      err.context = er;
      throw err;
    }
    const handler = events[type];
    if (handler === undefined) return false;
    if (typeof handler === 'function') {
      const result = handler.apply(this, args);
      if (result !== undefined && result !== null) addCatch(this, result, type, args);
    } else {
      const listeners = handler.slice();
      for (let i = 0; i < listeners.length; ++i) {
        const result = listeners[i].apply(this, args);
        if (result !== undefined && result !== null) addCatch(this, result, type, args);
      }
    }
    return true;
  };

  // Where the unhandled 'error' was emitted, appended to the error's stack when it is
  // reported as uncaught (Node's enhanceStackTrace).
  const kEnhanceStack = Symbol.for('sandbox.events.enhanceStack');

  function identicalSequenceRange(a, b) {
    for (let i = 0; i < a.length - 3; i++) {
      const pos = b.indexOf(a[i]);
      if (pos !== -1) {
        const rest = b.length - pos;
        if (rest > 3) {
          let len = 1;
          const maxLen = Math.min(a.length - i, rest);
          while (maxLen > len && a[i + len] === b[pos + len]) len++;
          if (len > 3) return { len, offset: i };
        }
      }
    }
    return { len: 0, offset: 0 };
  }

  function enhanceStackTrace(err, own) {
    let ctorInfo = '';
    try {
      const { name } = this.constructor;
      if (name !== 'EventEmitter') ctorInfo = ` on ${name} instance`;
    } catch {
      // No constructor to name.
    }
    const sep = `\nEmitted 'error' event${ctorInfo} at:\n`;
    const errStack = err.stack.split('\n').slice(1);
    const ownStack = own.stack.split('\n').slice(1);
    const { len, offset } = identicalSequenceRange(ownStack, errStack);
    if (len > 0) {
      ownStack.splice(offset + 1, len - 2, '    [... lines matching original stack trace ...]');
    }
    return err.stack + sep + ownStack.join('\n');
  }

  function describeEmitter(target) {
    const name = target.constructor?.name || 'EventEmitter';
    return `[${name}]`;
  }

  function addListener(target, type, listener, prepend) {
    checkListener(listener);
    let events = target._events;
    let existing;
    if (events === undefined) {
      events = target._events = { __proto__: null };
      target._eventsCount = 0;
    } else {
      if (events.newListener !== undefined) {
        target.emit('newListener', type, listener.listener ?? listener);
        events = target._events;
      }
      existing = events[type];
    }
    if (existing === undefined) {
      events[type] = listener;
      ++target._eventsCount;
    } else {
      if (typeof existing === 'function') {
        existing = events[type] = prepend ? [listener, existing] : [existing, listener];
      } else if (prepend) {
        existing.unshift(listener);
      } else {
        existing.push(listener);
      }
      const m = maxListeners(target);
      if (m > 0 && existing.length > m && !existing.warned) {
        existing.warned = true;
        const w = new Error('Possible EventEmitter memory leak detected. ' +
          `${existing.length} ${String(type)} listeners ` +
          `added to ${describeEmitter(target)}. MaxListeners is ${m}. ` +
          'Use emitter.setMaxListeners() to increase limit');
        w.name = 'MaxListenersExceededWarning';
        w.emitter = target;
        w.type = type;
        w.count = existing.length;
        require('process').emitWarning(w);
      }
    }
    return target;
  }

  EventEmitter.prototype.addListener = function addListenerMethod(type, listener) {
    return addListener(this, type, listener, false);
  };
  EventEmitter.prototype.on = EventEmitter.prototype.addListener;
  EventEmitter.prototype.prependListener = function prependListener(type, listener) {
    return addListener(this, type, listener, true);
  };

  function onceWrapper(...args) {
    if (!this.fired) {
      this.target.removeListener(this.type, this.wrapFn);
      this.fired = true;
      return this.listener.apply(this.target, args);
    }
    return undefined;
  }

  function onceWrap(target, type, listener) {
    const state = { fired: false, wrapFn: undefined, target, type, listener };
    const wrapped = onceWrapper.bind(state);
    wrapped.listener = listener;
    state.wrapFn = wrapped;
    return wrapped;
  }

  EventEmitter.prototype.once = function once(type, listener) {
    checkListener(listener);
    this.on(type, onceWrap(this, type, listener));
    return this;
  };

  EventEmitter.prototype.prependOnceListener = function prependOnceListener(type, listener) {
    checkListener(listener);
    this.prependListener(type, onceWrap(this, type, listener));
    return this;
  };

  EventEmitter.prototype.removeListener = function removeListener(type, listener) {
    checkListener(listener);
    const events = this._events;
    if (events === undefined) return this;
    const list = events[type];
    if (list === undefined) return this;
    if (list === listener || list.listener === listener) {
      this._eventsCount -= 1;
      if (this._eventsCount === 0) this._events = { __proto__: null };
      else delete events[type];
      if (events.removeListener !== undefined) {
        this.emit('removeListener', type, list.listener || listener);
      }
    } else if (typeof list !== 'function') {
      let position = -1;
      for (let i = list.length - 1; i >= 0; i--) {
        if (list[i] === listener || list[i].listener === listener) {
          position = i;
          break;
        }
      }
      if (position < 0) return this;
      if (position === 0) list.shift();
      else list.splice(position, 1);
      if (list.length === 1) events[type] = list[0];
      if (events.removeListener !== undefined) this.emit('removeListener', type, listener);
    }
    return this;
  };
  EventEmitter.prototype.off = EventEmitter.prototype.removeListener;

  EventEmitter.prototype.removeAllListeners = function removeAllListeners(type) {
    const events = this._events;
    if (events === undefined) return this;
    if (events.removeListener === undefined) {
      if (arguments.length === 0) {
        this._events = { __proto__: null };
        this._eventsCount = 0;
      } else if (events[type] !== undefined) {
        if (--this._eventsCount === 0) this._events = { __proto__: null };
        else delete events[type];
      }
      return this;
    }
    if (arguments.length === 0) {
      for (const key of Reflect.ownKeys(events)) {
        if (key === 'removeListener') continue;
        this.removeAllListeners(key);
      }
      this.removeAllListeners('removeListener');
      this._events = { __proto__: null };
      this._eventsCount = 0;
      return this;
    }
    const listeners = events[type];
    if (typeof listeners === 'function') {
      this.removeListener(type, listeners);
    } else if (listeners !== undefined) {
      for (let i = listeners.length - 1; i >= 0; i--) this.removeListener(type, listeners[i]);
    }
    return this;
  };

  function listenersOf(target, type, unwrap) {
    const events = target._events;
    if (events === undefined) return [];
    const listener = events[type];
    if (listener === undefined) return [];
    if (typeof listener === 'function') return unwrap ? [listener.listener || listener] : [listener];
    return unwrap ? listener.map((l) => l.listener || l) : listener.slice();
  }

  EventEmitter.prototype.listeners = function listeners(type) {
    return listenersOf(this, type, true);
  };
  EventEmitter.prototype.rawListeners = function rawListeners(type) {
    return listenersOf(this, type, false);
  };

  function listenerCount(type, listener) {
    const events = this._events;
    if (events !== undefined) {
      const evlistener = events[type];
      if (typeof evlistener === 'function') {
        if (listener != null) return listener === evlistener || listener === evlistener.listener ? 1 : 0;
        return 1;
      }
      if (evlistener !== undefined) {
        if (listener != null) {
          let matching = 0;
          for (const l of evlistener) if (l === listener || l.listener === listener) matching++;
          return matching;
        }
        return evlistener.length;
      }
    }
    return 0;
  }
  EventEmitter.prototype.listenerCount = listenerCount;
  EventEmitter.listenerCount = (emitter, type) => {
    if (typeof emitter.listenerCount === 'function') return emitter.listenerCount(type);
    return listenerCount.call(emitter, type);
  };

  EventEmitter.prototype.eventNames = function eventNames() {
    return this._eventsCount > 0 ? Reflect.ownKeys(this._events) : [];
  };

  function getEventListeners(emitterOrTarget, type) {
    if (typeof emitterOrTarget.listeners === 'function') return emitterOrTarget.listeners(type);
    if (typeof emitterOrTarget.addEventListener === 'function' &&
        typeof emitterOrTarget[Symbol.for('sandbox.eventTargetListeners')] === 'function') {
      return emitterOrTarget[Symbol.for('sandbox.eventTargetListeners')](type);
    }
    throw new ERR_INVALID_ARG_TYPE('emitter', 'an instance of EventEmitter or EventTarget', emitterOrTarget);
  }

  function setMaxListeners(n = defaultMaxListeners, ...targets) {
    if (typeof n !== 'number' || n < 0 || Number.isNaN(n)) {
      throw new ERR_OUT_OF_RANGE('n', 'a non-negative number', n);
    }
    if (targets.length === 0) {
      defaultMaxListeners = n;
    } else {
      for (const target of targets) {
        if (typeof target.setMaxListeners === 'function') target.setMaxListeners(n);
        else throw new ERR_INVALID_ARG_TYPE('eventTargets', 'an instance of EventEmitter or EventTarget', target);
      }
    }
  }

  function abortError(signal) {
    const err = new Error('The operation was aborted');
    err.name = 'AbortError';
    err.code = 'ABORT_ERR';
    if (signal && signal.reason !== undefined) err.cause = signal.reason;
    return err;
  }

  // events.once(emitter, name): a promise of the arguments of the next emit; an
  // 'error' emitted first rejects it.
  function once(emitter, name, options = {}) {
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(abortError(signal));
    return new Promise((resolve, reject) => {
      const errorListener = (err) => {
        emitter.removeListener(name, resolver);
        if (signal) signal.removeEventListener('abort', abortListener);
        reject(err);
      };
      const resolver = (...args) => {
        if (typeof emitter.removeListener === 'function' && name !== 'error') {
          emitter.removeListener('error', errorListener);
        }
        if (signal) signal.removeEventListener('abort', abortListener);
        resolve(args);
      };
      const abortListener = () => {
        emitter.removeListener(name, resolver);
        emitter.removeListener('error', errorListener);
        reject(abortError(signal));
      };
      if (typeof emitter.addEventListener === 'function' && typeof emitter.on !== 'function') {
        emitter.addEventListener(name, (...args) => resolve(args), { once: true });
        return;
      }
      emitter.once(name, resolver);
      if (name !== 'error') emitter.once('error', errorListener);
      if (signal) signal.addEventListener('abort', abortListener, { once: true });
    });
  }

  // events.on(emitter, name): an async iterator over the arguments of each emit.
  function on(emitter, event, options = {}) {
    const signal = options?.signal;
    const unconsumedEvents = [];
    const unconsumedPromises = [];
    let error = null;
    let finished = false;
    const iterator = {
      next() {
        const value = unconsumedEvents.shift();
        if (value) return Promise.resolve({ value, done: false });
        if (error) {
          const p = Promise.reject(error);
          error = null;
          return p;
        }
        if (finished) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve, reject) => unconsumedPromises.push({ resolve, reject }));
      },
      return() {
        emitter.removeListener(event, eventHandler);
        emitter.removeListener('error', errorHandler);
        finished = true;
        for (const promise of unconsumedPromises) promise.resolve({ value: undefined, done: true });
        return Promise.resolve({ value: undefined, done: true });
      },
      throw(err) {
        error = err;
        emitter.removeListener(event, eventHandler);
        emitter.removeListener('error', errorHandler);
        return Promise.reject(err);
      },
      [Symbol.asyncIterator]() { return this; },
    };
    emitter.on(event, eventHandler);
    if (event !== 'error') emitter.on('error', errorHandler);
    if (signal) {
      signal.addEventListener('abort', () => errorHandler(abortError(signal)), { once: true });
    }
    function eventHandler(...args) {
      const promise = unconsumedPromises.shift();
      if (promise) promise.resolve({ value: args, done: false });
      else unconsumedEvents.push(args);
    }
    function errorHandler(err) {
      finished = true;
      const toError = unconsumedPromises.shift();
      if (toError) toError.reject(err);
      else error = err;
      iterator.return();
    }
    return iterator;
  }

  EventEmitter.EventEmitter = EventEmitter;
  EventEmitter.usingDomains = false;
  EventEmitter.once = once;
  EventEmitter.on = on;
  EventEmitter.getEventListeners = getEventListeners;
  EventEmitter.setMaxListeners = setMaxListeners;
  EventEmitter.init = EventEmitter.init;
  module.exports = EventEmitter;
})
