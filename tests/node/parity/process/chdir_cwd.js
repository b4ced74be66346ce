// process.chdir and cwd: relative paths of fs, path.resolve and require follow the
// new working directory; errors as Node's; fs.realpathSync.native.
const fs = require('fs');
const path = require('path');

const start = process.cwd();
process.chdir(__dirname);
console.log(process.cwd() === __dirname, path.resolve('x') === path.join(__dirname, 'x'));
console.log(fs.existsSync('chdir_cwd.js'), fs.readFileSync('chdir_cwd.js', 'utf8').split('\n')[0]);
process.chdir('..');
console.log(path.basename(process.cwd()), fs.statSync('process').isDirectory());
console.log(fs.realpathSync.native('process/../process/chdir_cwd.js') === path.join(__dirname, 'chdir_cwd.js'));
// The rest waits for the callback: host node resolves it on its thread pool, which
// could otherwise run after the chdirs below.
fs.realpath.native('process', (err, p) => {
  console.log('async native', err, p === __dirname);
  rest();
});

function rest() {
  for (const bad of ['/no/such/dir', 'process/chdir_cwd.js']) {
    try {
      process.chdir(bad);
    } catch (e) {
      console.log(e.message.replace(process.cwd(), '<cwd>'), e.code, e.syscall, e.path === process.cwd(), e.dest);
    }
  }
  try {
    fs.realpathSync.native('missing-file');
  } catch (e) {
    console.log(e.code, e.syscall, e.path);
  }
  try {
    process.chdir(42);
  } catch (e) {
    console.log(e.name, e.code);
  }
  process.chdir(start);
  console.log(process.cwd() === start);
}
