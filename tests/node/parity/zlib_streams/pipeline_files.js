// The round trip through files: pipeline(createReadStream, createGzip, createWriteStream)
// and back, with callbacks and with stream/promises.
const fs = require('fs');
const zlib = require('zlib');
const { pipeline } = require('stream');
const { pipeline: pipelineP } = require('stream/promises');
const src = '/tmp/parity-zlib-src.txt';
const gz = '/tmp/parity-zlib-src.txt.gz';
const back = '/tmp/parity-zlib-back.txt';
const body = Array.from({ length: 20000 }, (_, i) => `${i} ${(i * 7919) % 1000}`).join('\n');
fs.writeFileSync(src, body);

pipeline(fs.createReadStream(src), zlib.createGzip(), fs.createWriteStream(gz), async (err) => {
  console.log('gzip done', err, fs.statSync(gz).size < body.length / 2);
  console.log('one-shot gunzip matches', zlib.gunzipSync(fs.readFileSync(gz)).toString() === body);
  await pipelineP(fs.createReadStream(gz, { highWaterMark: 1000 }), zlib.createGunzip(), fs.createWriteStream(back));
  console.log('gunzip back', fs.readFileSync(back, 'utf8') === body);
  fs.writeFileSync(src, 'not gzip at all');
  try {
    await pipelineP(fs.createReadStream(src), zlib.createGunzip(), fs.createWriteStream(back));
  } catch (e) {
    console.log('pipeline error', e.code, e.errno, e.message);
  }
  let text = '';
  await pipelineP(fs.createReadStream(gz), zlib.createGunzip(), async function* (source) {
    for await (const chunk of source) yield chunk.toString().toUpperCase();
  }, async function (source) {
    for await (const chunk of source) text += chunk;
  });
  console.log('generators', text.length === body.length, text.slice(0, 10).split('\n').join('|'));
});
