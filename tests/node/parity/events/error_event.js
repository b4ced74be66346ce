const EventEmitter = require('events');
const e = new EventEmitter();
try { e.emit('error', new Error('boom')); } catch (err) { console.log('thrown', err.message); }
try { e.emit('error', 'text'); } catch (err) { console.log(err.code, err.message, err.context); }
try { e.emit('error'); } catch (err) { console.log(err.code, err.message); }
e.on(EventEmitter.errorMonitor, (err) => console.log('monitor', err.message));
e.on('error', (err) => console.log('handled', err.message));
e.emit('error', new Error('watched'));
try { e.on('x', 'not a function'); } catch (err) { console.log(err.code, err.message); }
