// `Buffer`: a Uint8Array subclass with Node's encodings (utf8, latin1, ascii, hex,
// base64, base64url, utf16le): creation (`from`, `alloc`, `allocUnsafe`, `concat`,
// `copyBytesFrom`), `toString`, `write`, `byteLength`, `compare`/`equals`,
// `indexOf`/`lastIndexOf`/`includes`, `copy`, `fill`, `swap16/32/64`, `toJSON`, and
// every fixed- and variable-width number reader and writer with Node's range errors.
// UTF-8 goes through the native ops (V8 has no TextEncoder of its own). Written here:
// the npm port (`buffer`) has other error codes and messages than Node's.
(function (exports, require, ops) {
  'use strict';

  const { op_encoding_decode_utf8, op_encoding_encode_utf8 } = ops;
  const {
    codes: {
      ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE, ERR_UNKNOWN_ENCODING, ERR_OUT_OF_RANGE,
      ERR_BUFFER_OUT_OF_BOUNDS, ERR_INVALID_BUFFER_SIZE,
    },
  } = require('internal/errors');
  const inspectModule = require('internal/util/inspect');

  function normalizeEncoding(enc) {
    if (enc == null) return 'utf8';
    switch (String(enc).toLowerCase()) {
      case 'utf8': case 'utf-8': return 'utf8';
      case 'latin1': case 'binary': return 'latin1';
      case 'ascii': return 'ascii';
      case 'hex': return 'hex';
      case 'base64': return 'base64';
      case 'base64url': return 'base64url';
      case 'ucs2': case 'ucs-2': case 'utf16le': case 'utf-16le': return 'utf16le';
      default: return undefined;
    }
  }

  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

  function encodeBase64(bytes, alphabet, pad) {
    let out = '';
    let i = 0;
    for (; i + 2 < bytes.length; i += 3) {
      const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
      out += alphabet[n >> 18] + alphabet[(n >> 12) & 63] + alphabet[(n >> 6) & 63] + alphabet[n & 63];
    }
    const rest = bytes.length - i;
    if (rest === 1) {
      const n = bytes[i] << 16;
      out += alphabet[n >> 18] + alphabet[(n >> 12) & 63] + (pad ? '==' : '');
    } else if (rest === 2) {
      const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
      out += alphabet[n >> 18] + alphabet[(n >> 12) & 63] + alphabet[(n >> 6) & 63] + (pad ? '=' : '');
    }
    return out;
  }

  // Node's base64 decoder accepts both alphabets and skips anything else.
  function decodeBase64(str) {
    const out = [];
    let acc = 0;
    let bits = 0;
    for (let i = 0; i < str.length; i++) {
      const c = str[i];
      let v;
      if (c === '=') break;
      if (c === '-') v = 62;
      else if (c === '_') v = 63;
      else v = B64.indexOf(c);
      if (v < 0) continue;
      acc = (acc << 6) | v;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out.push((acc >> bits) & 0xff);
      }
    }
    return out;
  }

  function validateSize(size) {
    if (typeof size !== 'number') throw new ERR_INVALID_ARG_TYPE('size', 'of type number', size);
    if (!(size >= 0 && size <= 2 ** 32)) throw new ERR_OUT_OF_RANGE('size', `>= 0 && <= ${2 ** 32}`, size);
  }

  class Buffer extends Uint8Array {
    static from(value, encodingOrOffset, length) {
      if (typeof value === 'string') return fromString(value, encodingOrOffset);
      if (value instanceof ArrayBuffer) {
        const offset = encodingOrOffset === undefined ? 0 : Number(encodingOrOffset);
        const len = length === undefined ? value.byteLength - offset : Number(length);
        return new Buffer(value, offset, len);
      }
      if (ArrayBuffer.isView(value)) {
        const copy = new Buffer(value.byteLength);
        copy.set(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
        return copy;
      }
      if (Array.isArray(value) || (value !== null && typeof value === 'object' &&
          typeof value.length === 'number')) {
        const buf = new Buffer(value.length);
        for (let i = 0; i < value.length; i++) buf[i] = value[i] & 255;
        return buf;
      }
      throw new ERR_INVALID_ARG_TYPE('first argument',
        'of type string or an instance of Buffer, ArrayBuffer, or Array or an Array-like Object',
        value);
    }

    static alloc(size, fill, encoding) {
      validateSize(size);
      const buf = new Buffer(size);
      if (fill !== undefined && fill !== 0) buf.fill(fill, 0, buf.length, encoding);
      return buf;
    }

    static allocUnsafe(size) {
      validateSize(size);
      return new Buffer(size);
    }

    static isBuffer(value) {
      return value instanceof Buffer;
    }

    static isEncoding(enc) {
      return typeof enc === 'string' && enc !== '' && normalizeEncoding(enc) !== undefined;
    }

    static byteLength(value, encoding) {
      if (typeof value !== 'string') return value.byteLength;
      return fromString(value, encoding).length;
    }

    static concat(list, totalLength) {
      if (!Array.isArray(list)) {
        throw new ERR_INVALID_ARG_TYPE('list', 'an instance of Array', list);
      }
      for (let i = 0; i < list.length; i++) {
        if (!(list[i] instanceof Uint8Array)) {
          throw new ERR_INVALID_ARG_TYPE(`list[${i}]`, 'an instance of Buffer or Uint8Array', list[i]);
        }
      }
      if (totalLength === undefined) {
        totalLength = 0;
        for (const b of list) totalLength += b.length;
      }
      const out = Buffer.alloc(totalLength);
      let pos = 0;
      for (const b of list) {
        if (pos >= totalLength) break;
        const part = b.length > totalLength - pos ? b.subarray(0, totalLength - pos) : b;
        out.set(part, pos);
        pos += part.length;
      }
      return out;
    }

    fill(value, start = 0, end = this.length, encoding) {
      if (typeof value === 'string') {
        const bytes = fromString(value, encoding);
        if (bytes.length === 0) return super.fill(0, start, end);
        for (let i = start, j = 0; i < end; i++, j = (j + 1) % bytes.length) this[i] = bytes[j];
        return this;
      }
      return super.fill(value, start, end);
    }

    toString(encoding, start = 0, end = this.length) {
      const enc = normalizeEncoding(encoding);
      if (enc === undefined) throw new ERR_UNKNOWN_ENCODING(encoding);
      start = Math.max(0, start | 0);
      end = Math.min(this.length, end === undefined ? this.length : end | 0);
      if (end <= start) return '';
      const bytes = start === 0 && end === this.length ? this : this.subarray(start, end);
      switch (enc) {
        case 'utf8': return op_encoding_decode_utf8(bytes);
        case 'latin1': {
          let s = '';
          for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
          return s;
        }
        case 'ascii': {
          let s = '';
          for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i] & 0x7f);
          return s;
        }
        case 'hex': {
          let s = '';
          for (let i = 0; i < bytes.length; i++) s += bytes[i].toString(16).padStart(2, '0');
          return s;
        }
        case 'base64': return encodeBase64(bytes, B64, true);
        case 'base64url': return encodeBase64(bytes, B64URL, false);
        case 'utf16le': {
          let s = '';
          for (let i = 0; i + 1 < bytes.length; i += 2) {
            s += String.fromCharCode(bytes[i] | (bytes[i + 1] << 8));
          }
          return s;
        }
      }
      return '';
    }

    toJSON() {
      return { type: 'Buffer', data: Array.from(this) };
    }

    equals(other) {
      if (!(other instanceof Uint8Array)) {
        throw new ERR_INVALID_ARG_TYPE('otherBuffer', 'an instance of Buffer or Uint8Array', other);
      }
      if (this === other) return true;
      return this.length === other.length && compareBytes(this, other) === 0;
    }

    compare(target, targetStart = 0, targetEnd = target?.length, sourceStart = 0,
      sourceEnd = this.length) {
      if (!(target instanceof Uint8Array)) {
        throw new ERR_INVALID_ARG_TYPE('target', 'an instance of Buffer or Uint8Array', target);
      }
      validateRange(targetStart, 'targetStart', 0, target.length);
      validateRange(targetEnd, 'targetEnd', 0, target.length);
      validateRange(sourceStart, 'sourceStart', 0, this.length);
      validateRange(sourceEnd, 'sourceEnd', 0, this.length);
      if (sourceStart >= sourceEnd) return targetStart >= targetEnd ? 0 : -1;
      if (targetStart >= targetEnd) return 1;
      return compareBytes(this.subarray(sourceStart, sourceEnd), target.subarray(targetStart, targetEnd));
    }

    indexOf(value, byteOffset, encoding) {
      return indexOf(this, value, byteOffset, encoding, true);
    }

    lastIndexOf(value, byteOffset, encoding) {
      return indexOf(this, value, byteOffset, encoding, false);
    }

    includes(value, byteOffset, encoding) {
      return this.indexOf(value, byteOffset, encoding) !== -1;
    }

    // write(string[, offset[, length]][, encoding]): bytes written.
    write(string, offset, length, encoding) {
      if (typeof string !== 'string') throw new ERR_INVALID_ARG_TYPE('argument', 'of type string', string);
      if (offset === undefined) {
        encoding = 'utf8';
        length = this.length;
        offset = 0;
      } else if (length === undefined && typeof offset === 'string') {
        encoding = offset;
        length = this.length;
        offset = 0;
      } else {
        validateRange(offset, 'offset', 0, this.length);
        const remaining = this.length - offset;
        if (length === undefined) {
          length = remaining;
        } else if (typeof length === 'string') {
          encoding = length;
          length = remaining;
        } else {
          validateRange(length, 'length', 0, this.length);
          if (length > remaining) length = remaining;
        }
      }
      const enc = normalizeEncoding(encoding);
      if (enc === undefined) throw new ERR_UNKNOWN_ENCODING(encoding);
      let bytes = fromString(string, enc);
      if (bytes.length > length) {
        bytes = bytes.subarray(0, length);
        // A multi-byte character never gets cut in half.
        if (enc === 'utf8') bytes = bytes.subarray(0, utf8Boundary(bytes));
        else if (enc === 'utf16le') bytes = bytes.subarray(0, bytes.length & ~1);
      }
      this.set(bytes, offset);
      return bytes.length;
    }

    copy(target, targetStart = 0, sourceStart = 0, sourceEnd = this.length) {
      if (!(target instanceof Uint8Array)) {
        throw new ERR_INVALID_ARG_TYPE('target', 'an instance of Buffer or Uint8Array', target);
      }
      targetStart = toInteger(targetStart, 0);
      if (targetStart < 0) throw new ERR_OUT_OF_RANGE('targetStart', '>= 0', targetStart);
      sourceStart = toInteger(sourceStart, 0);
      if (sourceStart < 0 || sourceStart > this.length) {
        throw new ERR_OUT_OF_RANGE('sourceStart', `>= 0 && <= ${this.length}`, sourceStart);
      }
      sourceEnd = toInteger(sourceEnd, this.length);
      if (sourceEnd < 0) throw new ERR_OUT_OF_RANGE('sourceEnd', '>= 0', sourceEnd);
      if (targetStart >= target.length || sourceStart >= sourceEnd) return 0;
      sourceEnd = Math.min(sourceEnd, this.length);
      const n = Math.min(sourceEnd - sourceStart, target.length - targetStart);
      target.set(this.subarray(sourceStart, sourceStart + n), targetStart);
      return n;
    }

    swap16() { return swap(this, 2); }
    swap32() { return swap(this, 4); }
    swap64() { return swap(this, 8); }

    toLocaleString(encoding, start, end) {
      return this.toString(encoding, start, end);
    }

    // A view, not a copy, as Node's (unlike Uint8Array's slice).
    slice(start, end) {
      return this.subarray(start, end);
    }
  }

  function compareBytes(a, b) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
    }
    return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
  }

  function toInteger(n, defaultVal) {
    n = +n;
    if (!Number.isNaN(n) && n >= Number.MIN_SAFE_INTEGER && n <= Number.MAX_SAFE_INTEGER) {
      return n % 1 === 0 ? n : Math.floor(n);
    }
    return defaultVal;
  }

  function validateRange(value, name, min, max) {
    if (typeof value !== 'number') throw new ERR_INVALID_ARG_TYPE(name, 'of type number', value);
    if (!Number.isInteger(value)) throw new ERR_OUT_OF_RANGE(name, 'an integer', value);
    if (value < min || value > max) throw new ERR_OUT_OF_RANGE(name, `>= ${min} && <= ${max}`, value);
  }

  // The length of the longest prefix of `bytes` that ends on a UTF-8 character boundary.
  function utf8Boundary(bytes) {
    let end = bytes.length;
    let i = end - 1;
    let continuation = 0;
    while (i >= 0 && (bytes[i] & 0xc0) === 0x80 && continuation < 3) {
      i--;
      continuation++;
    }
    if (i < 0) return end;
    const lead = bytes[i];
    const need = lead >= 0xf0 ? 3 : lead >= 0xe0 ? 2 : lead >= 0xc0 ? 1 : 0;
    if (need > continuation) end = i;
    return end;
  }

  function indexOf(buffer, value, byteOffset, encoding, first) {
    if (typeof byteOffset === 'string') {
      encoding = byteOffset;
      byteOffset = undefined;
    }
    byteOffset = byteOffset === undefined ? (first ? 0 : buffer.length) : +byteOffset;
    if (Number.isNaN(byteOffset)) byteOffset = first ? 0 : buffer.length;
    if (byteOffset < 0) byteOffset = Math.max(buffer.length + byteOffset, first ? 0 : -1);
    byteOffset = Math.trunc(byteOffset);
    let needle;
    if (typeof value === 'number') {
      needle = [value & 255];
    } else if (typeof value === 'string') {
      const enc = normalizeEncoding(encoding);
      if (enc === undefined) throw new ERR_UNKNOWN_ENCODING(encoding);
      needle = fromString(value, enc);
    } else if (value instanceof Uint8Array) {
      needle = value;
    } else {
      throw new ERR_INVALID_ARG_TYPE('value', 'one of type number or string or an instance of Buffer or Uint8Array', value);
    }
    const n = needle.length;
    if (n === 0) return first ? Math.min(byteOffset, buffer.length) : Math.min(byteOffset, buffer.length);
    if (first) {
      for (let i = Math.max(0, byteOffset); i + n <= buffer.length; i++) {
        let j = 0;
        while (j < n && buffer[i + j] === needle[j]) j++;
        if (j === n) return i;
      }
    } else {
      for (let i = Math.min(byteOffset, buffer.length - n); i >= 0; i--) {
        let j = 0;
        while (j < n && buffer[i + j] === needle[j]) j++;
        if (j === n) return i;
      }
    }
    return -1;
  }

  function swap(buffer, size) {
    if (buffer.length % size !== 0) throw new ERR_INVALID_BUFFER_SIZE(`${size * 8}-bits`);
    for (let i = 0; i < buffer.length; i += size) {
      for (let a = i, b = i + size - 1; a < b; a++, b--) {
        const t = buffer[a];
        buffer[a] = buffer[b];
        buffer[b] = t;
      }
    }
    return buffer;
  }

  // The fixed-width number readers and writers, as Node checks their arguments.
  function boundsError(value, length, type) {
    if (Math.floor(value) !== value) {
      if (typeof value !== 'number') throw new ERR_INVALID_ARG_TYPE(type || 'offset', 'of type number', value);
      throw new ERR_OUT_OF_RANGE(type || 'offset', 'an integer', value);
    }
    if (length < 0) throw new ERR_BUFFER_OUT_OF_BOUNDS();
    throw new ERR_OUT_OF_RANGE(type || 'offset', `>= ${type ? 1 : 0} and <= ${length}`, value);
  }

  function checkOffset(buffer, offset, size) {
    if (typeof offset !== 'number') throw new ERR_INVALID_ARG_TYPE('offset', 'of type number', offset);
    if (!Number.isInteger(offset) || offset < 0 || offset + size > buffer.length) {
      boundsError(offset, buffer.length - size);
    }
  }

  function view(buffer) {
    return new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  }

  function rangeText(size, signed, big) {
    const n = big ? 'n' : '';
    const bits = size * 8;
    if (size > 4) {
      return signed ? `>= -(2${n} ** ${bits - 1}${n}) and < 2${n} ** ${bits - 1}${n}` :
        `>= 0${n} and < 2${n} ** ${bits}${n}`;
    }
    const max = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
    const min = signed ? -(2 ** (bits - 1)) : 0;
    return `>= ${min} and <= ${max}`;
  }

  const fixed = [
    // [name, size, DataView getter, signed, bigint]
    ['UInt8', 1, 'Uint8', false, false], ['Int8', 1, 'Int8', true, false],
    ['UInt16', 2, 'Uint16', false, false], ['Int16', 2, 'Int16', true, false],
    ['UInt32', 4, 'Uint32', false, false], ['Int32', 4, 'Int32', true, false],
    ['BigUInt64', 8, 'BigUint64', false, true], ['BigInt64', 8, 'BigInt64', true, true],
    ['Float', 4, 'Float32', null, false], ['Double', 8, 'Float64', null, false],
  ];
  for (const [name, size, dv, signed, big] of fixed) {
    const endians = size === 1 ? [''] : ['LE', 'BE'];
    for (const endian of endians) {
      const little = endian === 'LE';
      const read = function (offset = 0) {
        checkOffset(this, offset, size);
        return view(this)[`get${dv}`](offset, little);
      };
      const write = function (value, offset = 0) {
        if (signed !== null) {
          if (big) {
            if (typeof value !== 'bigint') throw new ERR_INVALID_ARG_TYPE('value', 'of type bigint', value);
            const min = signed ? -(2n ** BigInt(size * 8 - 1)) : 0n;
            const max = signed ? 2n ** BigInt(size * 8 - 1) - 1n : 2n ** BigInt(size * 8) - 1n;
            if (value < min || value > max) throw new ERR_OUT_OF_RANGE('value', rangeText(size, signed, true), value);
          } else {
            value = +value;
            const min = signed ? -(2 ** (size * 8 - 1)) : 0;
            const max = signed ? 2 ** (size * 8 - 1) - 1 : 2 ** (size * 8) - 1;
            if (value < min || value > max) throw new ERR_OUT_OF_RANGE('value', rangeText(size, signed, false), value);
          }
        } else {
          value = +value;
        }
        checkOffset(this, offset, size);
        view(this)[`set${dv}`](offset, value, little);
        return offset + size;
      };
      Buffer.prototype[`read${name}${endian}`] = read;
      Buffer.prototype[`write${name}${endian}`] = write;
      if (name.startsWith('UInt') || name.startsWith('BigUInt')) {
        const alias = name.replace('UInt', 'Uint');
        Buffer.prototype[`read${alias}${endian}`] = read;
        Buffer.prototype[`write${alias}${endian}`] = write;
      }
    }
  }

  // Variable width (1 to 6 bytes) integers.
  function checkByteLength(byteLength) {
    if (typeof byteLength !== 'number') throw new ERR_INVALID_ARG_TYPE('byteLength', 'of type number', byteLength);
    if (!Number.isInteger(byteLength) || byteLength < 1 || byteLength > 6) {
      throw new ERR_OUT_OF_RANGE('byteLength', '>= 1 and <= 6', byteLength);
    }
  }
  for (const signed of [false, true]) {
    for (const little of [true, false]) {
      const suffix = `${signed ? 'Int' : 'UInt'}${little ? 'LE' : 'BE'}`;
      const read = function (offset, byteLength) {
        checkByteLength(byteLength);
        checkOffset(this, offset, byteLength);
        let value = 0;
        for (let i = 0; i < byteLength; i++) {
          const b = this[offset + (little ? i : byteLength - 1 - i)];
          value += b * 2 ** (8 * i);
        }
        if (signed && value >= 2 ** (8 * byteLength - 1)) value -= 2 ** (8 * byteLength);
        return value;
      };
      const write = function (value, offset, byteLength) {
        checkByteLength(byteLength);
        value = +value;
        const min = signed ? -(2 ** (8 * byteLength - 1)) : 0;
        const max = signed ? 2 ** (8 * byteLength - 1) - 1 : 2 ** (8 * byteLength) - 1;
        if (value < min || value > max) throw new ERR_OUT_OF_RANGE('value', rangeText(byteLength, signed, false), value);
        checkOffset(this, offset, byteLength);
        let v = value < 0 ? value + 2 ** (8 * byteLength) : value;
        for (let i = 0; i < byteLength; i++) {
          this[offset + (little ? i : byteLength - 1 - i)] = v % 256;
          v = Math.floor(v / 256);
        }
        return offset + byteLength;
      };
      Buffer.prototype[`read${suffix}`] = read;
      Buffer.prototype[`write${suffix}`] = write;
      if (!signed) {
        Buffer.prototype[`readUint${little ? 'LE' : 'BE'}`] = read;
        Buffer.prototype[`writeUint${little ? 'LE' : 'BE'}`] = write;
      }
    }
  }

  Buffer.compare = function compare(a, b) {
    if (!(a instanceof Uint8Array)) throw new ERR_INVALID_ARG_TYPE('buf1', 'an instance of Buffer or Uint8Array', a);
    if (!(b instanceof Uint8Array)) throw new ERR_INVALID_ARG_TYPE('buf2', 'an instance of Buffer or Uint8Array', b);
    return compareBytes(a, b);
  };
  Buffer.poolSize = 8192;
  Buffer.copyBytesFrom = function copyBytesFrom(view, offset = 0, length) {
    const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength)
      .subarray(offset * view.BYTES_PER_ELEMENT,
        length === undefined ? undefined : (offset + length) * view.BYTES_PER_ELEMENT);
    return Buffer.from(bytes);
  };
  Buffer.allocUnsafeSlow = function allocUnsafeSlow(size) {
    return Buffer.allocUnsafe(size);
  };

  function fromString(string, encoding) {
    const enc = normalizeEncoding(encoding);
    if (enc === undefined) throw new ERR_UNKNOWN_ENCODING(encoding);
    let bytes;
    switch (enc) {
      case 'utf8': {
        const u8 = op_encoding_encode_utf8(string);
        return new Buffer(u8.buffer, u8.byteOffset, u8.length);
      }
      case 'latin1': case 'ascii':
        bytes = Array.from(string, (c) => c.charCodeAt(0) & 255);
        break;
      case 'hex': {
        bytes = [];
        for (let i = 0; i + 1 < string.length; i += 2) {
          const n = Number.parseInt(string.slice(i, i + 2), 16);
          if (Number.isNaN(n)) break;
          bytes.push(n);
        }
        break;
      }
      case 'base64': case 'base64url':
        bytes = decodeBase64(string);
        break;
      case 'utf16le':
        bytes = [];
        for (let i = 0; i < string.length; i++) {
          const c = string.charCodeAt(i);
          bytes.push(c & 255, c >> 8);
        }
        break;
    }
    const buf = new Buffer(bytes.length);
    buf.set(bytes);
    return buf;
  }

  inspectModule.bufferClass = Buffer;

  exports.Buffer = Buffer;
  exports.atob = (...args) => globalThis.atob(...args);
  exports.btoa = (...args) => globalThis.btoa(...args);
  // Well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
  exports.isUtf8 = (input) => {
    const b = ArrayBuffer.isView(input) ?
      new Uint8Array(input.buffer, input.byteOffset, input.byteLength) : new Uint8Array(input);
    for (let i = 0; i < b.length;) {
      const c = b[i];
      let n;
      let min;
      if (c < 0x80) { i++; continue; }
      if (c >= 0xc2 && c <= 0xdf) { n = 1; min = 0x80; }
      else if (c >= 0xe0 && c <= 0xef) { n = 2; min = 0x800; }
      else if (c >= 0xf0 && c <= 0xf4) { n = 3; min = 0x10000; }
      else return false;
      let cp = c & (0x3f >> n);
      for (let k = 1; k <= n; k++) {
        const cc = b[i + k];
        if (cc === undefined || (cc & 0xc0) !== 0x80) return false;
        cp = (cp << 6) | (cc & 0x3f);
      }
      if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
      i += n + 1;
    }
    return true;
  };
  exports.isAscii = (input) => {
    const bytes = ArrayBuffer.isView(input) ?
      new Uint8Array(input.buffer, input.byteOffset, input.byteLength) : new Uint8Array(input);
    return bytes.every((b) => b < 0x80);
  };
  exports.INSPECT_MAX_BYTES = 50;
  exports.kStringMaxLength = 2 ** 29 - 24;
  exports.normalizeEncoding = normalizeEncoding;
  exports.kMaxLength = 2 ** 32;
  exports.constants = { MAX_LENGTH: 2 ** 32, MAX_STRING_LENGTH: 2 ** 29 - 24 };
})
