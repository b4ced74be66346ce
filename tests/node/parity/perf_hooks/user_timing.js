// performance: now, timeOrigin, marks and measures, the perf_hooks module.
const { performance: perf, PerformanceMark, PerformanceMeasure, PerformanceEntry } = require('perf_hooks');

console.log(perf === performance, typeof performance.now(), performance.now() >= 0);
const t0 = performance.now();
let x = 0;
for (let i = 0; i < 1e5; i++) x += i;
console.log(performance.now() >= t0, x);
console.log(Math.abs(performance.timeOrigin + performance.now() - Date.now()) < 1000);
console.log(Object.prototype.toString.call(performance));

const a = performance.mark('a', { detail: { step: 1 } });
console.log(a instanceof PerformanceMark, a instanceof PerformanceEntry, a.name, a.entryType, a.duration, a.detail, Object.keys(a));
// At 0: entries are listed by start time, and a mark made now may be earlier than
// any fixed time above 0 (the sandbox reaches user code a few ms after its origin).
const fixed = performance.mark('fixed', { startTime: 0 });
console.log(fixed.startTime, fixed.detail);
performance.mark('b');
const m = performance.measure('a to b', 'a', 'b');
console.log(m instanceof PerformanceMeasure, m.entryType, m.duration >= 0, m.startTime === a.startTime);
const m2 = performance.measure('from fixed', { start: 'fixed', duration: 10, detail: 'd' });
console.log(m2.startTime, m2.duration, m2.detail);
const m3 = performance.measure('from origin');
console.log(m3.startTime, m3.duration > 0);
console.log(performance.getEntriesByType('mark').map((e) => e.name));
console.log(performance.getEntriesByType('measure').map((e) => e.name));
console.log(performance.getEntriesByName('a').length, performance.getEntries().length);
const json = m2.toJSON();
console.log(Object.keys(json), json.detail);
performance.clearMarks('a');
console.log(performance.getEntriesByType('mark').map((e) => e.name));
performance.clearMarks();
performance.clearMeasures();
console.log(performance.getEntries().length);
try {
  performance.measure('x', 'nope');
} catch (e) {
  console.log(e.name, e.message);
}
try {
  performance.mark();
} catch (e) {
  console.log(e.name, e.code);
}
try {
  new PerformanceEntry();
} catch (e) {
  console.log(e.name, e.code);
}
