const path = require('path');
for (const p of ['/home/user/dir/file.txt', 'file', '/', 'dir/', '.bashrc', 'a/b.c.d']) console.log(path.parse(p));
console.log(path.format({ root: '/ignored', dir: '/home/user/dir', base: 'file.txt' }));
console.log(path.format({ root: '/', base: 'file.txt', ext: 'ignored' }));
console.log(path.format({ root: '/', name: 'file', ext: '.txt' }), path.format({ name: 'x', ext: 'md' }));
console.log(path.sep, path.delimiter, path.posix === path, typeof path.win32, require('path/posix') === path);
