const url = require('url');
const parsed = url.parse('http://user:pass@Host.COM:8080/p/a/t/h?query=string#hash');
console.log(parsed.protocol, parsed.slashes, parsed.auth, parsed.host, parsed.port, parsed.hostname, parsed.hash, parsed.search, parsed.query, parsed.pathname, parsed.path, parsed.href);
console.log(url.parse('/just/a/path?x=1', true).query, url.parse('mailto:someone@example.com').href);
console.log(url.format({ protocol: 'https', hostname: 'example.com', pathname: '/some/path', query: { page: 1, format: 'json' } }));
console.log(url.format(new URL('https://a:b@測試?abc#foo'), { fragment: false, unicode: true, auth: false }));
console.log(url.resolve('/one/two/three', 'four'), url.resolve('http://example.com/', '/one'), url.resolve('http://example.com/one', '/two'));
