const { EventEmitter, once, on } = require('events');
const e = new EventEmitter();
(async () => {
  setTimeout(() => e.emit('ready', 1, 2), 1);
  console.log('once', await once(e, 'ready'));
  setTimeout(() => e.emit('error', new Error('bad')), 1);
  try { await once(e, 'never'); } catch (err) { console.log('rejected', err.message); }
  setTimeout(() => { e.emit('tick', 'a'); e.emit('tick', 'b'); e.emit('tick', 'c'); }, 1);
  let n = 0;
  for await (const [v] of on(e, 'tick')) {
    console.log('tick', v);
    if (++n === 3) break;
  }
  console.log('done', e.listenerCount('tick'));
})();
