const url = require('url');
console.log(url.format({ protocol: 'http:', host: 'example.com:8080', pathname: '/a b', search: '?x=1', hash: 'frag' }));
console.log(url.format({ protocol: 'mailto', pathname: 'user@example.com' }), url.format('http://x.com/y?z#w'));
console.log(url.parse('https://example.com').pathname, url.parse('//host/path', false, true).host, url.parse('//host/path').host);
console.log(url.parse('http://a.com/p?q=1&q=2', true).query);
