try { queueMicrotask('x'); } catch (e) { console.log(e.code, e.message); }
queueMicrotask(() => console.log('microtask ran'));
try { setTimeout(); } catch (e) { console.log(e.code); }
console.log(typeof setTimeout(() => {}, 0).ref, typeof setImmediate(() => {}).unref);
