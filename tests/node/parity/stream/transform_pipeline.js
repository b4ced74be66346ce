const { Transform, pipeline, Readable, Writable, PassThrough } = require('stream');
const upper = new Transform({ transform(chunk, enc, cb) { cb(null, chunk.toString().toUpperCase()); } });
const out = [];
pipeline(Readable.from(['ab', 'cd']), upper, new PassThrough(), new Writable({ write(c, e, cb) { out.push(String(c)); cb(); } }), (err) => {
  console.log('pipeline done', err, out);
  const failing = new Transform({ transform(c, e, cb) { cb(new Error('transform failed')); } });
  pipeline(Readable.from(['x']), failing, new Writable({ write(c, e, cb) { cb(); } }), (err2) => console.log('failed with', err2.message));
});
