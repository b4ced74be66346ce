const t = setTimeout(() => console.log('cleared'), 1);
clearTimeout(t);
const i = setImmediate(() => console.log('cleared immediate'));
clearImmediate(i);
clearTimeout(undefined);
clearTimeout(null);
setTimeout(() => console.log('done'), 2);
