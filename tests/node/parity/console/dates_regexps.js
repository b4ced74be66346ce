console.log(new Date(0), [new Date(86400000)]);
console.log(/re/g, [/a|b/i]);
console.log({ d: new Date(1e12) });
