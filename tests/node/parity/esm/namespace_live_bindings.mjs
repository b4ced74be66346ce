import * as m from './lib/math.mjs';
console.log(m.counter);
m.bump(); m.bump();
console.log(m.counter, Object.isFrozen(m), Reflect.ownKeys(m).length);
try { m.counter = 5; } catch (e) { console.log(e.name); }
