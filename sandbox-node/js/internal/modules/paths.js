// POSIX path helpers for the module loaders, which run before the `path` module may
// be loaded (and must not see a program's changes to it).
(function (exports) {
  'use strict';

  function normalize(path) {
    const absolute = path.startsWith('/');
    const parts = [];
    for (const part of path.split('/')) {
      if (part === '' || part === '.') continue;
      if (part === '..') {
        if (parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
        else if (!absolute) parts.push('..');
      } else {
        parts.push(part);
      }
    }
    const joined = parts.join('/');
    return absolute ? `/${joined}` : joined || '.';
  }

  function resolve(from, to) {
    return normalize(to.startsWith('/') ? to : `${from}/${to}`);
  }

  function join(dir, name) {
    return normalize(`${dir}/${name}`);
  }

  function dirname(path) {
    const i = path.lastIndexOf('/');
    if (i <= 0) return i === 0 ? '/' : '.';
    return path.slice(0, i);
  }

  function extname(path) {
    const base = path.slice(path.lastIndexOf('/') + 1);
    const dot = base.lastIndexOf('.');
    return dot <= 0 ? '' : base.slice(dot);
  }

  exports.normalize = normalize;
  exports.resolve = resolve;
  exports.join = join;
  exports.dirname = dirname;
  exports.extname = extname;
})
