(async () => {
  const a = await import('./lib/math.mjs');
  const b = await import('./lib/math.mjs');
  console.log(a === b, a.default(3));
  const j = await import('./lib/data.json', { with: { type: 'json' } });
  console.log(j.default.name);
})();
