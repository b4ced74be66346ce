const fs = require('fs');
for (const p of [__dirname + '/data/missing.txt', '/nonexistent/x']) {
  try {
    fs.readFileSync(p);
  } catch (e) {
    console.log(e.code, e.errno, e.syscall, e.path === p, e instanceof Error);
    console.log(e.message.replace(__dirname, '<dir>'));
    console.log(Object.keys(e));
  }
}
try { fs.readFileSync(__dirname); } catch (e) { console.log(e.code, e.errno, e.syscall, e.path, e.message); }
