console.log(require('fs') === require('node:fs'), require('buffer').Buffer === Buffer);
console.log(require('process') === process, typeof require('util').format, typeof require('timers').setTimeout);
console.log(require('console') === console || typeof require('console').log);
