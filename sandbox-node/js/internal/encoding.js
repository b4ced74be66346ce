// TextEncoder and TextDecoder (WHATWG Encoding: utf-8, utf-16le, latin1 aka
// windows-1252 as Node's build without full ICU labels), atob and btoa.
(function (exports, require, ops) {
  'use strict';

  const { op_encoding_encode_utf8 } = ops;
  const {
    codes: { ERR_INVALID_ARG_TYPE, ERR_ENCODING_NOT_SUPPORTED, ERR_ENCODING_INVALID_ENCODED_DATA },
  } = require('internal/errors');

  class TextEncoder {
    get encoding() { return 'utf-8'; }

    encode(input = '') {
      const u8 = op_encoding_encode_utf8(String(input));
      return new Uint8Array(u8.buffer, u8.byteOffset, u8.length);
    }

    encodeInto(src, dest) {
      const bytes = this.encode(src);
      let written = bytes.length;
      let read = src.length;
      if (written > dest.length) {
        // Whole characters only.
        written = 0;
        read = 0;
        for (const ch of src) {
          const n = this.encode(ch).length;
          if (written + n > dest.length) break;
          written += n;
          read += ch.length;
        }
      }
      dest.set(bytes.subarray(0, written));
      return { read, written };
    }

    get [Symbol.toStringTag]() { return 'TextEncoder'; }
  }

  const labels = new Map([
    ['unicode-1-1-utf-8', 'utf-8'], ['utf8', 'utf-8'], ['utf-8', 'utf-8'],
    ['utf-16le', 'utf-16le'], ['utf-16', 'utf-16le'], ['ucs-2', 'utf-16le'],
    ['latin1', 'windows-1252'], ['iso-8859-1', 'windows-1252'], ['ascii', 'windows-1252'],
    ['us-ascii', 'windows-1252'], ['windows-1252', 'windows-1252'],
  ]);

  function toBytes(input) {
    if (input === undefined) return new Uint8Array(0);
    if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    if (input instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && input instanceof SharedArrayBuffer)) {
      return new Uint8Array(input);
    }
    throw new ERR_INVALID_ARG_TYPE('input', 'an instance of ArrayBuffer or ArrayBufferView', input);
  }

  class TextDecoder {
    #encoding;
    #fatal;
    #ignoreBOM;
    #pending = [];

    constructor(encoding = 'utf-8', options = {}) {
      const label = String(encoding).trim().toLowerCase();
      const name = labels.get(label);
      if (name === undefined) throw new ERR_ENCODING_NOT_SUPPORTED(encoding);
      this.#encoding = name;
      this.#fatal = Boolean(options?.fatal);
      this.#ignoreBOM = Boolean(options?.ignoreBOM);
    }

    get encoding() { return this.#encoding; }
    get fatal() { return this.#fatal; }
    get ignoreBOM() { return this.#ignoreBOM; }

    decode(input, options = {}) {
      let bytes = toBytes(input);
      if (this.#pending.length > 0) {
        const joined = new Uint8Array(this.#pending.length + bytes.length);
        joined.set(this.#pending);
        joined.set(bytes, this.#pending.length);
        bytes = joined;
        this.#pending = [];
      }
      const stream = Boolean(options?.stream);
      const { Buffer } = require('buffer');
      if (this.#encoding === 'utf-8') {
        if (stream) {
          const end = utf8CompleteLength(bytes);
          this.#pending = Array.from(bytes.subarray(end));
          bytes = bytes.subarray(0, end);
        }
        if (this.#fatal && !require('buffer').isUtf8(bytes)) {
          throw new ERR_ENCODING_INVALID_ENCODED_DATA(this.#encoding);
        }
        let text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');
        if (!this.#ignoreBOM && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        return text;
      }
      if (this.#encoding === 'utf-16le') {
        if (stream && bytes.length % 2 === 1) {
          this.#pending = [bytes[bytes.length - 1]];
          bytes = bytes.subarray(0, bytes.length - 1);
        }
        let text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf16le');
        if (!this.#ignoreBOM && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        return text;
      }
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
    }

    get [Symbol.toStringTag]() { return 'TextDecoder'; }
  }

  // The length of the prefix of `bytes` that holds only whole UTF-8 sequences.
  function utf8CompleteLength(bytes) {
    const n = bytes.length;
    for (let back = 1; back <= Math.min(3, n); back++) {
      const b = bytes[n - back];
      if ((b & 0xc0) === 0x80) continue;
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
      return need > back ? n - back : n;
    }
    return n;
  }

  function domException(message, name) {
    const DOMException = require('internal/dom_exception');
    return new DOMException(message, name);
  }

  function btoa(input) {
    if (arguments.length === 0) {
      const { codes: { ERR_MISSING_ARGS } } = require('internal/errors');
      throw new ERR_MISSING_ARGS('input');
    }
    input = `${input}`;
    for (let i = 0; i < input.length; i++) {
      if (input.charCodeAt(i) > 0xff) throw domException('Invalid character', 'InvalidCharacterError');
    }
    return require('buffer').Buffer.from(input, 'latin1').toString('base64');
  }

  // The WHATWG forgiving-base64 decode, with Node's two messages.
  const kAllowed = '\t\n\f\r ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=';
  function atob(input) {
    if (arguments.length === 0) {
      const { codes: { ERR_MISSING_ARGS } } = require('internal/errors');
      throw new ERR_MISSING_ARGS('input');
    }
    input = `${input}`;
    let significant = 0;
    let equals = 0;
    for (let n = 0; n < input.length; n++) {
      const index = kAllowed.indexOf(input[n]);
      if (index > 4) {
        significant++;
        if (input[n] === '=') {
          equals++;
        } else if (equals) {
          throw domException('Invalid character', 'InvalidCharacterError');
        }
        if (equals > 2) throw domException('Invalid character', 'InvalidCharacterError');
      } else if (index === -1) {
        throw domException('Invalid character', 'InvalidCharacterError');
      }
    }
    let reminder = significant % 4;
    if (!reminder) {
      reminder = (significant - equals) % 4;
    } else if (equals) {
      throw domException('Invalid character', 'InvalidCharacterError');
    }
    if (reminder === 1) {
      throw domException('The string to be decoded is not correctly encoded.', 'InvalidCharacterError');
    }
    return require('buffer').Buffer.from(input, 'base64').toString('latin1');
  }

  exports.TextEncoder = TextEncoder;
  exports.TextDecoder = TextDecoder;
  exports.atob = atob;
  exports.btoa = btoa;
})
