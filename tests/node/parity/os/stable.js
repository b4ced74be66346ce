// Only what the sandbox and any Linux host agree on: the sandbox reports its own
// machine, not the host's (docs/node.md).
const os = require('os');
console.log(JSON.stringify(os.EOL), os.platform(), os.type(), os.endianness(), os.devNull, os.arch());
console.log(os.constants.signals.SIGINT, os.constants.signals.SIGKILL, os.constants.errno.ENOENT, os.constants.errno.EACCES, os.constants.priority.PRIORITY_LOW);
console.log(typeof os.hostname(), typeof os.tmpdir(), Array.isArray(os.cpus()), os.cpus().length > 0, typeof os.totalmem(), typeof os.uptime(), os.loadavg().length);
console.log(Object.keys(os.userInfo()).sort(), require('node:os') === os);
