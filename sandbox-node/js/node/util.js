// `require('util')`: format and inspect (internal/util/inspect.js), promisify (with
// `util.promisify.custom`), callbackify, inherits, deprecate (one warning per code, as
// Node), types (V8's own type checks, op_util_types), isDeepStrictEqual, parseArgs is
// not provided; TextEncoder/TextDecoder are the globals.
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
