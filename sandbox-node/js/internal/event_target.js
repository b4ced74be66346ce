// Event, EventTarget, AbortController and AbortSignal (DOM), as Node's globals:
// listeners with `once`, `capture` (stored), `signal`, handleEvent objects;
// AbortSignal.abort/timeout/any and `throwIfAborted`.
(function (exports, require) {
  'use strict';

  const { codes: { ERR_INVALID_ARG_TYPE, ERR_MISSING_ARGS } } = require('internal/errors');
  const kListeners = Symbol('listeners');
  const kTarget = Symbol('target');
  const kStop = Symbol('stop');

  class Event {
    #type;
    #bubbles;
    #cancelable;
    #composed;
    #defaultPrevented = false;
    #timeStamp;
    #propagationStopped = false;

    constructor(type, options = undefined) {
      if (arguments.length === 0) throw new ERR_MISSING_ARGS('type');
      this.#type = `${type}`;
      this.#bubbles = Boolean(options?.bubbles);
      this.#cancelable = Boolean(options?.cancelable);
      this.#composed = Boolean(options?.composed);
      this.#timeStamp = require('process').uptime() * 1000;
      this[kTarget] = null;
    }

    get type() { return this.#type; }
    get bubbles() { return this.#bubbles; }
    get cancelable() { return this.#cancelable; }
    get composed() { return this.#composed; }
    get defaultPrevented() { return this.#cancelable && this.#defaultPrevented; }
    get timeStamp() { return this.#timeStamp; }
    get target() { return this[kTarget]; }
    get currentTarget() { return this[kTarget]; }
    get srcElement() { return this[kTarget]; }
    get eventPhase() { return this[kTarget] ? 2 : 0; }
    get isTrusted() { return false; }
    get returnValue() { return !this.defaultPrevented; }
    get cancelBubble() { return this.#propagationStopped; }
    composedPath() { return this[kTarget] ? [this[kTarget]] : []; }
    preventDefault() { this.#defaultPrevented = true; }
    stopPropagation() { this.#propagationStopped = true; }
    stopImmediatePropagation() { this.#propagationStopped = true; this[kStop] = true; }
    get [Symbol.toStringTag]() { return 'Event'; }
  }
  Object.assign(Event, { NONE: 0, CAPTURING_PHASE: 1, AT_TARGET: 2, BUBBLING_PHASE: 3 });

  class CustomEvent extends Event {
    #detail;
    constructor(type, options = undefined) {
      super(type, options);
      this.#detail = options?.detail ?? null;
    }
    get detail() { return this.#detail; }
    get [Symbol.toStringTag]() { return 'CustomEvent'; }
  }

  class EventTarget {
    constructor() {
      this[kListeners] = new Map();
    }

    addEventListener(type, listener, options = undefined) {
      if (arguments.length < 2) throw new ERR_MISSING_ARGS('type', 'listener');
      if (listener == null) return;
      if (typeof listener !== 'function' && typeof listener?.handleEvent !== 'function') {
        throw new ERR_INVALID_ARG_TYPE('listener', 'an instance of EventListener', listener);
      }
      const once = typeof options === 'object' && Boolean(options?.once);
      const capture = typeof options === 'boolean' ? options : Boolean(options?.capture);
      const signal = options?.signal;
      if (signal?.aborted) return;
      type = `${type}`;
      let list = this[kListeners].get(type);
      if (list === undefined) {
        list = [];
        this[kListeners].set(type, list);
      }
      if (list.some((l) => l.listener === listener && l.capture === capture)) return;
      const entry = { listener, once, capture, removed: false };
      list.push(entry);
      if (signal) {
        signal.addEventListener('abort', () => this.removeEventListener(type, listener, { capture }), { once: true });
      }
    }

    removeEventListener(type, listener, options = undefined) {
      const capture = typeof options === 'boolean' ? options : Boolean(options?.capture);
      const list = this[kListeners].get(`${type}`);
      if (list === undefined) return;
      const i = list.findIndex((l) => l.listener === listener && l.capture === capture);
      if (i !== -1) {
        list[i].removed = true;
        list.splice(i, 1);
      }
    }

    dispatchEvent(event) {
      if (!(event instanceof Event)) throw new ERR_INVALID_ARG_TYPE('event', 'an instance of Event', event);
      event[kTarget] = this;
      const list = this[kListeners].get(event.type);
      if (list !== undefined) {
        for (const entry of [...list]) {
          if (entry.removed) continue;
          if (entry.once) this.removeEventListener(event.type, entry.listener, { capture: entry.capture });
          try {
            if (typeof entry.listener === 'function') entry.listener.call(this, event);
            else entry.listener.handleEvent(event);
          } catch (err) {
            require('process').nextTick(() => { throw err; });
          }
          if (event[kStop]) break;
        }
      }
      return !event.defaultPrevented;
    }

    [Symbol.for('sandbox.eventTargetListeners')](type) {
      return (this[kListeners].get(type) || []).map((l) => l.listener);
    }

    get [Symbol.toStringTag]() { return 'EventTarget'; }
  }

  function abortReason() {
    const DOMException = require('internal/dom_exception');
    return new DOMException('This operation was aborted', 'AbortError');
  }

  class AbortSignal extends EventTarget {
    #aborted = false;
    #reason = undefined;
    #onabort = null;
    #onabortListener = null;

    // An event handler attribute: a listener registered when first set, in order
    // with the others.
    get onabort() { return this.#onabort; }
    set onabort(handler) {
      this.#onabort = typeof handler === 'function' ? handler : null;
      if (this.#onabortListener === null && this.#onabort !== null) {
        this.#onabortListener = (event) => {
          if (typeof this.#onabort === 'function') this.#onabort.call(this, event);
        };
        this.addEventListener('abort', this.#onabortListener);
      }
    }

    static abort(reason = abortReason()) {
      const signal = new AbortSignal();
      signal.#aborted = true;
      signal.#reason = reason;
      return signal;
    }

    static timeout(ms) {
      const signal = new AbortSignal();
      const timer = require('timers').setTimeout(() => {
        const DOMException = require('internal/dom_exception');
        abortSignal(signal, new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
      }, ms);
      timer.unref();
      return signal;
    }

    static any(signals) {
      const signal = new AbortSignal();
      for (const s of signals) {
        if (s.aborted) {
          signal.#aborted = true;
          signal.#reason = s.reason;
          return signal;
        }
      }
      for (const s of signals) {
        s.addEventListener('abort', () => abortSignal(signal, s.reason), { once: true });
      }
      return signal;
    }

    get aborted() { return this.#aborted; }
    get reason() { return this.#reason; }

    throwIfAborted() {
      if (this.#aborted) throw this.#reason;
    }

    get [Symbol.toStringTag]() { return 'AbortSignal'; }

    static [Symbol.for('sandbox.abort')](signal, reason) {
      if (signal.#aborted) return;
      signal.#aborted = true;
      signal.#reason = reason;
      signal.dispatchEvent(new Event('abort'));
    }
  }

  function abortSignal(signal, reason) {
    AbortSignal[Symbol.for('sandbox.abort')](signal, reason);
  }

  class AbortController {
    #signal = new AbortSignal();
    get signal() { return this.#signal; }
    abort(reason = abortReason()) {
      abortSignal(this.#signal, reason);
    }
    get [Symbol.toStringTag]() { return 'AbortController'; }
  }

  exports.Event = Event;
  exports.CustomEvent = CustomEvent;
  exports.EventTarget = EventTarget;
  exports.AbortSignal = AbortSignal;
  exports.AbortController = AbortController;
})
