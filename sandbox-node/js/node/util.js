// `require('util')`: format and inspect (internal/util/inspect.js) and the small
// helpers programs reach for first. The rest of Node's util comes later.
(function (exports, require) {
  'use strict';

  const { format, formatWithOptions, inspect, isError } = require('internal/util/inspect');
  const { codes: { ERR_INVALID_ARG_TYPE } } = require('internal/errors');

  function inherits(ctor, superCtor) {
    Object.setPrototypeOf(ctor.prototype, superCtor.prototype);
    Object.setPrototypeOf(ctor, superCtor);
    Object.defineProperty(ctor, 'super_', {
      value: superCtor, writable: true, configurable: true,
    });
  }

  function promisify(original) {
    if (typeof original !== 'function') {
      throw new ERR_INVALID_ARG_TYPE('original', 'of type function', original);
    }
    return function promisified(...args) {
      return new Promise((resolve, reject) => {
        original.call(this, ...args, (err, ...values) => {
          if (err) reject(err);
          else resolve(values.length > 1 ? values : values[0]);
        });
      });
    };
  }

  function deprecate(fn) {
    return fn;
  }

  exports.format = format;
  exports.formatWithOptions = formatWithOptions;
  exports.inspect = inspect;
  exports.inherits = inherits;
  exports.promisify = promisify;
  exports.deprecate = deprecate;
  exports.isError = isError;
  exports.types = { isNativeError: isError };
})
