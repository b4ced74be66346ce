// `require('url')`: the WHATWG URL and URLSearchParams (internal/url.js, parsed by the
// `url` crate), fileURLToPath/pathToFileURL, domainToASCII/domainToUnicode,
// urlToHttpOptions, format, and the legacy `parse`/`resolve`/`Url`. The legacy parser
// here covers what Node's does for ordinary URLs (protocol, auth, host, port, path,
// query, hash, `parseQueryString`, `slashesDenoteHost`); Node's own also normalises
// some malformed inputs (docs/node.md).
(function (exports, require, ops) {
  'use strict';

  const { op_url_domain } = ops;
  const { URL, URLSearchParams, fileHrefToPath } = require('internal/url');
  const {
    codes: { ERR_INVALID_ARG_TYPE, ERR_INVALID_URL_SCHEME, ERR_INVALID_FILE_URL_PATH },
  } = require('internal/errors');

  function fileURLToPath(path) {
    if (typeof path === 'string') path = new URL(path);
    else if (!(path instanceof URL)) {
      throw new ERR_INVALID_ARG_TYPE('path', 'of type string or an instance of URL', path);
    }
    if (path.protocol !== 'file:') throw new ERR_INVALID_URL_SCHEME('file');
    if (path.hostname !== '') {
      const { codes: { ERR_INVALID_FILE_URL_HOST } } = require('internal/errors');
      throw new ERR_INVALID_FILE_URL_HOST('linux');
    }
    const pathname = path.pathname;
    for (let n = 0; n < pathname.length; n++) {
      if (pathname[n] === '%') {
        const third = pathname.codePointAt(n + 2) | 0x20;
        if (pathname[n + 1] === '2' && third === 102) {
          throw new ERR_INVALID_FILE_URL_PATH('must not include encoded / characters');
        }
      }
    }
    return decodeURIComponent(pathname);
  }

  function pathToFileURL(filepath) {
    if (typeof filepath !== 'string') throw new ERR_INVALID_ARG_TYPE('path', 'of type string', filepath);
    const path = require('path');
    let resolved = path.resolve(filepath);
    if (filepath.endsWith('/') && !resolved.endsWith('/')) resolved += '/';
    const outURL = new URL('file://');
    outURL.pathname = resolved.replace(/%/g, '%25').replace(/\\/g, '%5C').replace(/\n/g, '%0A')
      .replace(/\r/g, '%0D').replace(/\t/g, '%09');
    return outURL;
  }

  function domainToASCII(domain) {
    if (arguments.length < 1) {
      const { codes: { ERR_MISSING_ARGS } } = require('internal/errors');
      throw new ERR_MISSING_ARGS('domain');
    }
    return op_url_domain(`${domain}`, false);
  }

  function domainToUnicode(domain) {
    if (arguments.length < 1) {
      const { codes: { ERR_MISSING_ARGS } } = require('internal/errors');
      throw new ERR_MISSING_ARGS('domain');
    }
    return op_url_domain(`${domain}`, true);
  }

  function urlToHttpOptions(url) {
    const options = {
      __proto__: null,
      protocol: url.protocol,
      hostname: typeof url.hostname === 'string' && url.hostname.startsWith('[') ?
        url.hostname.slice(1, -1) : url.hostname,
      hash: url.hash,
      search: url.search,
      pathname: url.pathname,
      path: `${url.pathname || ''}${url.search || ''}`,
      href: url.href,
    };
    if (url.port !== '') options.port = Number(url.port);
    if (url.username || url.password) {
      options.auth = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    }
    return options;
  }

  // The legacy API.
  function Url() {
    this.protocol = null;
    this.slashes = null;
    this.auth = null;
    this.host = null;
    this.port = null;
    this.hostname = null;
    this.hash = null;
    this.search = null;
    this.query = null;
    this.pathname = null;
    this.path = null;
    this.href = null;
  }

  const slashedProtocol = new Set(['http', 'http:', 'https', 'https:', 'ftp', 'ftp:', 'gopher',
    'gopher:', 'file', 'file:', 'ws', 'ws:', 'wss', 'wss:']);
  const hostlessProtocol = new Set(['javascript', 'javascript:']);

  // Characters Node's legacy parser escapes in the path and query.
  function autoEscape(s) {
    return s.replace(/[\t\n\r "'<>\\^`{|}]/g, (c) => {
      const map = { '\t': '%09', '\n': '%0A', '\r': '%0D', ' ': '%20', '"': '%22', '\'': '%27',
        '<': '%3C', '>': '%3E', '\\': '/', '^': '%5E', '`': '%60', '{': '%7B', '|': '%7C', '}': '%7D' };
      return map[c];
    });
  }

  Url.prototype.parse = function parse(url, parseQueryString, slashesDenoteHost) {
    if (typeof url !== 'string') throw new ERR_INVALID_ARG_TYPE('url', 'of type string', url);
    let rest = url.trim();
    // Backslashes before the query count as slashes.
    const queryStart = rest.search(/[?#]/);
    const head = queryStart === -1 ? rest : rest.slice(0, queryStart);
    rest = head.replace(/\\/g, '/') + (queryStart === -1 ? '' : rest.slice(queryStart));
    const proto = /^[a-zA-Z][a-zA-Z0-9+\-.]*:/.exec(rest);
    let lowerProto;
    if (proto) {
      lowerProto = proto[0].toLowerCase();
      this.protocol = lowerProto;
      rest = rest.slice(proto[0].length);
    }
    let slashes = false;
    if (slashesDenoteHost || proto || /^\/\/[^@/]+@[^@/]+/.test(rest)) {
      slashes = rest.startsWith('//');
      if (slashes && !(proto && hostlessProtocol.has(lowerProto))) {
        rest = rest.slice(2);
        this.slashes = true;
      }
    }
    if (!hostlessProtocol.has(lowerProto) && (slashes || (proto && !slashedProtocol.has(lowerProto)))) {
      let hostEnd = rest.search(/[/?#]/);
      if (hostEnd === -1) hostEnd = rest.length;
      let hostPart = rest.slice(0, hostEnd);
      const at = hostPart.lastIndexOf('@');
      if (at !== -1) {
        this.auth = decodeURIComponent(hostPart.slice(0, at));
        hostPart = hostPart.slice(at + 1);
      }
      rest = rest.slice(hostEnd);
      const portMatch = /:(\d*)$/.exec(hostPart);
      if (portMatch) {
        if (portMatch[1] !== '') this.port = portMatch[1];
        hostPart = hostPart.slice(0, portMatch.index);
      }
      let hostname = hostPart.toLowerCase();
      if (hostname.startsWith('[') && hostname.endsWith(']')) hostname = hostname.slice(1, -1);
      this.hostname = hostname;
      this.host = (hostPart.startsWith('[') ? `[${hostname}]` : hostname) + (this.port ? `:${this.port}` : '');
      if (slashedProtocol.has(lowerProto) && rest === '') rest = '/';
    }
    const hash = rest.indexOf('#');
    if (hash !== -1) {
      this.hash = rest.slice(hash);
      rest = rest.slice(0, hash);
    }
    const qm = rest.indexOf('?');
    if (qm !== -1) {
      this.search = autoEscape(rest.slice(qm));
      this.query = rest.slice(qm + 1);
      rest = rest.slice(0, qm);
    } else if (parseQueryString) {
      this.search = '';
      this.query = {};
    }
    if (parseQueryString && typeof this.query === 'string') {
      this.query = require('querystring').parse(this.query);
    }
    if (rest !== '') this.pathname = autoEscape(rest);
    if (slashedProtocol.has(lowerProto) && this.hostname && !this.pathname) this.pathname = '/';
    if (this.pathname || this.search) this.path = `${this.pathname || ''}${this.search || ''}`;
    this.href = this.format();
    return this;
  };

  Url.prototype.format = function format() {
    let auth = this.auth || '';
    if (auth) auth = `${encodeURIComponent(auth).replace(/%3A/i, ':')}@`;
    let protocol = this.protocol || '';
    let pathname = this.pathname || '';
    let hash = this.hash || '';
    let host = '';
    let query = '';
    if (this.host) {
      host = auth + this.host;
    } else if (this.hostname) {
      host = auth + (this.hostname.includes(':') ? `[${this.hostname}]` : this.hostname);
      if (this.port) host += `:${this.port}`;
    }
    if (this.query !== null && typeof this.query === 'object') {
      query = require('querystring').stringify(this.query);
    }
    let search = this.search || (query && (`?${query}`)) || '';
    if (protocol && !protocol.endsWith(':')) protocol += ':';
    if (this.slashes || ((!protocol || slashedProtocol.has(protocol)) && host !== '')) {
      host = `//${host}`;
      if (pathname && pathname[0] !== '/') pathname = `/${pathname}`;
    } else if (!host && protocol === 'file:') {
      host = '//';
    }
    if (hash && hash[0] !== '#') hash = `#${hash}`;
    if (search && search[0] !== '?') search = `?${search}`;
    pathname = pathname.replace(/[?#]/g, encodeURIComponent);
    search = search.replace('#', '%23');
    return protocol + host + pathname + search + hash;
  };

  Url.prototype.resolve = function resolve(relative) {
    return new URL(relative, this.href).href;
  };

  function parse(url, parseQueryString, slashesDenoteHost) {
    if (url instanceof Url) return url;
    return new Url().parse(url, parseQueryString, slashesDenoteHost);
  }

  function format(urlObject, options) {
    if (typeof urlObject === 'string') urlObject = parse(urlObject);
    else if (typeof urlObject !== 'object' || urlObject === null) {
      throw new ERR_INVALID_ARG_TYPE('urlObject', 'one of type object or string', urlObject);
    } else if (urlObject instanceof URL) {
      const fragment = options?.fragment ?? true;
      const unicode = options?.unicode ?? false;
      const search = options?.search ?? true;
      const auth = options?.auth ?? true;
      let out = `${urlObject.protocol}`;
      if (urlObject.host !== '' || urlObject.protocol === 'file:') out += '//';
      if (auth && (urlObject.username || urlObject.password)) {
        out += urlObject.username;
        if (urlObject.password) out += `:${urlObject.password}`;
        out += '@';
      }
      out += unicode ? domainToUnicode(urlObject.hostname) + (urlObject.port ? `:${urlObject.port}` : '') : urlObject.host;
      out += urlObject.pathname;
      if (search) out += urlObject.search;
      if (fragment) out += urlObject.hash;
      return out;
    }
    return Url.prototype.format.call(urlObject);
  }

  function resolve(source, relative) {
    // The WHATWG resolution, keeping a relative source relative.
    const base = new URL(source, 'resolve://');
    const result = new URL(relative, base);
    if (result.protocol === 'resolve:') {
      const { pathname, search, hash } = result;
      return pathname + search + hash;
    }
    return result.toString();
  }

  exports.URL = URL;
  exports.URLSearchParams = URLSearchParams;
  exports.fileURLToPath = fileURLToPath;
  exports.pathToFileURL = pathToFileURL;
  exports.domainToASCII = domainToASCII;
  exports.domainToUnicode = domainToUnicode;
  exports.urlToHttpOptions = urlToHttpOptions;
  exports.Url = Url;
  exports.parse = parse;
  exports.format = format;
  exports.resolve = resolve;
  exports.resolveObject = (source, relative) => parse(resolve(source, relative));
})
