console.log(Buffer.alloc(5, 'abc'), Buffer.alloc(4, 0x101), Buffer.alloc(3, ''), Buffer.alloc(6, 'aGk=', 'base64'));
const b = Buffer.alloc(6);
b.fill('xy', 1, 5);
console.log(b, b.fill(0).every((x) => x === 0));
console.log(Buffer.allocUnsafe(3).length, Buffer.from(new Uint16Array([1, 2]).buffer), Buffer.from(Buffer.from('copy')));
const shared = new Uint8Array([1, 2, 3]);
const view = Buffer.from(shared.buffer, 1, 2);
shared[1] = 9;
console.log(view);
