// File URLs and paths, as the module loaders need them (`import.meta.url`,
// `fileURLToPath`). Node's pathToFileURL percent-encodes what a URL path may not hold;
// the WHATWG `URL` class itself is the `url` module's.
(function (exports, require, ops) {
  'use strict';

  const { op_url_parse, op_url_set } = ops;
  const {
    codes: {
      ERR_INVALID_FILE_URL_PATH, ERR_INVALID_URL_SCHEME, ERR_INVALID_URL, ERR_MISSING_ARGS,
      ERR_INVALID_ARG_TYPE, ERR_ARG_NOT_ITERABLE, ERR_INVALID_TUPLE, ERR_INVALID_THIS,
    },
  } = require('internal/errors');

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

  // URL: parsing and setters are the `url` crate's WHATWG implementation
  // (src/ops/url.rs); the components are cached here.
  const kParts = Symbol('parts');
  const kSearchParams = Symbol('searchParams');
  const inspectCustom = Symbol.for('nodejs.util.inspect.custom');
  const PART = { href: 0, origin: 1, protocol: 2, username: 3, password: 4, host: 5, hostname: 6, port: 7, pathname: 8, search: 9, hash: 10 };

  function toUSV(value) {
    return `${value}`.toWellFormed();
  }

  class URL {
    constructor(input, base = undefined) {
      if (arguments.length === 0) throw new ERR_MISSING_ARGS('url');
      input = toUSV(input);
      if (base !== undefined) base = toUSV(base);
      const parts = op_url_parse(input, base);
      if (parts === null) {
        const err = new ERR_INVALID_URL(input, base);
        err.input = input;
        if (base !== undefined) err.base = base;
        throw err;
      }
      this[kParts] = parts;
      this[kSearchParams] = undefined;
    }

    static canParse(input, base = undefined) {
      if (arguments.length === 0) throw new ERR_MISSING_ARGS('url');
      return op_url_parse(toUSV(input), base === undefined ? undefined : toUSV(base)) !== null;
    }

    static parse(input, base = undefined) {
      try {
        return new URL(input, base);
      } catch {
        return null;
      }
    }

    #set(part, value) {
      const parts = op_url_set(this[kParts][PART.href], part, toUSV(value));
      if (parts === null) {
        const err = new ERR_INVALID_URL(value);
        err.input = `${value}`;
        throw err;
      }
      this[kParts] = parts;
      if (this[kSearchParams] !== undefined && (part === 'search' || part === 'href')) {
        this[kSearchParams][kReplace](parts[PART.search]);
      }
    }

    get href() { return this[kParts][PART.href]; }
    set href(v) { this.#set('href', v); }
    get origin() { return this[kParts][PART.origin]; }
    get protocol() { return this[kParts][PART.protocol]; }
    set protocol(v) { this.#set('protocol', v); }
    get username() { return this[kParts][PART.username]; }
    set username(v) { this.#set('username', v); }
    get password() { return this[kParts][PART.password]; }
    set password(v) { this.#set('password', v); }
    get host() { return this[kParts][PART.host]; }
    set host(v) { this.#set('host', v); }
    get hostname() { return this[kParts][PART.hostname]; }
    set hostname(v) { this.#set('hostname', v); }
    get port() { return this[kParts][PART.port]; }
    set port(v) { this.#set('port', v); }
    get pathname() { return this[kParts][PART.pathname]; }
    set pathname(v) { this.#set('pathname', v); }
    get search() { return this[kParts][PART.search]; }
    set search(v) { this.#set('search', v); }
    get hash() { return this[kParts][PART.hash]; }
    set hash(v) { this.#set('hash', v); }

    get searchParams() {
      if (this[kSearchParams] === undefined) {
        this[kSearchParams] = new URLSearchParams(this.search);
        this[kSearchParams][kOwner] = this;
      }
      return this[kSearchParams];
    }

    toString() { return this.href; }
    toJSON() { return this.href; }

    [inspectCustom](depth, options, inspect) {
      const obj = {
        href: this.href, origin: this.origin, protocol: this.protocol, username: this.username,
        password: this.password, host: this.host, hostname: this.hostname, port: this.port,
        pathname: this.pathname, search: this.search, searchParams: this.searchParams, hash: this.hash,
      };
      if (depth < 0) return this;
      return `URL ${inspect(obj, { ...options, depth: options.depth == null ? null : depth })}`;
    }

    get [Symbol.toStringTag]() { return 'URL'; }
  }
  for (const name of ['href', 'origin', 'protocol', 'username', 'password', 'host', 'hostname',
    'port', 'pathname', 'search', 'searchParams', 'hash', 'toString', 'toJSON']) {
    Object.defineProperty(URL.prototype, name, { enumerable: true });
  }

  // application/x-www-form-urlencoded (WHATWG URL, "urlencoded parser/serializer").
  function formDecode(s) {
    const bytes = [];
    const str = s.replace(/\+/g, ' ');
    const utf8 = require('buffer').Buffer.from(str, 'utf8');
    for (let i = 0; i < utf8.length; i++) {
      const b = utf8[i];
      if (b === 0x25 && i + 2 < utf8.length + 0 && isHex(utf8[i + 1]) && isHex(utf8[i + 2])) {
        bytes.push(parseInt(String.fromCharCode(utf8[i + 1], utf8[i + 2]), 16));
        i += 2;
      } else {
        bytes.push(b);
      }
    }
    return require('buffer').Buffer.from(bytes).toString('utf8');
  }

  function isHex(b) {
    return b !== undefined && ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66));
  }

  function formEncode(s) {
    const bytes = require('buffer').Buffer.from(toUSV(s), 'utf8');
    let out = '';
    for (const b of bytes) {
      if (b === 0x20) out += '+';
      else if ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) ||
          b === 0x2a || b === 0x2d || b === 0x2e || b === 0x5f) {
        out += String.fromCharCode(b);
      } else {
        out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
      }
    }
    return out;
  }

  function parseParams(query) {
    const list = [];
    if (query.startsWith('?')) query = query.slice(1);
    for (const part of query.split('&')) {
      if (part === '') continue;
      const eq = part.indexOf('=');
      const name = eq === -1 ? part : part.slice(0, eq);
      const value = eq === -1 ? '' : part.slice(eq + 1);
      list.push([formDecode(name), formDecode(value)]);
    }
    return list;
  }

  const kList = Symbol('list');
  const kOwner = Symbol('owner');
  const kReplace = Symbol('replace');

  class URLSearchParams {
    constructor(init = undefined) {
      this[kList] = [];
      this[kOwner] = null;
      if (init === undefined || init === null) return;
      if (typeof init === 'object' || typeof init === 'function') {
        const method = init[Symbol.iterator];
        if (method === this[Symbol.iterator] && init instanceof URLSearchParams) {
          this[kList] = init[kList].map(([k, v]) => [k, v]);
        } else if (method != null) {
          if (typeof method !== 'function') throw new ERR_ARG_NOT_ITERABLE('Query pairs');
          for (const pair of init) {
            if (pair == null || typeof pair[Symbol.iterator] !== 'function') {
              throw new ERR_INVALID_TUPLE('Each query pair', '[name, value]');
            }
            const items = [...pair];
            if (items.length !== 2) throw new ERR_INVALID_TUPLE('Each query pair', '[name, value]');
            this[kList].push([toUSV(items[0]), toUSV(items[1])]);
          }
        } else {
          for (const key of Reflect.ownKeys(init)) {
            if (typeof key === 'string' && Object.prototype.propertyIsEnumerable.call(init, key)) {
              this[kList].push([toUSV(key), toUSV(init[key])]);
            }
          }
        }
      } else {
        this[kList] = parseParams(toUSV(init));
      }
    }

    [kReplace](search) {
      this[kList] = parseParams(search);
    }

    #update() {
      const owner = this[kOwner];
      if (owner !== null) {
        const serialized = this.toString();
        const parts = op_url_set(owner.href, 'search', serialized);
        if (parts !== null) {
          owner[kParts] = parts;
          if (serialized === '') {
            // `?` with nothing after it goes away, as the standard says.
            const noQuery = op_url_set(owner.href, 'search', '');
            if (noQuery !== null) owner[kParts] = noQuery;
          }
        }
      }
    }

    get size() { return this[kList].length; }

    append(name, value) {
      if (arguments.length < 2) throw new ERR_MISSING_ARGS('name', 'value');
      this[kList].push([toUSV(name), toUSV(value)]);
      this.#update();
    }

    delete(name, value = undefined) {
      if (arguments.length < 1) throw new ERR_MISSING_ARGS('name');
      name = toUSV(name);
      if (value !== undefined) {
        value = toUSV(value);
        this[kList] = this[kList].filter(([k, v]) => k !== name || v !== value);
      } else {
        this[kList] = this[kList].filter(([k]) => k !== name);
      }
      this.#update();
    }

    get(name) {
      if (arguments.length < 1) throw new ERR_MISSING_ARGS('name');
      name = toUSV(name);
      const found = this[kList].find(([k]) => k === name);
      return found === undefined ? null : found[1];
    }

    getAll(name) {
      if (arguments.length < 1) throw new ERR_MISSING_ARGS('name');
      name = toUSV(name);
      return this[kList].filter(([k]) => k === name).map(([, v]) => v);
    }

    has(name, value = undefined) {
      if (arguments.length < 1) throw new ERR_MISSING_ARGS('name');
      name = toUSV(name);
      if (value !== undefined) {
        value = toUSV(value);
        return this[kList].some(([k, v]) => k === name && v === value);
      }
      return this[kList].some(([k]) => k === name);
    }

    set(name, value) {
      if (arguments.length < 2) throw new ERR_MISSING_ARGS('name', 'value');
      name = toUSV(name);
      value = toUSV(value);
      const i = this[kList].findIndex(([k]) => k === name);
      if (i === -1) {
        this[kList].push([name, value]);
      } else {
        this[kList][i][1] = value;
        this[kList] = this[kList].filter(([k], j) => k !== name || j === i);
      }
      this.#update();
    }

    sort() {
      // Stable, by UTF-16 code units.
      this[kList] = this[kList].map((e, i) => [e, i]).sort((a, b) => {
        if (a[0][0] < b[0][0]) return -1;
        if (a[0][0] > b[0][0]) return 1;
        return a[1] - b[1];
      }).map(([e]) => e);
      this.#update();
    }

    forEach(callback, thisArg = undefined) {
      if (typeof callback !== 'function') throw new ERR_INVALID_ARG_TYPE('callback', 'of type function', callback);
      for (let i = 0; i < this[kList].length; i++) {
        const [k, v] = this[kList][i];
        callback.call(thisArg, v, k, this);
      }
    }

    *entries() { for (const [k, v] of this[kList]) yield [k, v]; }
    *keys() { for (const [k] of this[kList]) yield k; }
    *values() { for (const [, v] of this[kList]) yield v; }
    [Symbol.iterator]() { return this.entries(); }

    toString() {
      return this[kList].map(([k, v]) => `${formEncode(k)}=${formEncode(v)}`).join('&');
    }

    [inspectCustom](depth, options, inspect) {
      if (depth < 0) return '[Object]';
      const items = this[kList].map(([k, v]) => `${inspect(k)} => ${inspect(v)}`);
      if (items.length === 0) return 'URLSearchParams {}';
      const oneLine = `URLSearchParams { ${items.join(', ')} }`;
      if (oneLine.length <= (options.breakLength ?? 80)) return oneLine;
      return `URLSearchParams {\n  ${items.join(',\n  ')} }`;
    }

    get [Symbol.toStringTag]() { return 'URLSearchParams'; }
  }

  exports.URL = URL;
  exports.URLSearchParams = URLSearchParams;
  exports.pathToFileHref = pathToFileHref;
  exports.fileHrefToPath = fileHrefToPath;
})
