// `require('querystring')`: Node's parse/stringify/escape/unescape (the legacy form
// encoding: `+` decodes to a space, encoding follows encodeURIComponent plus `!'()*`).
(function (exports, require) {
  'use strict';

  const { Buffer } = require('buffer');

  // Node's noEscape table: A-Z a-z 0-9 - . _ ~ ! ' ( ) *
  function qsEscape(str) {
    if (typeof str !== 'string') {
      if (typeof str === 'object') str = String(str);
      else str += '';
    }
    let out = '';
    for (let i = 0; i < str.length; i++) {
      const c = str.charCodeAt(i);
      if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) ||
          c === 0x2d || c === 0x2e || c === 0x5f || c === 0x7e || c === 0x21 || c === 0x27 ||
          c === 0x28 || c === 0x29 || c === 0x2a) {
        out += str[i];
        continue;
      }
      let ch = str[i];
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < str.length) {
        ch += str[++i];
      } else if (c >= 0xd800 && c <= 0xdfff) {
        const { codes: { ERR_INVALID_URI } } = require('internal/errors');
        throw new ERR_INVALID_URI();
      }
      for (const b of Buffer.from(ch, 'utf8')) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    }
    return out;
  }

  function unescapeBuffer(s, decodeSpaces) {
    const out = [];
    const bytes = Buffer.from(s, 'utf8');
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      if (b === 0x2b && decodeSpaces) {
        out.push(0x20);
      } else if (b === 0x25 && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2])) {
        out.push(parseInt(String.fromCharCode(bytes[i + 1], bytes[i + 2]), 16));
        i += 2;
      } else {
        out.push(b);
      }
    }
    return Buffer.from(out);
  }

  function isHex(b) {
    return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66);
  }

  function qsUnescape(s, decodeSpaces) {
    try {
      return decodeURIComponent(s);
    } catch {
      return unescapeBuffer(s, decodeSpaces).toString();
    }
  }

  function stringifyPrimitive(v) {
    if (typeof v === 'string') return v;
    if (typeof v === 'number' && Number.isFinite(v)) return `${v}`;
    if (typeof v === 'bigint') return `${v}`;
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    return '';
  }

  function stringify(obj, sep = '&', eq = '=', options = undefined) {
    sep ||= '&';
    eq ||= '=';
    const encode = typeof options?.encodeURIComponent === 'function' ? options.encodeURIComponent : qsEscape;
    if (obj !== null && typeof obj === 'object') {
      const fields = [];
      for (const k of Object.keys(obj)) {
        const v = obj[k];
        const ks = `${encode(stringifyPrimitive(k))}${eq}`;
        if (Array.isArray(v)) {
          for (const item of v) fields.push(ks + encode(stringifyPrimitive(item)));
        } else {
          fields.push(ks + encode(stringifyPrimitive(v)));
        }
      }
      return fields.join(sep);
    }
    return '';
  }

  function parse(qs, sep = '&', eq = '=', options = undefined) {
    const obj = { __proto__: null };
    if (typeof qs !== 'string' || qs.length === 0) return obj;
    sep = sep ? String(sep) : '&';
    eq = eq ? String(eq) : '=';
    let maxKeys = 1000;
    if (options && typeof options.maxKeys === 'number') maxKeys = options.maxKeys;
    const decode = typeof options?.decodeURIComponent === 'function' ? options.decodeURIComponent : qsUnescape;
    let parts = qs.split(sep);
    if (maxKeys > 0 && parts.length > maxKeys) parts = parts.slice(0, maxKeys);
    for (const part of parts) {
      if (part.length === 0) continue;
      const idx = part.indexOf(eq);
      let k;
      let v;
      if (idx >= 0) {
        k = part.slice(0, idx);
        v = part.slice(idx + eq.length);
      } else {
        k = part;
        v = '';
      }
      k = decodeStr(k.replace(/\+/g, ' '), decode);
      v = decodeStr(v.replace(/\+/g, ' '), decode);
      if (!(k in obj)) obj[k] = v;
      else if (Array.isArray(obj[k])) obj[k].push(v);
      else obj[k] = [obj[k], v];
    }
    return obj;
  }

  function decodeStr(s, decoder) {
    try {
      return decoder(s);
    } catch {
      return qsUnescape(s, true);
    }
  }

  exports.unescapeBuffer = unescapeBuffer;
  exports.unescape = qsUnescape;
  exports.escape = qsEscape;
  exports.stringify = stringify;
  exports.encode = stringify;
  exports.parse = parse;
  exports.decode = parse;
})
