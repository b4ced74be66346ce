// Node's errors: system errors built from the kernel's errno (as libuv's
// `uvException` builds them) and the `ERR_*` codes of Node's own checks.
(function (exports, require, ops, info) {
  'use strict';

  // errno (negative, as Node's err.errno) -> [code, libuv message]; from src/errno.rs.
  const errmap = new Map();
  for (const [errno, code, message] of info.errors) {
    errmap.set(errno, [code, message]);
  }

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
      (name, expected, actual) =>
        `The "${name}" argument must be ${expected}.${describe(actual)}`),
    ERR_INVALID_ARG_VALUE: makeNodeError(TypeError, 'ERR_INVALID_ARG_VALUE',
      (name, value, reason = 'is invalid') => {
        // Lazily: inspect itself throws these errors.
        let inspected = require('internal/util/inspect').inspect(value);
        if (inspected.length > 128) inspected = `${inspected.slice(0, 128)}...`;
        const type = name.includes('.') ? 'property' : 'argument';
        return `The ${type} '${name}' ${reason}. Received ${inspected}`;
      }),
    ERR_OUT_OF_RANGE: makeNodeError(RangeError, 'ERR_OUT_OF_RANGE',
      (name, range, value) =>
        `The value of "${name}" is out of range. It must be ${range}. Received ${value}`),
    ERR_UNKNOWN_ENCODING: makeNodeError(TypeError, 'ERR_UNKNOWN_ENCODING',
      (encoding) => `Unknown encoding: ${encoding}`),
    ERR_UNKNOWN_BUILTIN_MODULE: makeNodeError(Error, 'ERR_UNKNOWN_BUILTIN_MODULE',
      (id) => `No such built-in module: ${id}`),
    ERR_METHOD_NOT_IMPLEMENTED: makeNodeError(Error, 'ERR_METHOD_NOT_IMPLEMENTED',
      (method) => `The ${method} method is not implemented`),
    // Ours, not Node's: a part of Node this sandbox does not provide yet. Named so a
    // program (and its author) can tell it apart from every Node error.
    ERR_SANDBOX_UNSUPPORTED: makeNodeError(Error, 'ERR_SANDBOX_UNSUPPORTED',
      (what) => `${what} is not supported in sandbox-node yet`),
  };

  exports.uvException = uvException;
  exports.errnoInfo = errnoInfo;
  exports.codes = codes;
})
