// `require('crypto')`: randomBytes, randomFillSync/randomFill, randomInt, randomUUID,
// getRandomValues, createHash and createHmac (md5, sha1, sha224, sha256, sha384,
// sha512; digests by RustCrypto in src/ops/crypto.rs), hash(), timingSafeEqual,
// getHashes, and webcrypto with getRandomValues, randomUUID and subtle.digest. Ciphers,
// keys and signatures are not provided: they throw ERR_SANDBOX_UNSUPPORTED.
(function (exports, require, ops) {
  'use strict';

  const { op_crypto_random_fill, op_crypto_digest } = ops;
  const { Buffer } = require('buffer');
  const {
    codes: {
      ERR_INVALID_ARG_TYPE, ERR_OUT_OF_RANGE, ERR_CRYPTO_HASH_FINALIZED,
      ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH, ERR_SANDBOX_UNSUPPORTED,
    },
  } = require('internal/errors');

  const hashes = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'];
  const aliases = { 'sha-1': 'sha1', 'sha-224': 'sha224', 'sha-256': 'sha256', 'sha-384': 'sha384', 'sha-512': 'sha512', rsa_sha256: 'sha256' };

  function algorithmOf(name) {
    if (typeof name !== 'string') throw new ERR_INVALID_ARG_TYPE('algorithm', 'of type string', name);
    const lower = name.toLowerCase();
    const alg = aliases[lower] || lower;
    // Node's own message (OpenSSL's), without a code.
    if (!hashes.includes(alg)) throw new Error('Digest method not supported');
    return alg;
  }

  const kMaxLength = 2 ** 31 - 1;

  function randomBytes(size, callback) {
    if (typeof size !== 'number') throw new ERR_INVALID_ARG_TYPE('size', 'of type number', size);
    if (!(size >= 0 && size <= kMaxLength)) throw new ERR_OUT_OF_RANGE('size', `>= 0 && <= ${kMaxLength}`, size);
    if (callback !== undefined && typeof callback !== 'function') {
      throw new ERR_INVALID_ARG_TYPE('callback', 'of type function', callback);
    }
    const buf = Buffer.alloc(size);
    op_crypto_random_fill(buf);
    if (callback) {
      require('process').nextTick(callback, null, buf);
      return undefined;
    }
    return buf;
  }

  function randomFillSync(buf, offset = 0, size) {
    if (!ArrayBuffer.isView(buf) && !(buf instanceof ArrayBuffer)) {
      throw new ERR_INVALID_ARG_TYPE('buf', 'an instance of ArrayBuffer or ArrayBufferView', buf);
    }
    const bytes = buf instanceof ArrayBuffer ? new Uint8Array(buf) :
      new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    const end = size === undefined ? bytes.length : offset + size;
    op_crypto_random_fill(bytes.subarray(offset, end));
    return buf;
  }

  function randomFill(buf, offset, size, callback) {
    if (typeof offset === 'function') {
      callback = offset;
      offset = 0;
      size = undefined;
    } else if (typeof size === 'function') {
      callback = size;
      size = undefined;
    }
    randomFillSync(buf, offset, size);
    require('process').nextTick(callback, null, buf);
  }

  function randomInt(min, max, callback) {
    if (typeof max === 'undefined' || typeof max === 'function') {
      callback = max;
      max = min;
      min = 0;
    }
    if (!Number.isSafeInteger(min)) throw new ERR_INVALID_ARG_TYPE('min', 'a safe integer', min);
    if (!Number.isSafeInteger(max)) throw new ERR_INVALID_ARG_TYPE('max', 'a safe integer', max);
    if (max <= min) {
      throw new ERR_OUT_OF_RANGE('max', `greater than the value of "min" (${min})`, max);
    }
    const range = max - min;
    // Rejection sampling over 48 random bits, as Node.
    const limit = 2 ** 48 - (2 ** 48 % range);
    let x;
    do {
      x = randomBytes(6).readUIntBE(0, 6);
    } while (x >= limit);
    const n = min + (x % range);
    if (typeof callback === 'function') {
      require('process').nextTick(callback, undefined, n);
      return undefined;
    }
    return n;
  }

  function randomUUID() {
    const b = randomBytes(16);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = b.toString('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  function getRandomValues(array) {
    if (!ArrayBuffer.isView(array) || array instanceof Float32Array || array instanceof Float64Array ||
        array instanceof DataView) {
      const DOMException = require('internal/dom_exception');
      throw new DOMException('The data argument must be an integer-type TypedArray', 'TypeMismatchError');
    }
    if (array.byteLength > 65536) {
      const DOMException = require('internal/dom_exception');
      throw new DOMException(`The ArrayBufferView's byte length (${array.byteLength}) exceeds the number of bytes of entropy available via this API (65536)`, 'QuotaExceededError');
    }
    op_crypto_random_fill(array);
    return array;
  }

  function toBytes(data, encoding, name = 'data') {
    if (typeof data === 'string') return Buffer.from(data, encoding);
    if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    if (data instanceof ArrayBuffer) return new Uint8Array(data);
    throw new ERR_INVALID_ARG_TYPE(name, 'of type string or an instance of Buffer, TypedArray, or DataView', data);
  }

  function output(bytes, encoding) {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    return encoding === undefined || encoding === 'buffer' ? buf : buf.toString(encoding);
  }

  class Hash {
    #algorithm;
    #chunks = [];
    #key;
    #done = false;

    constructor(algorithm, key) {
      this.#algorithm = algorithmOf(algorithm);
      this.#key = key;
    }

    update(data, encoding) {
      if (this.#done) throw new ERR_CRYPTO_HASH_FINALIZED();
      this.#chunks.push(Buffer.from(toBytes(data, encoding)));
      return this;
    }

    digest(encoding) {
      if (this.#done) throw new ERR_CRYPTO_HASH_FINALIZED();
      this.#done = true;
      return output(op_crypto_digest(this.#algorithm, this.#chunks, this.#key), encoding);
    }

    copy() {
      if (this.#done) throw new ERR_CRYPTO_HASH_FINALIZED();
      const copy = new Hash(this.#algorithm, this.#key);
      for (const c of this.#chunks) copy.update(c);
      return copy;
    }
  }

  function createHash(algorithm, options) {
    return new Hash(algorithm);
  }

  function createHmac(algorithm, key, options) {
    if (key === null || key === undefined) {
      throw new ERR_INVALID_ARG_TYPE('key', 'of type string or an instance of ArrayBuffer, Buffer, TypedArray, DataView, KeyObject, or CryptoKey', key);
    }
    return new Hash(algorithm, Buffer.from(toBytes(key, undefined, 'key')));
  }

  function hash(algorithm, data, outputEncoding = 'hex') {
    return createHash(algorithm).update(data).digest(outputEncoding);
  }

  function timingSafeEqual(a, b) {
    const x = toBytes(a, undefined, 'buf1');
    const y = toBytes(b, undefined, 'buf2');
    if (x.length !== y.length) throw new ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH();
    let diff = 0;
    for (let i = 0; i < x.length; i++) diff |= x[i] ^ y[i];
    return diff === 0;
  }

  const subtle = {
    async digest(algorithm, data) {
      const name = typeof algorithm === 'string' ? algorithm : algorithm?.name;
      const alg = aliases[String(name).toLowerCase()];
      if (!alg || alg === 'sha224') {
        const DOMException = require('internal/dom_exception');
        throw new DOMException('Unrecognized algorithm name', 'NotSupportedError');
      }
      const bytes = op_crypto_digest(alg, [Buffer.from(toBytes(data))]);
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
    },
  };
  for (const name of ['encrypt', 'decrypt', 'sign', 'verify', 'generateKey', 'deriveKey',
    'deriveBits', 'importKey', 'exportKey', 'wrapKey', 'unwrapKey']) {
    subtle[name] = async () => { throw new ERR_SANDBOX_UNSUPPORTED(`crypto.subtle.${name}()`); };
  }

  const webcrypto = { getRandomValues, randomUUID, subtle };

  exports.randomBytes = randomBytes;
  exports.pseudoRandomBytes = randomBytes;
  exports.randomFillSync = randomFillSync;
  exports.randomFill = randomFill;
  exports.randomInt = randomInt;
  exports.randomUUID = randomUUID;
  exports.getRandomValues = getRandomValues;
  exports.createHash = createHash;
  exports.createHmac = createHmac;
  exports.hash = hash;
  exports.timingSafeEqual = timingSafeEqual;
  exports.getHashes = () => [...hashes];
  exports.getCiphers = () => [];
  exports.getCurves = () => [];
  exports.webcrypto = webcrypto;
  exports.subtle = subtle;
  exports.Hash = Hash;
  exports.constants = {};
  for (const name of ['createCipheriv', 'createDecipheriv', 'createSign', 'createVerify',
    'generateKeyPair', 'generateKeyPairSync', 'createPrivateKey', 'createPublicKey',
    'createSecretKey', 'pbkdf2', 'pbkdf2Sync', 'scrypt', 'scryptSync', 'createECDH',
    'createDiffieHellman', 'publicEncrypt', 'privateDecrypt', 'sign', 'verify', 'hkdf', 'hkdfSync']) {
    exports[name] = () => { throw new ERR_SANDBOX_UNSUPPORTED(`crypto.${name}()`); };
  }
})
