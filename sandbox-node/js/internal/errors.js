// Node's errors: system errors built from the kernel's errno (as libuv's
// `uvException` builds them) and the `ERR_*` codes of Node's own checks.
(function (exports, require, ops, info) {
  'use strict';

  // errno (negative, as Node's err.errno) -> [code, libuv message]; from src/errno.rs,
  // in the build-time `info`, so the map is part of the startup snapshot.
  const errmap = new Map();
  for (const [number, code, message] of info.errors) errmap.set(number, [code, message]);

  // What Node names an errno libuv does not know.
  const UNKNOWN = ['UNKNOWN', 'unknown error'];

  function errnoInfo(errno) {
    return errmap.get(errno) || UNKNOWN;
  }

  // The error of a failed system call: `ENOENT: no such file or directory, open '/x'`
  // with `errno`, `code`, `syscall` and (when given) `path`/`dest`, in Node's order.
  function uvException(errno, syscall, path, dest) {
    const [code, uvmsg] = errnoInfo(errno);
    let message = `${code}: ${uvmsg}, ${syscall}`;
    if (path !== undefined) message += ` '${path}'`;
    if (dest !== undefined) message += ` -> '${dest}'`;
    const err = new Error(message);
    err.errno = errno;
    err.code = code;
    err.syscall = syscall;
    if (path !== undefined) err.path = path;
    if (dest !== undefined) err.dest = dest;
    // Node hides its own frames below the API the program called.
    if (Error.captureStackTrace) Error.captureStackTrace(err, uvException);
    return err;
  }

  // Node's `ERR_*` errors: a plain `TypeError` (or other base) whose stack reads
  // `TypeError [ERR_X]: message` and whose `code` is an own enumerable property.
  // Called with `new`; returning an object from a constructor returns that object.
  function makeNodeError(Base, code, format) {
    return function NodeError(...args) {
      const err = new Base(format(...args));
      if (Error.captureStackTrace) Error.captureStackTrace(err, NodeError);
      // The stack's first line is made from `name` when it is first read.
      err.name = `${Base.name} [${code}]`;
      // eslint-disable-next-line no-unused-expressions
      err.stack;
      delete err.name;
      err.code = code;
      return err;
    };
  }

  // 1234567 -> 1_234_567, as Node prints big numbers in range errors.
  function addNumericalSeparator(val) {
    let res = '';
    let i = val.length;
    const start = val[0] === '-' ? 1 : 0;
    for (; i >= start + 4; i -= 3) res = `_${val.slice(i - 3, i)}${res}`;
    return `${val.slice(0, i)}${res}`;
  }

  function describe(value) {
    if (value == null) return ` Received ${value}`;
    if (typeof value === 'function') return ` Received function ${value.name}`;
    if (typeof value === 'object') {
      if (value.constructor && value.constructor.name) {
        return ` Received an instance of ${value.constructor.name}`;
      }
      return ' Received an instance of Object';
    }
    let shown = String(value).slice(0, 25);
    if (String(value).length > 25) shown += '...';
    if (typeof value === 'string') shown = `'${shown}'`;
    return ` Received type ${typeof value} (${shown})`;
  }

  const codes = {
    ERR_INVALID_ARG_TYPE: makeNodeError(TypeError, 'ERR_INVALID_ARG_TYPE',
      (name, expected, actual) => {
        let subject;
        if (name.endsWith(' argument')) subject = name;
        else subject = `"${name}" ${name.includes('.') ? 'property' : 'argument'}`;
        return `The ${subject} must be ${expected}.${describe(actual)}`;
      }),
    ERR_INVALID_ARG_VALUE: makeNodeError(TypeError, 'ERR_INVALID_ARG_VALUE',
      (name, value, reason = 'is invalid') => {
        // Lazily: inspect itself throws these errors.
        let inspected = require('internal/util/inspect').inspect(value);
        if (inspected.length > 128) inspected = `${inspected.slice(0, 128)}...`;
        const type = name.includes('.') ? 'property' : 'argument';
        return `The ${type} '${name}' ${reason}. Received ${inspected}`;
      }),
    ERR_OUT_OF_RANGE: makeNodeError(RangeError, 'ERR_OUT_OF_RANGE',
      (name, range, input, replaceDefaultBoolean = false) => {
        let msg = replaceDefaultBoolean ? name :
          `The value of "${name}" is out of range.`;
        let received;
        if (Number.isInteger(input) && Math.abs(input) > 2 ** 32) {
          received = addNumericalSeparator(String(input));
        } else if (typeof input === 'bigint') {
          received = String(input);
          if (input > 2n ** 32n || input < -(2n ** 32n)) received = addNumericalSeparator(received);
          received += 'n';
        } else {
          received = require('internal/util/inspect').inspect(input);
        }
        msg += ` It must be ${range}. Received ${received}`;
        return msg;
      }),
    ERR_BUFFER_OUT_OF_BOUNDS: makeNodeError(RangeError, 'ERR_BUFFER_OUT_OF_BOUNDS',
      (name = undefined) => (name ? `"${name}" is outside of buffer bounds` :
        'Attempt to access memory outside buffer bounds')),
    ERR_INVALID_BUFFER_SIZE: makeNodeError(RangeError, 'ERR_INVALID_BUFFER_SIZE',
      (message) => `Buffer size must be a multiple of ${message}`),
    ERR_UNKNOWN_ENCODING: makeNodeError(TypeError, 'ERR_UNKNOWN_ENCODING',
      (encoding) => `Unknown encoding: ${encoding}`),
    ERR_UNKNOWN_BUILTIN_MODULE: makeNodeError(Error, 'ERR_UNKNOWN_BUILTIN_MODULE',
      (id) => `No such built-in module: ${id}`),
    ERR_METHOD_NOT_IMPLEMENTED: makeNodeError(Error, 'ERR_METHOD_NOT_IMPLEMENTED',
      (method) => `The ${method} method is not implemented`),
    ERR_INVALID_PACKAGE_CONFIG: makeNodeError(Error, 'ERR_INVALID_PACKAGE_CONFIG',
      (path, base, message) =>
        `Invalid package config ${path}${base ? ` while importing ${base}` : ''}${message ? `. ${message}` : ''}`),
    ERR_INVALID_PACKAGE_TARGET: makeNodeError(Error, 'ERR_INVALID_PACKAGE_TARGET',
      (pkgPath, key, target, isImport = false, base = undefined) => {
        const relError = typeof target === 'string' && !isImport && target.length > 0 &&
          !target.startsWith('./');
        const where = `${pkgPath}package.json${base ? ` imported from ${base}` : ''}` +
          `${relError ? '; targets must start with "./"' : ''}`;
        if (key === '.') {
          return `Invalid "exports" main target ${JSON.stringify(target)} defined in the package config ${where}`;
        }
        return `Invalid "${isImport ? 'imports' : 'exports'}" target ${JSON.stringify(target)} defined for '${key}' in the package config ${where}`;
      }),
    ERR_PACKAGE_PATH_NOT_EXPORTED: makeNodeError(Error, 'ERR_PACKAGE_PATH_NOT_EXPORTED',
      (pkgPath, subpath, base = undefined) => {
        const from = base ? ` imported from ${base}` : '';
        if (subpath === '.') return `No "exports" main defined in ${pkgPath}package.json${from}`;
        return `Package subpath '${subpath}' is not defined by "exports" in ${pkgPath}package.json${from}`;
      }),
    ERR_PACKAGE_IMPORT_NOT_DEFINED: makeNodeError(TypeError, 'ERR_PACKAGE_IMPORT_NOT_DEFINED',
      (specifier, packagePath, base) =>
        `Package import specifier "${specifier}" is not defined${packagePath ? ` in package ${packagePath}package.json` : ''} imported from ${base}`),
    ERR_INVALID_MODULE_SPECIFIER: makeNodeError(TypeError, 'ERR_INVALID_MODULE_SPECIFIER',
      (request, reason, base = undefined) =>
        `Invalid module "${request}" ${reason}${base ? ` imported from ${base}` : ''}`),
    ERR_MODULE_NOT_FOUND: makeNodeError(Error, 'ERR_MODULE_NOT_FOUND',
      (path, base, exactUrl) =>
        `Cannot find ${exactUrl ? 'module' : 'package'} '${path}' imported from ${base}`),
    ERR_UNSUPPORTED_DIR_IMPORT: makeNodeError(Error, 'ERR_UNSUPPORTED_DIR_IMPORT',
      (path, base) =>
        `Directory import '${path}' is not supported resolving ES modules imported from ${base}`),
    ERR_UNKNOWN_FILE_EXTENSION: makeNodeError(TypeError, 'ERR_UNKNOWN_FILE_EXTENSION',
      (ext, path) => `Unknown file extension "${ext}" for ${path}`),
    ERR_UNSUPPORTED_ESM_URL_SCHEME: makeNodeError(Error, 'ERR_UNSUPPORTED_ESM_URL_SCHEME',
      (scheme) => `Only URLs with a scheme in: file and node are supported by the default ESM loader. Received protocol '${scheme}'`),
    ERR_IMPORT_ATTRIBUTE_MISSING: makeNodeError(TypeError, 'ERR_IMPORT_ATTRIBUTE_MISSING',
      (url, key, value) => `Module "${url}" needs an import attribute of "${key}: ${value}"`),
    ERR_IMPORT_ATTRIBUTE_TYPE_INCOMPATIBLE: makeNodeError(TypeError, 'ERR_IMPORT_ATTRIBUTE_TYPE_INCOMPATIBLE',
      (url, type) => `Module "${url}" is not of type "${type}"`),
    ERR_REQUIRE_ASYNC_MODULE: makeNodeError(Error, 'ERR_REQUIRE_ASYNC_MODULE',
      () => 'require() cannot be used on an ESM graph with top-level await. Use import() ' +
        'instead. To see where the top-level await comes from, use --experimental-print-required-tla.'),
    ERR_INVALID_FILE_URL_PATH: makeNodeError(TypeError, 'ERR_INVALID_FILE_URL_PATH',
      (reason) => `File URL path ${reason}`),
    ERR_INVALID_URL_SCHEME: makeNodeError(TypeError, 'ERR_INVALID_URL_SCHEME',
      (expected) => `The URL must be of scheme ${expected}`),
    ERR_UNHANDLED_ERROR: makeNodeError(Error, 'ERR_UNHANDLED_ERROR',
      (err = undefined) => {
        if (err === undefined) return 'Unhandled error.';
        return `Unhandled error. (${err})`;
      }),
    ERR_INVALID_RETURN_VALUE: makeNodeError(TypeError, 'ERR_INVALID_RETURN_VALUE',
      (input, name, value) => `Expected ${input} to be returned from the "${name}" function but got ${describe(value).slice(' Received '.length)}.`),
    ERR_MISSING_ARGS: makeNodeError(TypeError, 'ERR_MISSING_ARGS',
      (...names) => {
        const wrap = (a) => `"${a}"`;
        names = names.map((a) => (Array.isArray(a) ? a.map(wrap).join(' or ') : wrap(a)));
        let msg = 'The ';
        if (names.length === 1) msg += `${names[0]} argument`;
        else if (names.length === 2) msg += `${names[0]} and ${names[1]} arguments`;
        else msg += `${names.slice(0, -1).join(', ')}, and ${names[names.length - 1]} arguments`;
        return `${msg} must be specified`;
      }),
    ERR_FALSY_VALUE_REJECTION: makeNodeError(Error, 'ERR_FALSY_VALUE_REJECTION',
      () => 'Promise was rejected with falsy value'),
    ERR_ENCODING_NOT_SUPPORTED: makeNodeError(RangeError, 'ERR_ENCODING_NOT_SUPPORTED',
      (encoding) => `The "${encoding}" encoding is not supported`),
    ERR_ENCODING_INVALID_ENCODED_DATA: makeNodeError(TypeError, 'ERR_ENCODING_INVALID_ENCODED_DATA',
      (encoding) => `The encoded data was not valid for encoding ${encoding}`),
    ERR_INVALID_URL: makeNodeError(TypeError, 'ERR_INVALID_URL',
      (input, base = null) => 'Invalid URL'),
    ERR_INVALID_THIS: makeNodeError(TypeError, 'ERR_INVALID_THIS',
      (type) => `Value of "this" must be of type ${type}`),
    ERR_ARG_NOT_ITERABLE: makeNodeError(TypeError, 'ERR_ARG_NOT_ITERABLE',
      (name) => `${name} must be iterable`),
    ERR_INVALID_TUPLE: makeNodeError(TypeError, 'ERR_INVALID_TUPLE',
      (name, expected) => `${name} must be an iterable ${expected} tuple`),
    ERR_INVALID_URL_PATH: makeNodeError(TypeError, 'ERR_INVALID_URL_PATH',
      (reason) => `File URL path ${reason}`),
    ERR_INVALID_FILE_URL_HOST: makeNodeError(TypeError, 'ERR_INVALID_FILE_URL_HOST',
      (platform) => `File URL host must be "localhost" or empty on ${platform}`),
    ERR_INVALID_URI: makeNodeError(URIError, 'ERR_INVALID_URI', () => 'URI malformed'),
    ERR_CRYPTO_HASH_FINALIZED: makeNodeError(Error, 'ERR_CRYPTO_HASH_FINALIZED',
      () => 'Digest already called'),
    ERR_CRYPTO_HASH_UPDATE_FAILED: makeNodeError(Error, 'ERR_CRYPTO_HASH_UPDATE_FAILED',
      () => 'Hash update failed'),
    ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH: makeNodeError(RangeError, 'ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH',
      () => 'Input buffers must have the same byte length'),
    ERR_INVALID_STATE: makeNodeError(Error, 'ERR_INVALID_STATE',
      (message) => `Invalid state: ${message}`),
    // Node's SystemError for fs checks made in JavaScript (rm of a directory).
    ERR_FS_EISDIR: function SystemError(ctx) {
      const err = new Error(`Path is a directory: ${ctx.syscall} returned ${ctx.code} (${ctx.message}) ${ctx.path}`);
      err.name = 'SystemError [ERR_FS_EISDIR]';
      // eslint-disable-next-line no-unused-expressions
      err.stack;
      delete err.name;
      Object.defineProperty(err, 'name', { value: 'SystemError', enumerable: false, writable: true, configurable: true });
      err.code = 'ERR_FS_EISDIR';
      err.info = ctx;
      err.errno = ctx.errno;
      err.syscall = ctx.syscall;
      err.path = ctx.path;
      return err;
    },
    ERR_PARSE_ARGS_INVALID_OPTION_VALUE: makeNodeError(TypeError,
      'ERR_PARSE_ARGS_INVALID_OPTION_VALUE', (message) => message),
    ERR_PARSE_ARGS_UNKNOWN_OPTION: makeNodeError(TypeError, 'ERR_PARSE_ARGS_UNKNOWN_OPTION',
      (option, allowPositionals) => {
        const suggestDashDash = allowPositionals ? `. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- ${JSON.stringify(option)}` : '';
        return `Unknown option '${option}'${suggestDashDash}`;
      }),
    ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL: makeNodeError(TypeError,
      'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL',
      (positional) => `Unexpected argument '${positional}'. This command does not take positional arguments`),
    ERR_ILLEGAL_CONSTRUCTOR: makeNodeError(TypeError, 'ERR_ILLEGAL_CONSTRUCTOR',
      () => 'Illegal constructor'),
    ERR_UNKNOWN_SIGNAL: makeNodeError(TypeError, 'ERR_UNKNOWN_SIGNAL',
      (signal) => `Unknown signal: ${signal}`),
    ERR_BUFFER_TOO_LARGE: makeNodeError(RangeError, 'ERR_BUFFER_TOO_LARGE',
      (max) => `Cannot create a Buffer larger than ${max} bytes`),
    ERR_STREAM_DESTROYED: makeNodeError(Error, 'ERR_STREAM_DESTROYED',
      (name) => `Cannot call ${name} after a stream was destroyed`),
    ERR_SYSTEM_ERROR: makeNodeError(Error, 'ERR_SYSTEM_ERROR',
      (message) => `A system error occurred: ${message}`),
    ERR_CHILD_PROCESS_STDIO_MAXBUFFER: makeNodeError(RangeError, 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER',
      (name) => `${name} maxBuffer length exceeded`),
    // Ours, not Node's: a part of Node this sandbox does not provide yet. Named so a
    // program (and its author) can tell it apart from every Node error.
    ERR_SANDBOX_UNSUPPORTED: makeNodeError(Error, 'ERR_SANDBOX_UNSUPPORTED',
      (what) => `${what} is not supported in sandbox-node yet`),
  };

  // Node's AbortError (lib/internal/errors.js): what an aborted operation rejects or
  // fails with.
  class AbortError extends Error {
    constructor(message = 'The operation was aborted', options = undefined) {
      if (options !== undefined && typeof options !== 'object') {
        throw new codes.ERR_INVALID_ARG_TYPE('options', 'of type object', options);
      }
      super(message, options);
      this.code = 'ABORT_ERR';
      this.name = 'AbortError';
    }
  }

  exports.AbortError = AbortError;
  exports.uvException = uvException;
  exports.errnoInfo = errnoInfo;
  exports.codes = codes;
})
