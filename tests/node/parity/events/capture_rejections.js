const EventEmitter = require('events');
const e = new EventEmitter({ captureRejections: true });
e.on('data', async () => { throw new Error('async listener failed'); });
e.on('error', (err) => console.log('captured', err.message));
e.emit('data');
