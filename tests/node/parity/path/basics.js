const path = require('path');
const cases = ['', '.', '..', '/', '//', '/a/b/', 'a/b/c.txt', '/a/b/.hidden', 'a/../..', './a/./b/../c', 'file.tar.gz', '..foo', 'a//b///c/'];
for (const p of cases) {
  console.log(JSON.stringify(p), path.normalize(p), path.dirname(p), path.basename(p), path.extname(p), path.isAbsolute(p));
}
