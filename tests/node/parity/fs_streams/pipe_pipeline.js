// Piping a file into another, through a Transform, stream.pipeline with callbacks and
// promises, and pipeline's error from a missing source.
const fs = require('fs');
const { pipeline, Transform } = require('stream');
const { pipeline: pipelineP } = require('stream/promises');
const src = '/tmp/parity-fs-streams-src.txt';
const dst = '/tmp/parity-fs-streams-dst.txt';
const big = Array.from({ length: 5000 }, (_, i) => `line ${i} ${'x'.repeat(i % 37)}`).join('\n');
fs.writeFileSync(src, big);

const upper = () => new Transform({
  transform(chunk, enc, cb) { cb(null, chunk.toString().toUpperCase()); },
});

(async () => {
  await new Promise((resolve) => {
    const ws = fs.createWriteStream(dst);
    fs.createReadStream(src, { highWaterMark: 1000 }).pipe(ws);
    ws.on('finish', () => {
      const copy = fs.readFileSync(dst, 'utf8');
      console.log('pipe', copy.length, copy === big, ws.bytesWritten);
      resolve();
    });
  });
  await new Promise((resolve) => {
    pipeline(fs.createReadStream(src), upper(), fs.createWriteStream(dst), (err) => {
      console.log('pipeline cb', err, fs.readFileSync(dst, 'utf8') === big.toUpperCase());
      resolve();
    });
  });
  await pipelineP(fs.createReadStream(src, { start: 10, end: 29 }), fs.createWriteStream(dst, { flags: 'a' }));
  console.log('promises append', fs.statSync(dst).size - big.length, JSON.stringify(fs.readFileSync(dst, 'utf8').slice(-20)));
  try {
    await pipelineP(fs.createReadStream('/tmp/parity-no-such-source'), fs.createWriteStream(dst));
  } catch (e) {
    console.log('pipeline error', e.code, e.syscall, e.path);
  }
  await pipelineP(fs.createReadStream(src, { end: 99 }), async function* (source) {
    let n = 0;
    for await (const chunk of source) n += chunk.length;
    yield `${n}\n`;
  }, fs.createWriteStream(dst));
  console.log('generator', fs.readFileSync(dst, 'utf8').trim());
})();
