for (const spec of ['esm-pkg/lib/main.js', 'esm-pkg/feature/missing', '#nope', 'node:nonexistent']) {
  try { await import(spec); console.log('loaded', spec); } catch (e) { console.log(spec, e.code); }
}
console.log(import.meta.resolve('esm-pkg').endsWith('/node_modules/esm-pkg/lib/main.js'));
