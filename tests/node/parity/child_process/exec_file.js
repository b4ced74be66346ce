// execFile: callback results, failure fields, encodings.
const { execFile } = require('child_process');
const util = require('util');

execFile(process.execPath, ['-e', 'console.log("one"); console.error("two")'], (err, stdout, stderr) => {
  console.log(err, JSON.stringify(stdout), JSON.stringify(stderr));
  execFile(process.execPath, ['-e', 'console.error("bad"); process.exit(5)'], (err2, stdout2, stderr2) => {
    console.log(err2 instanceof Error, err2.code, err2.killed, err2.signal, JSON.stringify(stdout2), JSON.stringify(stderr2));
    console.log(err2.message.split('\n').slice(1));
    execFile(process.execPath, ['-e', 'process.stdout.write("buf")'], { encoding: 'buffer' }, async (err3, stdout3) => {
      console.log(err3, Buffer.isBuffer(stdout3), String(stdout3));
      const run = util.promisify(execFile);
      const { stdout: s4 } = await run(process.execPath, ['-e', 'console.log("promisified")']);
      console.log(s4);
      try {
        await run(process.execPath, ['-e', 'process.exit(7)']);
      } catch (e) {
        console.log('rejected', e.code, JSON.stringify(e.stdout), JSON.stringify(e.stderr));
      }
    });
  });
});
