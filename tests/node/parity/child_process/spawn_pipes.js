// spawn with piped stdio: output, exit code, event order; a nested node program.
const { spawn } = require('child_process');

function run(args, options) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, options);
    const events = [];
    let out = '';
    let err = '';
    child.on('spawn', () => events.push('spawn'));
    if (child.stdout) child.stdout.on('data', (d) => { out += d; });
    if (child.stderr) child.stderr.on('data', (d) => { err += d; });
    child.on('exit', (code, signal) => events.push(`exit ${code} ${signal}`));
    child.on('close', (code, signal) => {
      events.push(`close ${code} ${signal}`);
      resolve({ pid: typeof child.pid, events, out, err, exitCode: child.exitCode, signalCode: child.signalCode });
    });
  });
}

(async () => {
  console.log(await run(['-e', 'console.log("out", process.argv.slice(2)); console.error("err"); process.exitCode = 3', 'a', 'b c']));
  console.log(await run(['-e', 'process.stdout.write("x".repeat(200000))']).then((r) => [r.out.length, r.events]));
  // stdin piped: the child echoes what it reads until end of input.
  const echo = spawn(process.execPath, ['-e', 'let s = ""; process.stdin.on("data", (d) => s += d); process.stdin.on("end", () => console.log("got", JSON.stringify(s)))']);
  let echoed = '';
  echo.stdout.on('data', (d) => { echoed += d; });
  echo.stdin.write('hello ');
  echo.stdin.end('world');
  await new Promise((resolve) => echo.on('close', resolve));
  console.log(echoed.trim(), echo.exitCode);
  // An uncaught exception in the child: status 1.
  const thrown = await run(['-e', 'throw new Error("boom")']);
  console.log(thrown.exitCode, thrown.err.includes('Error: boom'));
  // Stdio 'ignore' and 'inherit'.
  console.log(await run(['-e', 'console.log("ignored")'], { stdio: 'ignore' }));
  const inherited = await run(['-e', 'console.log("inherited line")'], { stdio: 'inherit' });
  console.log(inherited.events, inherited.out);
  // env and cwd.
  const env = await run(['-e', 'console.log(process.env.ONLY, Object.keys(process.env).length, process.cwd())'], { env: { ONLY: 'this' }, cwd: __dirname });
  console.log(env.out.trim());
})();
