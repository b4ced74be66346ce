const rel = (s) => s.replace(import.meta.dirname, '<dir>');
console.log(import.meta.url.startsWith('file:///'), import.meta.url.endsWith('/esm/import_meta.mjs'));
console.log(rel(import.meta.filename), import.meta.dirname.endsWith('/esm'));
console.log(import.meta.resolve('./lib/math.mjs').endsWith('/esm/lib/math.mjs'), import.meta.resolve('node:fs'), import.meta.resolve('fs'));
console.log(typeof require, typeof module, typeof __filename, this);
