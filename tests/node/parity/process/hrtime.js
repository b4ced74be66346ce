const t = process.hrtime();
console.log(Array.isArray(t), t.length, typeof process.hrtime.bigint());
const d = process.hrtime(t);
console.log(d[0] >= 0, d[1] >= 0);
console.log(typeof process.uptime(), process.uptime() >= 0);
