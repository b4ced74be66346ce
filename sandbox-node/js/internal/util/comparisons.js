// Deep equality as Node's assert and util.isDeepStrictEqual use it
// (lib/internal/util/comparisons.js): strict mode compares prototypes, [[Class]],
// Object.is on primitives and own enumerable symbol keys; loose mode uses `==` on
// primitives (NaN equal to NaN) and ignores prototypes. Maps and Sets compare
// without order; cycles are tracked.
(function (exports, require, ops) {
  'use strict';

  const { op_util_types } = ops;
  const objectToString = (v) => Object.prototype.toString.call(v);
  const hasOwn = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
  const isEnumerable = (o, k) => Object.prototype.propertyIsEnumerable.call(o, k);
  // Bits from src/ops/util.rs.
  const BOXED = (1 << 3) | (1 << 4) | (1 << 5) | (1 << 6) | (1 << 7);
  const NATIVE_ERROR = 1 << 8;

  function isPrimitive(v) {
    return v === null || (typeof v !== 'object' && typeof v !== 'function');
  }

  function keysOf(value, strict) {
    const keys = Object.keys(value);
    if (strict) {
      for (const sym of Object.getOwnPropertySymbols(value)) {
        if (isEnumerable(value, sym)) keys.push(sym);
      }
    }
    return keys;
  }

  function innerDeepEqual(a, b, strict, memos) {
    if (a === b) {
      return a !== 0 || !strict || Object.is(a, b);
    }
    if (strict) {
      if (typeof a !== 'object') return typeof a === 'number' && Number.isNaN(a) && Number.isNaN(b);
      if (typeof b !== 'object' || a === null || b === null) return false;
      if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
    } else {
      if (a === null || typeof a !== 'object') {
        if (b === null || typeof b !== 'object') {
          // eslint-disable-next-line eqeqeq
          return a == b || (Number.isNaN(a) && Number.isNaN(b));
        }
        return false;
      }
      if (b === null || typeof b !== 'object') return false;
    }
    const aTag = objectToString(a);
    if (aTag !== objectToString(b)) return false;
    if (Array.isArray(a)) {
      if (!Array.isArray(b) || a.length !== b.length) return false;
      return keyCheck(a, b, strict, memos, 'array');
    }
    if (aTag === '[object Object]' && !(op_util_types(a) & (BOXED | NATIVE_ERROR))) {
      return keyCheck(a, b, strict, memos, 'object');
    }
    if (a instanceof Date) {
      if (!(b instanceof Date) || a.getTime() !== b.getTime()) return false;
    } else if (a instanceof RegExp) {
      if (!(b instanceof RegExp) || a.source !== b.source || a.flags !== b.flags ||
          a.lastIndex !== b.lastIndex) {
        return false;
      }
    } else if ((op_util_types(a) & NATIVE_ERROR) || a instanceof Error) {
      if (!((op_util_types(b) & NATIVE_ERROR) || b instanceof Error) ||
          a.message !== b.message || a.name !== b.name) {
        return false;
      }
    } else if (ArrayBuffer.isView(a)) {
      if (!ArrayBuffer.isView(b) || a.byteLength !== b.byteLength) return false;
      if (!strict && (a instanceof Float32Array || a instanceof Float64Array)) {
        for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
      } else {
        const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
        const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
        for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
      }
      const aKeys = keysOf(a, strict).filter((k) => typeof k !== 'string' || !/^\d+$/.test(k));
      const bKeys = keysOf(b, strict).filter((k) => typeof k !== 'string' || !/^\d+$/.test(k));
      if (aKeys.length !== bKeys.length) return false;
      return keyCheck(a, b, strict, memos, 'object', aKeys);
    } else if (a instanceof Set) {
      if (!(b instanceof Set) || a.size !== b.size) return false;
      return keyCheck(a, b, strict, memos, 'set');
    } else if (a instanceof Map) {
      if (!(b instanceof Map) || a.size !== b.size) return false;
      return keyCheck(a, b, strict, memos, 'map');
    } else if (a instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && a instanceof SharedArrayBuffer)) {
      if (a.byteLength !== b.byteLength) return false;
      const x = new Uint8Array(a);
      const y = new Uint8Array(b);
      for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
    } else if (op_util_types(a) & BOXED) {
      if (!(op_util_types(b) & BOXED)) return false;
      if (!Object.is(a.valueOf(), b.valueOf())) return false;
    } else if (typeof a === 'function' || a instanceof WeakMap || a instanceof WeakSet ||
        a instanceof Promise) {
      return false;
    }
    return keyCheck(a, b, strict, memos, 'object');
  }

  function keyCheck(a, b, strict, memos, kind, aKeys) {
    if (aKeys === undefined) {
      aKeys = keysOf(a, strict);
      if (kind === 'array') aKeys = aKeys.filter((k) => typeof k !== 'string' || !/^\d+$/.test(k));
      let bKeys = keysOf(b, strict);
      if (kind === 'array') bKeys = bKeys.filter((k) => typeof k !== 'string' || !/^\d+$/.test(k));
      if (aKeys.length !== bKeys.length) return false;
    }
    for (const key of aKeys) {
      if (!(typeof key === 'symbol' ? isEnumerable(b, key) : hasOwn(b, key) && isEnumerable(b, key))) {
        return false;
      }
    }
    if (aKeys.length === 0 && kind === 'object' && !(a instanceof Map) && !(a instanceof Set)) {
      if (!Array.isArray(a)) return true;
    }
    if (memos === undefined) {
      memos = { a: new Map(), b: new Map(), position: 0 };
    } else {
      const memoA = memos.a.get(a);
      if (memoA !== undefined) {
        const memoB = memos.b.get(b);
        if (memoB !== undefined) return memoA === memoB;
      }
      memos.position++;
    }
    memos.a.set(a, memos.position);
    memos.b.set(b, memos.position);
    const result = objEquiv(a, b, strict, aKeys, memos, kind);
    memos.a.delete(a);
    memos.b.delete(b);
    return result;
  }

  function setHas(set, value, strict, memos) {
    if (set.has(value)) return true;
    if (isPrimitive(value) && strict) return false;
    for (const v of set) {
      if (!isPrimitive(v) || !strict) {
        if (innerDeepEqual(value, v, strict, memos)) return true;
      }
    }
    return false;
  }

  function objEquiv(a, b, strict, keys, memos, kind) {
    if (kind === 'array') {
      for (let i = 0; i < a.length; i++) {
        // A hole and an undefined element differ, in both modes.
        if (hasOwn(a, i) !== hasOwn(b, i)) return false;
        if (!innerDeepEqual(a[i], b[i], strict, memos)) return false;
      }
    } else if (kind === 'set') {
      for (const v of a) if (!setHas(b, v, strict, memos)) return false;
    } else if (kind === 'map') {
      for (const [k, v] of a) {
        if (b.has(k)) {
          if (!innerDeepEqual(v, b.get(k), strict, memos)) return false;
        } else {
          let found = false;
          if (!isPrimitive(k) || !strict) {
            for (const [k2, v2] of b) {
              if (innerDeepEqual(k, k2, strict, memos) && innerDeepEqual(v, v2, strict, memos)) {
                found = true;
                break;
              }
            }
          }
          if (!found) return false;
        }
      }
    }
    for (const key of keys) {
      if (!innerDeepEqual(a[key], b[key], strict, memos)) return false;
    }
    return true;
  }

  exports.isDeepEqual = (a, b) => innerDeepEqual(a, b, false);
  exports.isDeepStrictEqual = (a, b) => innerDeepEqual(a, b, true);
})
