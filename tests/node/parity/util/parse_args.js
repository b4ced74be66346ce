// util.parseArgs: options, short groups, defaults, positionals, tokens, errors.
const { parseArgs } = require('util');

const options = {
  verbose: { type: 'boolean', short: 'v' },
  name: { type: 'string', short: 'n', default: 'anon' },
  tag: { type: 'string', multiple: true },
  level: { type: 'string', short: 'l' },
};
console.log(parseArgs({ args: ['-v', '--name', 'bob', '--tag=a', '--tag', 'b', 'rest'], options, allowPositionals: true }));
console.log(parseArgs({ args: ['-vl3'], options }));
console.log(parseArgs({ args: [], options }));
console.log(parseArgs({ args: ['--', '--name', 'x'], options, allowPositionals: true }));
console.log(parseArgs({ args: ['--no-color', '--verbose'], options: { color: { type: 'boolean' }, verbose: { type: 'boolean' } }, allowNegative: false, strict: false }));
console.log(JSON.stringify(parseArgs({ args: ['-v', 'pos', '--name=z'], options, allowPositionals: true, tokens: true }).tokens));
console.log(parseArgs({ args: ['--unknown', '-x'], strict: false }));
for (const bad of [
  { args: ['--unknown'], options },
  { args: ['pos'], options },
  { args: ['--name'], options },
  { args: ['--verbose=yes'], options },
]) {
  try {
    parseArgs(bad);
  } catch (e) {
    console.log(e.name, e.code, e.message);
  }
}
try {
  parseArgs({ args: 'nope' });
} catch (e) {
  console.log(e.name, e.code);
}
