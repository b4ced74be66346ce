// `require('os')`: what a sandboxed program may know about "its machine". The
// sandbox is its own machine: the values are the sandbox's (hostname `sandbox`, one
// CPU entry, /tmp, the memory limit from policy when set), never the host's
// (docs/node.md lists each).
(function (exports, require, ops, info) {
  'use strict';

  const process = require('process');

  exports.EOL = '\n';
  exports.devNull = '/dev/null';
  exports.arch = () => 'x64';
  exports.platform = () => 'linux';
  exports.type = () => 'Linux';
  exports.release = () => '6.0.0-sandbox';
  exports.version = () => '#1 SMP sandbox';
  exports.machine = () => 'x86_64';
  exports.hostname = () => 'sandbox';
  exports.homedir = () => process.env.HOME || '/';
  exports.tmpdir = () => {
    let path = process.env.TMPDIR || process.env.TMP || process.env.TEMP || '/tmp';
    if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
    return path;
  };
  exports.endianness = () => 'LE';
  exports.uptime = () => Math.floor(process.uptime());
  exports.loadavg = () => [0, 0, 0];
  exports.totalmem = () => info.memoryBytes || 0;
  exports.freemem = () => info.memoryBytes || 0;
  exports.availableParallelism = () => 1;
  exports.cpus = () => [{
    model: 'sandbox', speed: 0, times: { user: 0, nice: 0, sys: 0, idle: 0, irq: 0 },
  }];
  exports.networkInterfaces = () => ({});
  exports.userInfo = (options) => {
    const user = {
      uid: 65534, gid: 65534, username: process.env.USER || 'sandbox',
      homedir: exports.homedir(), shell: null,
    };
    if (options?.encoding === 'buffer') {
      const { Buffer } = require('buffer');
      user.username = Buffer.from(user.username);
      user.homedir = Buffer.from(user.homedir);
    }
    return user;
  };
  exports.getPriority = () => 0;
  exports.setPriority = () => {
    const { codes: { ERR_SANDBOX_UNSUPPORTED } } = require('internal/errors');
    throw new ERR_SANDBOX_UNSUPPORTED('os.setPriority()');
  };
  exports.constants = {
    UV_UDP_REUSEADDR: 4,
    dlopen: { RTLD_LAZY: 1, RTLD_NOW: 2, RTLD_GLOBAL: 256, RTLD_LOCAL: 0, RTLD_DEEPBIND: 8 },
    errno: Object.fromEntries(info.errors.map(([errno, code]) => [code, -errno]).filter(([code]) => code.startsWith('E'))),
    signals: {
      SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGIOT: 6, SIGBUS: 7,
      SIGFPE: 8, SIGKILL: 9, SIGUSR1: 10, SIGSEGV: 11, SIGUSR2: 12, SIGPIPE: 13, SIGALRM: 14,
      SIGTERM: 15, SIGCHLD: 17, SIGSTKFLT: 16, SIGCONT: 18, SIGSTOP: 19, SIGTSTP: 20,
      SIGTTIN: 21, SIGTTOU: 22, SIGURG: 23, SIGXCPU: 24, SIGXFSZ: 25, SIGVTALRM: 26,
      SIGPROF: 27, SIGWINCH: 28, SIGIO: 29, SIGPOLL: 29, SIGPWR: 30, SIGSYS: 31,
    },
    priority: {
      PRIORITY_LOW: 19, PRIORITY_BELOW_NORMAL: 10, PRIORITY_NORMAL: 0,
      PRIORITY_ABOVE_NORMAL: -7, PRIORITY_HIGH: -14, PRIORITY_HIGHEST: -20,
    },
  };
})
