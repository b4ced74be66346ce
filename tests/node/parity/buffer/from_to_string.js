const b = Buffer.from('héllo wörld');
console.log(b.length, b.toString(), b.toString('hex'), b.toString('base64'));
console.log(b.toString('latin1'), b.toString('ascii').length);
console.log(Buffer.from('aGVsbG8=', 'base64').toString(), Buffer.from('68656c6c6f', 'hex').toString());
console.log(Buffer.from('hi', 'utf16le'), Buffer.from([1, 2, 300, -1]));
console.log(Buffer.from('_-8', 'base64url'), Buffer.from('abc').toString('base64url'));
