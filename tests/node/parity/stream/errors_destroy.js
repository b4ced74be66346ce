const { Readable, Writable, finished } = require('stream');
const r = new Readable({ read() {} });
r.on('error', (e) => console.log('error event', e.message));
r.on('close', () => console.log('closed', r.destroyed));
r.destroy(new Error('destroyed'));
const w = new Writable({ write(c, e, cb) { cb(); } });
w.end('last');
w.on('finish', () => {
  w.write('after end', (err) => console.log('write after end', err.code));
});
w.on('error', (e) => console.log('w error', e.code));
finished(new Readable({ read() { this.push(null); } }).resume(), (err) => console.log('finished cb', err));
