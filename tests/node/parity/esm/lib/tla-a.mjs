console.log('a start');
await new Promise((r) => setTimeout(r, 2));
console.log('a end');
