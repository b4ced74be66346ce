// spawnSync, execFileSync: status, signal, output, input, encodings.
const { spawnSync, execFileSync } = require('child_process');

const r = spawnSync(process.execPath, ['-e', 'console.log("a"); console.error("b"); process.exit(4)']);
console.log(r.status, r.signal, r.output.length, r.output[0], String(r.stdout), String(r.stderr), Buffer.isBuffer(r.stdout), typeof r.pid);

const echo = spawnSync(process.execPath, ['-e', 'process.stdin.pipe(process.stdout)'], { input: 'piped input\n', encoding: 'utf8' });
console.log(echo.status, JSON.stringify(echo.stdout), JSON.stringify(echo.stderr));

// Larger than a pipe holds, both ways.
const big = 'y'.repeat(300000);
const copy = spawnSync(process.execPath, ['-e', 'process.stdin.pipe(process.stdout)'], { input: big });
console.log(copy.status, copy.stdout.length, copy.stdout.toString() === big);

console.log(execFileSync(process.execPath, ['-e', 'console.log(6 * 7)']).toString());
console.log(execFileSync(process.execPath, ['-e', 'console.log("utf8")'], { encoding: 'utf8' }));
try {
  execFileSync(process.execPath, ['-e', 'console.log("partial"); process.exit(2)'], { stdio: 'pipe' });
} catch (e) {
  console.log(e.status, e.signal, String(e.stdout), e.message.startsWith('Command failed: '));
}
const ignored = spawnSync(process.execPath, ['-e', 'console.log(1)'], { stdio: 'ignore' });
console.log(ignored.status, ignored.stdout, ignored.stderr, ignored.output);
