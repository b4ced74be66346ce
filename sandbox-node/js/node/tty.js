// `require('tty')`: the sandbox's descriptors are never terminals (the kernel forwards
// stdio through pipes), so `isatty` is false for every descriptor and the TTY stream
// classes cannot be constructed.
(function (exports, require) {
  'use strict';

  const { codes: { ERR_SANDBOX_UNSUPPORTED } } = require('internal/errors');

  exports.isatty = function isatty(fd) {
    return false;
  };
  exports.ReadStream = class ReadStream {
    constructor() { throw new ERR_SANDBOX_UNSUPPORTED('tty.ReadStream'); }
  };
  exports.WriteStream = class WriteStream {
    constructor() { throw new ERR_SANDBOX_UNSUPPORTED('tty.WriteStream'); }
  };
})
