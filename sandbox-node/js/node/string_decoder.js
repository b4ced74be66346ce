// `require('string_decoder')`: StringDecoder keeps incomplete multi-byte characters
// between writes (utf8, utf16le, base64, base64url); other encodings decode at once.
(function (exports, require) {
  'use strict';

  const { Buffer, normalizeEncoding } = require('buffer');
  const { codes: { ERR_UNKNOWN_ENCODING, ERR_INVALID_ARG_TYPE } } = require('internal/errors');

  class StringDecoder {
    constructor(encoding) {
      const enc = normalizeEncoding(encoding);
      if (enc === undefined) throw new ERR_UNKNOWN_ENCODING(encoding);
      this.encoding = enc;
      this.pending = Buffer.alloc(0);
    }

    write(buf) {
      if (typeof buf === 'string') return buf;
      if (!ArrayBuffer.isView(buf)) {
        throw new ERR_INVALID_ARG_TYPE('buf', 'an instance of Buffer, TypedArray, or DataView', buf);
      }
      let bytes = Buffer.concat([this.pending, Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength)]);
      const keep = this.#incomplete(bytes);
      this.pending = Buffer.from(bytes.subarray(bytes.length - keep));
      bytes = bytes.subarray(0, bytes.length - keep);
      return bytes.toString(this.encoding);
    }

    end(buf) {
      let out = buf === undefined ? '' : this.write(buf);
      if (this.pending.length > 0) {
        out += this.encoding === 'utf8' ? '\ufffd' : this.pending.toString(this.encoding);
        this.pending = Buffer.alloc(0);
      }
      return out;
    }

    // How many trailing bytes belong to a character not yet complete.
    #incomplete(bytes) {
      const n = bytes.length;
      switch (this.encoding) {
        case 'utf8':
          for (let back = 1; back <= Math.min(3, n); back++) {
            const b = bytes[n - back];
            if ((b & 0xc0) === 0x80) continue;
            const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
            return need > back ? back : 0;
          }
          return 0;
        case 'utf16le': {
          let keep = n % 2;
          if (keep === 0 && n >= 2) {
            const unit = bytes[n - 2] | (bytes[n - 1] << 8);
            if (unit >= 0xd800 && unit <= 0xdbff) keep = 2;
          }
          return keep;
        }
        case 'base64': case 'base64url':
          return n % 3;
        default:
          return 0;
      }
    }

    get lastNeed() { return this.pending.length === 0 ? 0 : 1; }
    get lastTotal() { return this.pending.length; }
  }

  exports.StringDecoder = StringDecoder;
})
