const enc = new TextEncoder();
console.log(enc.encoding, enc.encode('héllo ✓'), enc.encode(), enc.encodeInto('héllo', new Uint8Array(3)));
const dec = new TextDecoder();
console.log(dec.encoding, dec.fatal, dec.ignoreBOM, dec.decode(new Uint8Array([0xef, 0xbb, 0xbf, 104, 105])));
console.log(new TextDecoder('utf-16le').decode(new Uint8Array([104, 0, 105, 0])), new TextDecoder('latin1').encoding);
const s = new TextDecoder();
console.log(JSON.stringify(s.decode(new Uint8Array([0xe2, 0x82]), { stream: true })), s.decode(new Uint8Array([0xac])));
try { new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array([0xff])); } catch (e) { console.log(e.name, e.code, e.message); }
try { new TextDecoder('nope'); } catch (e) { console.log(e.name, e.code, e.message); }
console.log(Object.prototype.toString.call(enc), Object.prototype.toString.call(dec));
