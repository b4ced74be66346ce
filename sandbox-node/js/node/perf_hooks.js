// `perf_hooks` and the `performance` global: the kernel's monotonic clock in
// milliseconds since the process started (`timeOrigin`, a wall-clock time), user
// timing marks and measures (the W3C User Timing API, as Node).
(function (exports, require, ops, info, module) {
  'use strict';

  const { op_time_now } = ops;
  const {
    codes: { ERR_INVALID_ARG_TYPE, ERR_MISSING_ARGS, ERR_SANDBOX_UNSUPPORTED },
  } = require('internal/errors');
  const { startMono, startWall } = require('internal/process_start');

  const kSecret = Symbol('perf entry');

  function now() {
    return op_time_now() - startMono;
  }

  class PerformanceEntry {
    constructor(secret, name, type, start, duration, detail) {
      if (secret !== kSecret) {
        const { codes: { ERR_ILLEGAL_CONSTRUCTOR } } = require('internal/errors');
        throw new ERR_ILLEGAL_CONSTRUCTOR();
      }
      this._name = name;
      this._type = type;
      this._start = start;
      this._duration = duration;
      this._detail = detail;
    }

    get name() { return this._name; }
    get entryType() { return this._type; }
    get startTime() { return this._start; }
    get duration() { return this._duration; }

    toJSON() {
      return {
        name: this.name,
        entryType: this.entryType,
        startTime: this.startTime,
        duration: this.duration,
        detail: this._detail,
      };
    }
  }
  function hide(entry) {
    for (const key of ['_name', '_type', '_start', '_duration', '_detail']) {
      Object.defineProperty(entry, key, { enumerable: false });
    }
    return entry;
  }

  class PerformanceMark extends PerformanceEntry {
    constructor(name, options = {}) {
      if (arguments.length === 0) throw new ERR_MISSING_ARGS('name');
      name = `${name}`;
      if (options === null || typeof options !== 'object') {
        throw new ERR_INVALID_ARG_TYPE('options', 'of type object', options);
      }
      const { startTime = now(), detail = null } = options;
      if (typeof startTime !== 'number') {
        throw new ERR_INVALID_ARG_TYPE('options.startTime', 'of type number', startTime);
      }
      if (startTime < 0) {
        const DOMException = require('internal/dom_exception');
        throw new DOMException(`${name} cannot have a negative start time.`, 'InvalidModificationError');
      }
      super(kSecret, name, 'mark', startTime, 0, detail === null ? null : structuredClone(detail));
      hide(this);
    }

    get detail() { return this._detail; }
  }

  class PerformanceMeasure extends PerformanceEntry {
    constructor(secret, name, start, duration, detail) {
      super(secret, name, 'measure', start, duration, detail);
      hide(this);
    }

    get detail() { return this._detail; }
  }

  // Entries in insertion order; user timing only (no resource or node timing entries).
  let marks = [];
  let measures = [];

  function markTime(name) {
    if (typeof name === 'number') {
      if (name < 0) throw new TypeError(`${name} cannot be negative`);
      return name;
    }
    for (let i = marks.length - 1; i >= 0; i--) {
      if (marks[i].name === name) return marks[i].startTime;
    }
    const DOMException = require('internal/dom_exception');
    throw new DOMException(`The "${name}" performance mark has not been set`, 'SyntaxError');
  }

  function mark(name, options) {
    const entry = arguments.length === 0 ? new PerformanceMark() : new PerformanceMark(name, options);
    marks.push(entry);
    return entry;
  }

  function measure(name, startOrOptions, endMark) {
    if (arguments.length === 0) throw new ERR_MISSING_ARGS('name');
    name = `${name}`;
    let start;
    let end;
    let detail = null;
    if (startOrOptions !== null && typeof startOrOptions === 'object') {
      const o = startOrOptions;
      if (o.start !== undefined) start = markTime(o.start);
      if (o.end !== undefined) end = markTime(o.end);
      if (o.duration !== undefined) {
        if (start !== undefined && end === undefined) end = start + o.duration;
        else if (end !== undefined && start === undefined) start = end - o.duration;
      }
      if (o.detail !== undefined && o.detail !== null) detail = structuredClone(o.detail);
    } else if (startOrOptions !== undefined) {
      start = markTime(startOrOptions);
    }
    if (endMark !== undefined) end = markTime(endMark);
    if (start === undefined) start = 0;
    if (end === undefined) end = now();
    const entry = new PerformanceMeasure(kSecret, name, start, end - start, detail);
    measures.push(entry);
    return entry;
  }

  function sorted(list) {
    return list.slice().sort((a, b) => a.startTime - b.startTime);
  }

  const performance = {
    now,
    get timeOrigin() { return startWall; },
    mark,
    measure,
    clearMarks(name) {
      marks = name === undefined ? [] : marks.filter((m) => m.name !== `${name}`);
    },
    clearMeasures(name) {
      measures = name === undefined ? [] : measures.filter((m) => m.name !== `${name}`);
    },
    getEntries() {
      return sorted([...marks, ...measures]);
    },
    getEntriesByName(name, type) {
      return sorted([...marks, ...measures].filter((e) => e.name === `${name}` && (type === undefined || e.entryType === type)));
    },
    getEntriesByType(type) {
      if (type === 'mark') return sorted(marks);
      if (type === 'measure') return sorted(measures);
      return [];
    },
    toJSON() {
      return { timeOrigin: startWall };
    },
    timerify() {
      throw new ERR_SANDBOX_UNSUPPORTED('performance.timerify()');
    },
    eventLoopUtilization() {
      throw new ERR_SANDBOX_UNSUPPORTED('performance.eventLoopUtilization()');
    },
  };
  Object.defineProperty(performance, Symbol.toStringTag, { value: 'Performance', configurable: true });

  exports.performance = performance;
  exports.PerformanceEntry = PerformanceEntry;
  exports.PerformanceMark = PerformanceMark;
  exports.PerformanceMeasure = PerformanceMeasure;
  exports.PerformanceObserver = class PerformanceObserver {
    constructor() { throw new ERR_SANDBOX_UNSUPPORTED('PerformanceObserver'); }
  };
  exports.monitorEventLoopDelay = function monitorEventLoopDelay() {
    throw new ERR_SANDBOX_UNSUPPORTED('perf_hooks.monitorEventLoopDelay()');
  };
  exports.constants = {
    NODE_PERFORMANCE_GC_MAJOR: 4, NODE_PERFORMANCE_GC_MINOR: 1,
    NODE_PERFORMANCE_GC_INCREMENTAL: 8, NODE_PERFORMANCE_GC_WEAKCB: 16,
    NODE_PERFORMANCE_GC_FLAGS_NO: 0, NODE_PERFORMANCE_GC_FLAGS_CONSTRUCT_RETAINED: 2,
    NODE_PERFORMANCE_GC_FLAGS_FORCED: 4, NODE_PERFORMANCE_GC_FLAGS_SYNCHRONOUS_PHANTOM_PROCESSING: 8,
    NODE_PERFORMANCE_GC_FLAGS_ALL_AVAILABLE_GARBAGE: 16, NODE_PERFORMANCE_GC_FLAGS_ALL_EXTERNAL_MEMORY: 32,
    NODE_PERFORMANCE_GC_FLAGS_SCHEDULE_IDLE: 64,
  };
})
