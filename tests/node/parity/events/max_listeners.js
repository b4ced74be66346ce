const EventEmitter = require('events');
const e = new EventEmitter();
e.setMaxListeners(2);
for (let i = 0; i < 3; i++) e.on('leak', () => {});
console.log('count', e.listenerCount('leak'));
process.on('warning', (w) => console.log('warning event', w.name, w.count));
