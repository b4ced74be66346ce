// `require('util')`: format and inspect (internal/util/inspect.js), promisify (with
// `util.promisify.custom`), callbackify, inherits, deprecate (one warning per code, as
// Node), types (V8's own type checks, op_util_types), isDeepStrictEqual, parseArgs
// (npm @pkgjs/parseargs, which Node's own is), styleText, debuglog;
// TextEncoder/TextDecoder are the globals.
(function (exports, require, ops) {
  'use strict';

  const { op_util_types } = ops;
  const { format, formatWithOptions, inspect, isError } = require('internal/util/inspect');
  const {
    codes: { ERR_INVALID_ARG_TYPE, ERR_FALSY_VALUE_REJECTION },
  } = require('internal/errors');

  function inherits(ctor, superCtor) {
    if (ctor === undefined || ctor === null) {
      throw new ERR_INVALID_ARG_TYPE('ctor', 'of type function', ctor);
    }
    if (superCtor === undefined || superCtor === null) {
      throw new ERR_INVALID_ARG_TYPE('superCtor', 'of type function', superCtor);
    }
    if (superCtor.prototype === undefined) {
      throw new ERR_INVALID_ARG_TYPE('superCtor.prototype', 'of type object', superCtor.prototype);
    }
    Object.defineProperty(ctor, 'super_', {
      value: superCtor, writable: true, configurable: true,
    });
    Object.setPrototypeOf(ctor.prototype, superCtor.prototype);
  }

  const kCustomPromisifiedSymbol = Symbol.for('nodejs.util.promisify.custom');
  const kCustomPromisifyArgsSymbol = Symbol('customPromisifyArgs');

  function promisify(original) {
    if (typeof original !== 'function') {
      throw new ERR_INVALID_ARG_TYPE('original', 'of type function', original);
    }
    if (original[kCustomPromisifiedSymbol]) {
      const fn = original[kCustomPromisifiedSymbol];
      if (typeof fn !== 'function') {
        throw new ERR_INVALID_ARG_TYPE('util.promisify.custom', 'of type function', fn);
      }
      return Object.defineProperty(fn, kCustomPromisifiedSymbol, {
        value: fn, enumerable: false, writable: false, configurable: true,
      });
    }
    const argumentNames = original[kCustomPromisifyArgsSymbol];
    function fn(...args) {
      return new Promise((resolve, reject) => {
        Reflect.apply(original, this, [...args, (err, ...values) => {
          if (err) return reject(err);
          if (argumentNames !== undefined && values.length > 1) {
            const obj = {};
            for (let i = 0; i < argumentNames.length; i++) obj[argumentNames[i]] = values[i];
            resolve(obj);
          } else {
            resolve(values[0]);
          }
        }]);
      });
    }
    Object.setPrototypeOf(fn, Object.getPrototypeOf(original));
    Object.defineProperty(fn, kCustomPromisifiedSymbol, {
      value: fn, enumerable: false, writable: false, configurable: true,
    });
    const descriptors = Object.getOwnPropertyDescriptors(original);
    for (const key of Reflect.ownKeys(descriptors)) {
      if (key === 'length' || key === 'name' || key === 'prototype') continue;
      try {
        Object.defineProperty(fn, key, descriptors[key]);
      } catch {
        // A non-configurable property of the original stays out.
      }
    }
    return fn;
  }
  promisify.custom = kCustomPromisifiedSymbol;

  function callbackifyOnRejected(reason, cb) {
    if (!reason) {
      const newReason = new ERR_FALSY_VALUE_REJECTION();
      newReason.reason = reason;
      reason = newReason;
    }
    return cb(reason);
  }

  function callbackify(original) {
    if (typeof original !== 'function') {
      throw new ERR_INVALID_ARG_TYPE('original', 'of type function', original);
    }
    function callbackified(...args) {
      const maybeCb = args.pop();
      if (typeof maybeCb !== 'function') {
        throw new ERR_INVALID_ARG_TYPE('last argument', 'of type function', maybeCb);
      }
      const cb = maybeCb.bind(this);
      Reflect.apply(original, this, args).then(
        (ret) => require('process').nextTick(cb, null, ret),
        (rej) => require('process').nextTick(callbackifyOnRejected, rej, cb));
    }
    const descriptors = Object.getOwnPropertyDescriptors(original);
    if (typeof descriptors.length.value === 'number') descriptors.length.value++;
    if (typeof descriptors.name.value === 'string') descriptors.name.value += 'Callbackified';
    const propertiesValues = Object.values(descriptors);
    for (const d of propertiesValues) Object.setPrototypeOf(d, null);
    Object.defineProperties(callbackified, descriptors);
    return callbackified;
  }

  const codesWarned = new Set();
  function deprecate(fn, msg, code) {
    if (typeof fn !== 'function') throw new ERR_INVALID_ARG_TYPE('fn', 'of type function', fn);
    if (code !== undefined && typeof code !== 'string') {
      throw new ERR_INVALID_ARG_TYPE('code', 'of type string', code);
    }
    let warned = false;
    function deprecated(...args) {
      const process = require('process');
      if (!warned && !process.noDeprecation) {
        warned = true;
        if (code !== undefined) {
          if (!codesWarned.has(code)) {
            process.emitWarning(msg, 'DeprecationWarning', code, deprecated);
            codesWarned.add(code);
          }
        } else {
          process.emitWarning(msg, 'DeprecationWarning', deprecated);
        }
      }
      if (new.target) return Reflect.construct(fn, args, new.target);
      return Reflect.apply(fn, this, args);
    }
    Object.setPrototypeOf(deprecated, fn);
    if (fn.prototype) deprecated.prototype = fn.prototype;
    return deprecated;
  }

  // util.types: the order of the bits is src/ops/util.rs's CHECKS.
  const names = [
    'isExternal', 'isDate', 'isArgumentsObject', 'isBigIntObject', 'isBooleanObject',
    'isNumberObject', 'isStringObject', 'isSymbolObject', 'isNativeError', 'isRegExp',
    'isAsyncFunction', 'isGeneratorFunction', 'isGeneratorObject', 'isPromise', 'isMap',
    'isSet', 'isMapIterator', 'isSetIterator', 'isWeakMap', 'isWeakSet', 'isArrayBuffer',
    'isDataView', 'isSharedArrayBuffer', 'isProxy', 'isModuleNamespaceObject',
    'isTypedArray', 'isArrayBufferView', 'isUint8Array', 'isBigInt64Array', 'isWasmModuleObject',
  ];
  const bits = {};
  names.forEach((name, i) => { bits[name] = 1 << i; });
  const check = (name) => ({ [name](value) { return (op_util_types(value) & bits[name]) !== 0; } }[name]);
  const typedTag = (v) => (ArrayBuffer.isView(v) && !(op_util_types(v) & bits.isDataView) ?
    Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), Symbol.toStringTag).get.call(v) :
    undefined);
  // In Node's order of util.types.
  const types = {};
  for (const name of names.slice(0, 25)) {
    if (name !== 'isWasmModuleObject') types[name] = check(name);
  }
  types.isAnyArrayBuffer = (v) => types.isArrayBuffer(v) || types.isSharedArrayBuffer(v);
  types.isBoxedPrimitive = (v) => types.isNumberObject(v) || types.isStringObject(v) ||
    types.isBooleanObject(v) || types.isBigIntObject(v) || types.isSymbolObject(v);
  types.isArrayBufferView = check('isArrayBufferView');
  types.isTypedArray = check('isTypedArray');
  for (const t of ['Uint8Array', 'Uint8ClampedArray', 'Uint16Array', 'Uint32Array', 'Int8Array',
    'Int16Array', 'Int32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array']) {
    types[`is${t}`] = { [`is${t}`](v) { return typedTag(v) === t; } }[`is${t}`];
  }
  types.isKeyObject = () => false;
  types.isCryptoKey = () => false;

  function isDeepStrictEqual(a, b) {
    return require('internal/util/comparisons').isDeepStrictEqual(a, b);
  }

  function stripVTControlCharacters(str) {
    if (typeof str !== 'string') throw new ERR_INVALID_ARG_TYPE('str', 'of type string', str);
    // eslint-disable-next-line no-control-regex
    return str.replace(/[\u001B\u009B][[\]()#;?]*(?:(?:(?:(?:;[-a-zA-Z\d/#&.:=?%@~_]+)*|[a-zA-Z\d]+(?:;[-a-zA-Z\d/#&.:=?%@~_]*)*)?\u0007)|(?:(?:\d{1,4}(?:;\d{0,4})*)?[\dA-PR-TZcf-ntqry=><~]))/g, '');
  }

  function toUSVString(input) {
    return String(input).toWellFormed();
  }

  exports.format = format;
  exports.formatWithOptions = formatWithOptions;
  exports.inspect = inspect;
  exports.inherits = inherits;
  exports.promisify = promisify;
  exports.callbackify = callbackify;
  exports.deprecate = deprecate;
  exports.isDeepStrictEqual = isDeepStrictEqual;
  exports.stripVTControlCharacters = stripVTControlCharacters;
  exports.toUSVString = toUSVString;

  // inspect.colors: SGR codes [set, reset], as Node's (aliases not enumerable).
  if (inspect.colors === undefined) {
    const colors = { __proto__: null };
    const table = {
      reset: [0, 0], bold: [1, 22], dim: [2, 22], italic: [3, 23], underline: [4, 24],
      blink: [5, 25], inverse: [7, 27], hidden: [8, 28], strikethrough: [9, 29],
      doubleunderline: [21, 24], black: [30, 39], red: [31, 39], green: [32, 39],
      yellow: [33, 39], blue: [34, 39], magenta: [35, 39], cyan: [36, 39], white: [37, 39],
      bgBlack: [40, 49], bgRed: [41, 49], bgGreen: [42, 49], bgYellow: [43, 49],
      bgBlue: [44, 49], bgMagenta: [45, 49], bgCyan: [46, 49], bgWhite: [47, 49],
      framed: [51, 54], overlined: [53, 55], gray: [90, 39], redBright: [91, 39],
      greenBright: [92, 39], yellowBright: [93, 39], blueBright: [94, 39],
      magentaBright: [95, 39], cyanBright: [96, 39], whiteBright: [97, 39],
      bgGray: [100, 49], bgRedBright: [101, 49], bgGreenBright: [102, 49],
      bgYellowBright: [103, 49], bgBlueBright: [104, 49], bgMagentaBright: [105, 49],
      bgCyanBright: [106, 49], bgWhiteBright: [107, 49],
    };
    Object.assign(colors, table);
    const aliases = {
      gray: ['grey', 'blackBright'], bgGray: ['bgGrey', 'bgBlackBright'], dim: ['faint'],
      strikethrough: ['crossedout', 'strikeThrough', 'crossedOut'], hidden: ['conceal'],
      inverse: ['swapColors', 'swapcolors'], doubleunderline: ['doubleUnderline'],
    };
    for (const [target, names] of Object.entries(aliases)) {
      for (const name of names) {
        Object.defineProperty(colors, name, {
          get() { return this[target]; },
          set(value) { this[target] = value; },
          configurable: true, enumerable: false,
        });
      }
    }
    inspect.colors = colors;
  }

  // Node's `shouldColorize`: FORCE_COLOR, else a terminal that has colours. The
  // sandbox's descriptors are never terminals, so text comes back plain unless forced.
  function shouldColorize(stream) {
    const force = process.env.FORCE_COLOR;
    if (force !== undefined) return force === '' || force === '1' || force === 'true' || force === '2' || force === '3';
    return stream !== undefined && stream !== null && stream.isTTY === true &&
      (typeof stream.getColorDepth === 'function' ? stream.getColorDepth() > 2 : true);
  }

  function styleText(format, text, { validateStream = true, stream = process.stdout } = {}) {
    const { codes: { ERR_INVALID_ARG_VALUE } } = require('internal/errors');
    if (typeof text !== 'string') throw new ERR_INVALID_ARG_TYPE('text', 'of type string', text);
    if (typeof validateStream !== 'boolean') {
      throw new ERR_INVALID_ARG_TYPE('options.validateStream', 'of type boolean', validateStream);
    }
    let skip = false;
    if (validateStream) {
      const isStream = stream !== null && typeof stream === 'object' && typeof stream.pipe === 'function';
      if (!isStream) {
        throw new ERR_INVALID_ARG_TYPE('stream', 'an instance of ReadableStream, WritableStream, or Stream', stream);
      }
      skip = !shouldColorize(stream);
    }
    let left = '';
    let right = '';
    for (const key of Array.isArray(format) ? format : [format]) {
      const codes = inspect.colors[key];
      if (codes === undefined || codes === null) {
        const keys = Object.keys(inspect.colors).map((k) => `'${k}'`).join(', ');
        throw new ERR_INVALID_ARG_VALUE('format', key, `must be one of: ${keys}`);
      }
      if (skip) continue;
      left += `\u001b[${codes[0]}m`;
      right = `\u001b[${codes[1]}m${right}`;
    }
    return skip ? text : `${left}${text}${right}`;
  }

  // NODE_DEBUG (read once, at the first debuglog): comma-separated sections, `*` a
  // wildcard, case-insensitive.
  let debugPattern = null;
  function debugEnabled(section) {
    if (debugPattern === null) {
      const spec = process.env.NODE_DEBUG || '';
      const source = spec.split(/[\s,]+/).filter(Boolean)
        .map((s) => s.replace(/[|\\{}()[\]^$+?.]/g, '\\$&').replace(/\*/g, '.*'))
        .join('$|^');
      debugPattern = source === '' ? /(?!)/ : new RegExp(`^${source}$`, 'i');
    }
    return debugPattern.test(section);
  }

  function debuglog(set, cb) {
    const section = String(set).toUpperCase();
    let enabled;
    let log = null;
    function logger(...args) {
      if (enabled === undefined) {
        enabled = debugEnabled(section);
        if (cb !== undefined && typeof cb === 'function') cb(enabled ? logger : () => {});
      }
      if (!enabled) return;
      process.stderr.write(`${section} ${process.pid}: ${format(...args)}\n`);
    }
    log = logger;
    Object.defineProperty(log, 'enabled', {
      get() {
        if (enabled === undefined) enabled = debugEnabled(section);
        return enabled;
      },
      configurable: true, enumerable: true,
    });
    return log;
  }

  exports.styleText = styleText;
  exports.debuglog = debuglog;
  exports.debug = debuglog;
  exports.parseArgs = function parseArgs(config) {
    return require('internal/deps/@pkgjs/parseargs/index.js').parseArgs(config);
  };
  exports.types = types;
  exports.isArray = Array.isArray;
  exports.isError = isError;
  exports.isBoolean = (v) => typeof v === 'boolean';
  exports.isNull = (v) => v === null;
  exports.isNullOrUndefined = (v) => v === null || v === undefined;
  exports.isNumber = (v) => typeof v === 'number';
  exports.isString = (v) => typeof v === 'string';
  exports.isSymbol = (v) => typeof v === 'symbol';
  exports.isUndefined = (v) => v === undefined;
  exports.isRegExp = types.isRegExp;
  exports.isObject = (v) => v !== null && typeof v === 'object';
  exports.isDate = types.isDate;
  exports.isFunction = (v) => typeof v === 'function';
  exports.isPrimitive = (v) => v === null || (typeof v !== 'object' && typeof v !== 'function');
  Object.defineProperty(exports, 'TextEncoder', { enumerable: true, get: () => globalThis.TextEncoder });
  Object.defineProperty(exports, 'TextDecoder', { enumerable: true, get: () => globalThis.TextDecoder });
})
