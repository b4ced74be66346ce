console.log(Buffer.from('abc'));
console.log(Buffer.alloc(60));
console.log({ b: Buffer.from([255]) });
console.log([Buffer.alloc(0)]);
