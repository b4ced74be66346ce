console.log(btoa('hello'), atob('aGVsbG8='), atob(' aGVs bG8 '), btoa(''), atob(''));
for (const bad of ['a', '***', 'aGVsbG8===']) {
  try { atob(bad); } catch (e) { console.log(e.name, e.message, e instanceof DOMException, e.code); }
}
try { btoa('✓'); } catch (e) { console.log(e.name, e.message); }
