let n = 0;
const handle = setInterval(() => {
  n++;
  console.log('tick', n, this === undefined);
  if (n === 2) clearInterval(handle);
}, 1);
const t = setTimeout(() => {}, 10);
console.log(typeof t[Symbol.toPrimitive], typeof +t, t.hasRef());
clearTimeout(+t);
