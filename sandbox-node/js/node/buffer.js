// `Buffer`: a Uint8Array subclass with Node's encodings. The first slice: creation
// (`from`, `alloc`, `allocUnsafe`, `concat`), `toString` in utf8 / latin1 / ascii /
// hex / base64 / base64url / utf16le, `byteLength`, `isBuffer`, `equals`, `slice`.
// Not yet: `write`, the read/write integer methods, `compare`, `indexOf`. UTF-8 goes
// through the native ops (V8 has no TextEncoder of its own).
(function (exports, require, ops) {
  'use strict';

  const { op_encoding_decode_utf8, op_encoding_encode_utf8 } = ops;
  const { codes: { ERR_INVALID_ARG_TYPE, ERR_UNKNOWN_ENCODING } } = require('internal/errors');
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
      const buf = new Buffer(size);
      if (fill !== undefined && fill !== 0) buf.fill(fill, 0, buf.length, encoding);
      return buf;
    }

    static allocUnsafe(size) {
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
      if (this.length !== other.length) return false;
      for (let i = 0; i < this.length; i++) if (this[i] !== other[i]) return false;
      return true;
    }

    // A view, not a copy, as Node's (unlike Uint8Array's slice).
    slice(start, end) {
      return this.subarray(start, end);
    }
  }

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
  exports.normalizeEncoding = normalizeEncoding;
  exports.kMaxLength = 2 ** 32;
  exports.constants = { MAX_LENGTH: 2 ** 32, MAX_STRING_LENGTH: 2 ** 29 - 24 };
})
