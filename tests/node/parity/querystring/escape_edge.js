const qs = require('querystring');
console.log(qs.stringify({ a: [1, 2], b: null, c: NaN, d: Infinity, e: 10n }));
console.log(qs.parse('a[]=1&a[]=2&b=%E2%82%AC&c=%'), qs.unescapeBuffer('%41%4'));
console.log(qs.stringify({ x: 'y' }, null, null, { encodeURIComponent: (s) => s.toUpperCase() }));
console.log(qs.parse('x=1', undefined, undefined, { decodeURIComponent: (s) => `<${s}>` }));
