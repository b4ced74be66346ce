const EventEmitter = require('events');
console.log(process instanceof EventEmitter, typeof process.on, typeof process.emit);
process.on('custom', (v) => console.log('custom', v));
process.emit('custom', 42);
process.emitWarning('something odd', 'CustomWarning', 'W001');
process.emitWarning('second one');
process.on('exit', () => console.log('exit listener'));
