const qs = require('querystring');
console.log(qs.parse('foo=bar&abc=xyz&abc=123&empty=&noeq&sp=a+b&enc=%E2%9C%93'));
console.log(qs.stringify({ foo: 'bar', baz: ['qux', 'quux'], corge: '', n: 1, b: true, u: undefined, o: {} }));
console.log(qs.stringify({ w: 'a b', s: "!'()*~-._", u: 'é✓' }), qs.escape('a b&c'), qs.unescape('a%20b%zz'));
console.log(qs.parse('a:1;b:2', ';', ':'), qs.stringify({ a: 1, b: 2 }, ';', ':'), qs.decode === qs.parse);
console.log(qs.parse('a=%E0%A4%A'), qs.parse('a=1&b=2&c=3', null, null, { maxKeys: 2 }));
