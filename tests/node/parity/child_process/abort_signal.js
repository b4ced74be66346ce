// signal (AbortSignal): aborting kills the child with killSignal and reports Node's
// AbortError (with the reason as cause); an already aborted signal too.
const cp = require('child_process');
const forever = ['-e', 'setInterval(() => {}, 1000)'];

(async () => {
  await new Promise((resolve) => {
    const ac = new AbortController();
    const child = cp.spawn('node', forever, { signal: ac.signal });
    const events = [];
    child.on('error', (e) => events.push(`error ${e.name} ${e.code} ${e.message} cause=${e.cause && e.cause.name}`));
    child.on('exit', (code, signal) => events.push(`exit ${code} ${signal} ${child.killed}`));
    child.on('close', () => { console.log('spawn', events.join(' | ')); resolve(); });
    child.on('spawn', () => ac.abort());
  });
  await new Promise((resolve) => {
    const child = cp.spawn('node', forever, { signal: AbortSignal.abort('my reason'), killSignal: 'SIGKILL' });
    const events = [];
    child.on('error', (e) => events.push(`error ${e.name} ${e.code} cause=${e.cause}`));
    child.on('exit', (code, signal) => events.push(`exit ${code} ${signal}`));
    child.on('close', () => { console.log('pre-aborted', events.join(' | ')); resolve(); });
  });
  await new Promise((resolve) => {
    const ac = new AbortController();
    cp.execFile('node', forever, { signal: ac.signal }, (err, stdout, stderr) => {
      console.log('execFile', err.name, err.code, err.message, JSON.stringify(stdout), Object.keys(err));
      setTimeout(resolve, 10);
    });
    setTimeout(() => ac.abort(new Error('stop it')), 20);
  });
  await new Promise((resolve) => {
    const ac = new AbortController();
    const child = cp.spawn('node', ['-e', '0'], { signal: ac.signal });
    child.on('exit', (code) => {
      ac.abort();
      console.log('abort after exit', code, child.killed, child.listenerCount('error'));
      resolve();
    });
  });
  const { promisify } = require('util');
  try {
    await promisify(cp.execFile)('node', forever, { signal: AbortSignal.abort() });
  } catch (e) {
    console.log('promisified', e.name, e.code, typeof e.stdout);
  }
  for (const bad of [{ signal: 'x' }, { signal: null }, { signal: {} }]) {
    try { cp.spawn('node', ['-e', '0'], bad); console.log('accepted'); } catch (e) { console.log(e.code, e.message); }
  }
})();
