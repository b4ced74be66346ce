// Run with stdio on pipes (as the parity suite runs both sides), no descriptor is a
// terminal.
const tty = require('tty');
console.log(tty.isatty(0), tty.isatty(1), tty.isatty(2), tty.isatty(99), process.stdout.isTTY, typeof tty.WriteStream);
