// Real npm packages (tests/node/npm/package.json, installed by the test), each used
// for real; the output is compared with host node's.
const _ = require('lodash');
console.log(_.chunk([1, 2, 3, 4, 5], 2), _.camelCase('hello big world'), _.groupBy([1.3, 2.1, 2.4], Math.floor), _.debounce !== undefined);
const semver = require('semver');
console.log(semver.satisfies('1.2.3', '^1.0.0'), semver.inc('1.2.3', 'minor'), semver.sort(['2.0.0', '1.0.0', '1.5.0']), semver.valid('x'));
const { v4, validate, v5 } = require('uuid');
console.log(validate(v4()), v5('hello', v5.URL));
const minimist = require('minimist');
console.log(minimist(['-a', '1', '--bee=two', 'rest', '--no-c']));
const dayjs = require('dayjs');
console.log(dayjs('2020-02-29T12:00:00Z').add(1, 'year').toISOString(), dayjs(0).format('YYYY-MM-DD'));
const YAML = require('yaml');
console.log(YAML.parse('a: 1\nb: [x, y]\nc:\n  d: true\n'), YAML.stringify({ list: [1, 2], nested: { k: 'v' } }));
const { z } = require('zod');
const schema = z.object({ name: z.string(), age: z.number().int().positive() });
console.log(schema.safeParse({ name: 'a', age: 3 }).success, schema.safeParse({ name: 1, age: -1 }).error.issues.map((i) => i.path.join('.') + ':' + i.code));
const ms = require('ms');
console.log(ms('2 days'), ms(60000), ms(1234, { long: true }));
const debug = require('debug')('app');
console.log(typeof debug, debug.enabled);
import('chalk').then(({ default: chalk }) => console.log(chalk.level, chalk.red('plain when no color')));
