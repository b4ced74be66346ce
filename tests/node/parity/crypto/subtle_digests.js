(async () => {
  for (const alg of ['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512', { name: 'SHA-256' }]) {
    const d = await crypto.subtle.digest(alg, new TextEncoder().encode('abc'));
    console.log(typeof alg === 'string' ? alg : alg.name, d instanceof ArrayBuffer, Buffer.from(d).toString('hex').slice(0, 16));
  }
  try { await crypto.subtle.digest('MD5', new Uint8Array(1)); } catch (e) { console.log(e.name); }
})();
