const m = await import('./lib/math.mjs');
console.log(m.double(5));
const c = await import('./lib/cjs-object.cjs');
console.log(c.default);
const fs = await import('node:fs');
console.log(typeof fs.readFileSync, typeof fs.default.readFileSync);
try { await import('./lib/missing.mjs'); } catch (e) { console.log(e.code, e.message.replace(import.meta.dirname, '<dir>')); }
try { await import('./lib'); } catch (e) { console.log(e.code, e.message.replace(import.meta.dirname, '<dir>').replace(import.meta.dirname, '<dir>')); }
try { await import('not-installed-anywhere'); } catch (e) { console.log(e.code, e.message.replace(import.meta.dirname, '<dir>')); }
