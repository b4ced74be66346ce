const path = require('path');
console.log(path.resolve('') === process.cwd(), path.resolve('.') === process.cwd(), path.relative('', ''));
console.log(path.join('/', '..', 'a'), path.normalize('/..//./a/b/../../..'), path.normalize('a/b/../../../c/'));
console.log(path.extname('.index'), path.extname('index.'), path.extname('.index.md'), path.extname('a/b.c/d'));
console.log(path.basename('/a/b/'), path.basename('//'), path.dirname('/a'), path.dirname('a'), path.dirname('a/b/'));
console.log(path.isAbsolute('//server'), path.isAbsolute('./x'), path.toNamespacedPath('/x'));
