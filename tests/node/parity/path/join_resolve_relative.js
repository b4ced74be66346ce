const path = require('path');
console.log(path.join('/a', 'b', '../c', './d'), path.join(''), path.join('a', '', 'b/'), path.join());
console.log(path.resolve('/foo/bar', './baz'), path.resolve('/foo/bar', '/tmp/file/'), path.resolve('/a', 'b', '..', 'c'));
console.log(path.relative('/data/orandea/test/aaa', '/data/orandea/impl/bbb'), path.relative('/a', '/a'), path.relative('/a/b', '/a'), path.relative('/', '/x/y'));
console.log(path.basename('/a/b/file.html', '.html'), path.basename('file.html', 'html'), path.basename('aaa', 'a'));
