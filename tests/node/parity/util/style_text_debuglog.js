// util.styleText with no terminal (plain text unless a stream is not checked), and
// util.debuglog with NODE_DEBUG unset.
const util = require('util');

console.log(JSON.stringify(util.styleText('red', 'plain')));
console.log(JSON.stringify(util.styleText('green', 'forced', { validateStream: false })));
console.log(JSON.stringify(util.styleText(['bold', 'red'], 'both', { validateStream: false })));
console.log(JSON.stringify(util.styleText('italic', 'stderr', { stream: process.stderr })));
for (const bad of [() => util.styleText('nocolor', 'x'), () => util.styleText('red', 42), () => util.styleText('red', 'x', { stream: {} })]) {
  try {
    bad();
  } catch (e) {
    console.log(e.name, e.code);
  }
}
console.log(util.inspect.colors.red, util.inspect.colors.grey, Object.keys(util.inspect.colors).includes('grey'));

const log = util.debuglog('mysection');
console.log(typeof log, log.enabled);
log('not printed %d', 1);
let called = 0;
const log2 = util.debuglog('other', (fn) => { called++; console.log(typeof fn); });
log2('first');
log2('second');
console.log(called, util.debug === util.debuglog);
