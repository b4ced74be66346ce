const path = require('path');
for (const f of [() => path.join('a', 1), () => path.resolve(null), () => path.basename(5), () => path.format(null), () => path.relative('a')]) {
  try { f(); } catch (e) { console.log(e.code, e.message); }
}
