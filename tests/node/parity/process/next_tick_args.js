process.nextTick((a, b) => console.log('args', a, b), 1, 'two');
try { process.nextTick(42); } catch (e) { console.log(e.code, e.name, e.message); }
