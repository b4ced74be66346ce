const b = Buffer.alloc(4);
const tries = [
  () => b.readUInt8(4), () => b.readUInt32LE(1), () => b.readInt16BE(-1), () => b.readUInt8(1.5),
  () => b.readUInt8('0'), () => b.writeUInt8(256), () => b.writeInt8(-129), () => b.writeUInt32LE(2 ** 32),
  () => b.writeInt32BE(2 ** 31), () => b.writeUIntLE(1, 0, 7), () => Buffer.alloc(-1), () => Buffer.alloc('5'),
  () => Buffer.alloc(2).writeBigInt64LE(1n), () => Buffer.alloc(8).writeBigUInt64LE(-1n), () => Buffer.from(Symbol('x')),
  () => b.swap32.call(Buffer.alloc(3)), () => b.toString('nope'),
];
for (const t of tries) {
  try { t(); console.log('no error'); } catch (e) { console.log(e.name, e.code, e.message); }
}
