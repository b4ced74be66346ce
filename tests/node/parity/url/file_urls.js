const url = require('url');
console.log(url.pathToFileURL('/tmp/a b/c#d?e%f').href, url.pathToFileURL('/dir/').href);
console.log(url.fileURLToPath('file:///tmp/a%20b/c'), url.fileURLToPath(new URL('file:///x/y')));
try { url.fileURLToPath('http://x/y'); } catch (e) { console.log(e.code, e.message); }
try { url.fileURLToPath('file://host/y'); } catch (e) { console.log(e.code, e.message); }
try { url.fileURLToPath('file:///a%2fb'); } catch (e) { console.log(e.code, e.message); }
console.log(url.URL === URL, url.URLSearchParams === URLSearchParams, url.domainToASCII('español.com'), url.domainToUnicode('xn--espaol-zwa.com'));
console.log(url.urlToHttpOptions(new URL('https://a:b@h:81/p?q')));
