// File URLs and paths, as the module loaders need them (`import.meta.url`,
// `fileURLToPath`). Node's pathToFileURL percent-encodes what a URL path may not hold;
// the WHATWG `URL` class itself is the `url` module's.
(function (exports, require) {
  'use strict';

  const { codes: { ERR_INVALID_FILE_URL_PATH, ERR_INVALID_URL_SCHEME } } = require('internal/errors');

  // The URL path percent-encode set, plus what Node's pathToFileURL encodes first
  // (`%`, `\`, newline, carriage return, tab).
  function encodePathChar(ch) {
    const code = ch.charCodeAt(0);
    if (code <= 0x20 || code === 0x7f || '"#<>?`{}%\\'.includes(ch)) {
      return `%${code.toString(16).toUpperCase().padStart(2, '0')}`;
    }
    if (code < 0x80) return ch;
    return encodeURIComponent(ch);
  }

  // `/a b/ç` -> `file:///a%20b/%C3%A7`.
  function pathToFileHref(path) {
    let out = 'file://';
    for (const ch of path) out += encodePathChar(ch);
    return out;
  }

  // `file:///a%20b` -> `/a b`.
  function fileHrefToPath(href) {
    if (!href.startsWith('file:')) throw new ERR_INVALID_URL_SCHEME('file');
    let rest = href.slice(5);
    if (rest.startsWith('//')) {
      rest = rest.slice(2);
      const slash = rest.indexOf('/');
      const host = slash === -1 ? rest : rest.slice(0, slash);
      if (host !== '' && host !== 'localhost') {
        throw new ERR_INVALID_FILE_URL_PATH('must be absolute');
      }
      rest = slash === -1 ? '/' : rest.slice(slash);
    }
    const end = rest.search(/[?#]/);
    if (end !== -1) rest = rest.slice(0, end);
    if (/%2f/i.test(rest)) throw new ERR_INVALID_FILE_URL_PATH('must not include encoded / characters');
    return decodeURIComponent(rest);
  }

  exports.pathToFileHref = pathToFileHref;
  exports.fileHrefToPath = fileHrefToPath;
})
