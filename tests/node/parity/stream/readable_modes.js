const { Readable } = require('stream');
const r = new Readable({ read() {} });
r.push('first ');
r.push('second');
r.push(null);
r.setEncoding('utf8');
let all = '';
r.on('readable', () => {
  let chunk;
  while ((chunk = r.read()) !== null) all += chunk;
});
r.on('end', () => console.log('paused-mode read:', all));
const p = Readable.from(['x', 'y']);
p.pause();
console.log(p.isPaused());
p.on('data', (c) => console.log('flowing', c));
p.resume();
