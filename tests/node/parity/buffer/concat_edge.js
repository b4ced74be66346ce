console.log(Buffer.concat([Buffer.from('a'), new Uint8Array([98])], 5), Buffer.concat([Buffer.from('abc')], 1));
try { Buffer.concat('x'); } catch (e) { console.log(e.name); }
console.log(Buffer.from('abc').slice(-2).toString(), Buffer.from('abc').subarray(1, 100).toString(), Buffer.from('abc').slice(5).length);
const b = Buffer.from('hello');
console.log(b.toString('utf8', -5, 100), b.toString(undefined, 1, 3), [...b.keys()].length, b.at(-1));
