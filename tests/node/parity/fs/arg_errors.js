const fs = require('fs');
for (const bad of [42.5, {}, null, 'a\u0000b']) {
  try { fs.readFileSync(bad); } catch (e) { console.log(e.code, e.name, e.message); }
}
try { fs.readFileSync(__filename, 'no-such-encoding'); } catch (e) { console.log(e.code, e.message); }
try { fs.writeFileSync('/tmp/parity-x', 42); } catch (e) { console.log(e.code, e.message); }
