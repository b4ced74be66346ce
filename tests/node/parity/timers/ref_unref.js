const t = setTimeout(() => console.log('unref never'), 1000);
console.log(typeof t.ref, typeof t.unref, typeof t.hasRef);
t.unref();
setTimeout(() => console.log('kept'), 1);
