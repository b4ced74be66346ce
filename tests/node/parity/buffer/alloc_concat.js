console.log(Buffer.alloc(4), Buffer.alloc(3, 1), Buffer.alloc(5, 'ab'));
const c = Buffer.concat([Buffer.from('ab'), Buffer.from('cd'), new Uint8Array([101])]);
console.log(c, c.toString(), Buffer.concat([]).length, Buffer.concat([Buffer.from('xyz')], 2));
console.log(Buffer.byteLength('héllo'), Buffer.byteLength('aGk=', 'base64'), Buffer.isBuffer(c), Buffer.isBuffer('x'));
