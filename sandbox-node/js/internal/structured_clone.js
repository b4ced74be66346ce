// structuredClone (HTML's structured serialization, without transfer): primitives,
// plain objects and arrays (own enumerable string keys), Date, RegExp, Map, Set,
// ArrayBuffer and views, boxed primitives, errors; cycles and shared references kept.
// Functions, symbols and other host objects throw DataCloneError, as in Node.
(function (exports, require, ops) {
  'use strict';

  const { op_util_types } = ops;
  const BOXED = (1 << 3) | (1 << 4) | (1 << 5) | (1 << 6);
  const SYMBOL_OBJECT = 1 << 7;
  const NATIVE_ERROR = 1 << 8;

  function dataCloneError(value) {
    const DOMException = require('internal/dom_exception');
    let shown;
    try {
      shown = typeof value === 'function' ? String(value) : typeof value === 'symbol' ? value.toString() : String(value);
    } catch {
      shown = Object.prototype.toString.call(value);
    }
    return new DOMException(`${shown} could not be cloned.`, 'DataCloneError');
  }

  function clone(value, memory) {
    if (typeof value === 'symbol' || typeof value === 'function') throw dataCloneError(value);
    if (value === null || typeof value !== 'object') return value;
    if (memory.has(value)) return memory.get(value);
    const types = op_util_types(value);
    let out;
    if (types & SYMBOL_OBJECT) throw dataCloneError(value);
    if (types & BOXED) {
      out = Object(value.valueOf());
    } else if (value instanceof Date) {
      out = new Date(value.getTime());
    } else if (value instanceof RegExp) {
      out = new RegExp(value.source, value.flags);
    } else if (value instanceof ArrayBuffer) {
      out = value.slice(0);
    } else if (ArrayBuffer.isView(value)) {
      const buffer = clone(value.buffer, memory);
      const Ctor = value instanceof DataView ? DataView :
        globalThis[Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), Symbol.toStringTag).get.call(value)];
      out = value instanceof DataView ? new DataView(buffer, value.byteOffset, value.byteLength) :
        new Ctor(buffer, value.byteOffset, value.length);
    } else if (value instanceof Map) {
      out = new Map();
      memory.set(value, out);
      for (const [k, v] of value) out.set(clone(k, memory), clone(v, memory));
      return out;
    } else if (value instanceof Set) {
      out = new Set();
      memory.set(value, out);
      for (const v of value) out.add(clone(v, memory));
      return out;
    } else if (types & NATIVE_ERROR) {
      const names = ['Error', 'EvalError', 'RangeError', 'ReferenceError', 'SyntaxError', 'TypeError', 'URIError'];
      const name = names.includes(value.name) ? value.name : 'Error';
      out = new globalThis[name](value.message);
      memory.set(value, out);
      if ('stack' in value) {
        Object.defineProperty(out, 'stack', { value: value.stack, writable: true, configurable: true });
      }
      if ('cause' in value) {
        Object.defineProperty(out, 'cause', { value: clone(value.cause, memory), writable: true, configurable: true });
      }
      return out;
    } else if (Array.isArray(value)) {
      out = new Array(value.length);
      memory.set(value, out);
      for (const key of Object.keys(value)) out[key] = clone(value[key], memory);
      return out;
    } else if (Object.prototype.toString.call(value) === '[object Object]' && !(value instanceof Promise) &&
        !(value instanceof WeakMap) && !(value instanceof WeakSet)) {
      out = {};
      memory.set(value, out);
      for (const key of Object.keys(value)) out[key] = clone(value[key], memory);
      return out;
    } else {
      throw dataCloneError(value);
    }
    memory.set(value, out);
    return out;
  }

  function structuredClone(value, options = undefined) {
    if (arguments.length === 0) {
      const { codes: { ERR_MISSING_ARGS } } = require('internal/errors');
      throw new ERR_MISSING_ARGS('value');
    }
    if (options?.transfer !== undefined && [...options.transfer].length > 0) {
      const { codes: { ERR_SANDBOX_UNSUPPORTED } } = require('internal/errors');
      throw new ERR_SANDBOX_UNSUPPORTED('structuredClone() with transfer');
    }
    return clone(value, new Map());
  }

  exports.structuredClone = structuredClone;
})
