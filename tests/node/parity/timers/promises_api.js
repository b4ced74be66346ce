const tp = require('timers/promises');
(async () => {
  console.log(await tp.setTimeout(2, 'timeout value'));
  console.log(await tp.setImmediate('immediate value'));
  let n = 0;
  for await (const v of tp.setInterval(1, 'tick')) {
    console.log(v, ++n);
    if (n === 3) break;
  }
  const ac = new AbortController();
  const p = tp.setTimeout(1000, 'never', { signal: ac.signal });
  ac.abort();
  try { await p; } catch (e) { console.log(e.name, e.code, e.message); }
  try { await tp.setTimeout(1, 'x', { signal: AbortSignal.abort() }); } catch (e) { console.log('pre-aborted', e.name); }
  await tp.scheduler.wait(1);
  console.log('waited', typeof tp.scheduler.yield);
})();
