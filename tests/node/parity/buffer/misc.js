const buffer = require('buffer');
console.log(buffer.kMaxLength > 0, buffer.constants.MAX_STRING_LENGTH > 0, buffer.INSPECT_MAX_BYTES);
console.log(Buffer.isEncoding('UTF-8'), Buffer.isEncoding('hex'), Buffer.isEncoding('nope'), Buffer.isEncoding(''));
console.log(Buffer.poolSize, Buffer.copyBytesFrom(new Uint16Array([1, 2, 3]), 1));
console.log(Buffer.from('ff', 'hex').toString('base64'), Buffer.from([0xe2, 0x82]).toString(), Buffer.from('ab').toString('utf8', 1));
console.log(buffer.isUtf8(Buffer.from('✓')), buffer.isUtf8(Buffer.from([0xff])), buffer.isAscii(Buffer.from('abc')));
console.log(Buffer.from('abc').toLocaleString(), [...Buffer.from('hi').entries()]);
