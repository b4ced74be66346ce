const EventEmitter = require('events');
const util = require('util');
class Door extends EventEmitter {
  open() { this.emit('open', this.name); }
}
const d = new Door();
d.name = 'front';
d.on('open', function (n) { console.log('opened', n, this === d); });
d.open();
function Legacy() { EventEmitter.call(this); }
util.inherits(Legacy, EventEmitter);
const l = new Legacy();
l.on('ping', () => console.log('pong'));
l.emit('ping');
console.log(l instanceof EventEmitter, typeof l._events);
