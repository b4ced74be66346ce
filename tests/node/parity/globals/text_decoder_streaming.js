const d = new TextDecoder();
const bytes = new TextEncoder().encode('a€😀b');
let out = '';
for (const b of bytes) out += d.decode(new Uint8Array([b]), { stream: true });
out += d.decode();
console.log(out, out === 'a€😀b');
console.log(new TextDecoder('utf-8', { ignoreBOM: true }).decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x41])).length);
console.log(new TextDecoder().decode(new Uint8Array([0xff, 0x41])), new TextDecoder().decode(new ArrayBuffer(0)), new TextDecoder().decode());
