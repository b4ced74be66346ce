const { Readable } = require('stream');
const { pipeline, finished } = require('stream/promises');
(async () => {
  const collected = [];
  for await (const chunk of Readable.from(['1', '2', '3'])) collected.push(chunk);
  console.log(collected);
  await pipeline(Readable.from(['p', 'q']), async function* (src) {
    for await (const c of src) yield c + '!';
  }, async function (src) {
    for await (const c of src) console.log('sink', c);
  });
  const r = Readable.from(['z']);
  r.resume();
  await finished(r);
  console.log('finished', r.readableEnded);
  const mapped = await Readable.from([1, 2, 3, 4]).filter((n) => n % 2 === 0).map((n) => n * 10).toArray();
  console.log(mapped);
})();
