const { on, EventEmitter } = require('events');
const e = new EventEmitter();
const ac = new AbortController();
(async () => {
  setTimeout(() => { e.emit('v', 1); e.emit('v', 2); ac.abort(); }, 1);
  try {
    for await (const [v] of on(e, 'v', { signal: ac.signal })) console.log('value', v);
  } catch (err) {
    console.log('stopped', err.name);
  }
})();
