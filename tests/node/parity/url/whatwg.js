const u = new URL('https://user:pa ss@EXAMPLE.com:443/p/a/t/h/../x?query=string&a=1#hash');
console.log(u.href, u.origin, u.protocol, u.username, u.password, u.host, u.hostname, u.port, u.pathname, u.search, u.hash);
console.log(new URL('../c?d', 'http://h/a/b/').href, new URL('//other/x', 'https://h/').href, new URL('file:///tmp/a b').pathname);
u.pathname = '/new path'; u.search = 'x=1'; u.hash = ''; u.port = '8443'; u.hostname = 'example.org';
console.log(u.href, String(u), JSON.stringify({ u }));
u.protocol = 'http'; console.log(u.href);
try { new URL('not a url'); } catch (e) { console.log(e.name, e.code, e.message, e.input); }
try { new URL('/path', 'also bad'); } catch (e) { console.log(e.code, e.base); }
console.log(URL.canParse('https://x'), URL.canParse('x'), URL.canParse('x', 'https://y'));
console.log(new URL('http://[::1]:80/').host, new URL('http://xn--nxasmq6b.com').hostname, new URL('http://ÉXAMPLE.com').hostname);
console.log(new URL('https://example.com/?a=1'));
