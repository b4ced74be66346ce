const path = require('path');
for (const p of ['/a/b/c.txt', 'rel/file', '/', 'file.ext', '/dir/.hidden', './x/y/']) {
  const parsed = path.parse(p);
  console.log(JSON.stringify(p), path.format(parsed));
}
console.log(path.join('a', '..', '..', 'b'), path.relative('/a/b/c', '/a/d'), path.resolve('/x', '../../y'));
