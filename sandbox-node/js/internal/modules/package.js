// package.json: reading (cached), the package scope of a file, and the "exports" and
// "imports" resolution both module systems share (Node's PACKAGE_EXPORTS_RESOLVE and
// PACKAGE_IMPORTS_RESOLVE, over paths rather than URLs).
(function (exports, require, ops) {
  'use strict';

  const { op_fs_read_file_sync } = ops;
  const {
    codes: {
      ERR_INVALID_PACKAGE_CONFIG,
      ERR_INVALID_PACKAGE_TARGET,
      ERR_PACKAGE_PATH_NOT_EXPORTED,
      ERR_PACKAGE_IMPORT_NOT_DEFINED,
      ERR_INVALID_MODULE_SPECIFIER,
    },
  } = require('internal/errors');
  const { dirname, join } = require('internal/modules/paths');

  const cache = new Map();

  // A directory as Node's package errors print it.
  function slashed(dir) {
    return dir.endsWith('/') ? dir : `${dir}/`;
  }

  // The parsed package.json of directory `dir`, or `undefined` when it has none.
  function readPackage(dir) {
    const jsonPath = join(dir, 'package.json');
    if (cache.has(jsonPath)) return cache.get(jsonPath);
    const source = op_fs_read_file_sync(jsonPath, true);
    let pkg;
    if (typeof source === 'string') {
      let parsed;
      try {
        parsed = JSON.parse(source);
      } catch (err) {
        throw new ERR_INVALID_PACKAGE_CONFIG(jsonPath, undefined, err.message);
      }
      pkg = {
        path: jsonPath,
        dir,
        exists: true,
        name: typeof parsed?.name === 'string' ? parsed.name : undefined,
        main: typeof parsed?.main === 'string' ? parsed.main : undefined,
        exports: parsed?.exports,
        imports: parsed?.imports,
        type: parsed?.type === 'module' || parsed?.type === 'commonjs' ? parsed.type : 'none',
      };
    }
    cache.set(jsonPath, pkg);
    return pkg;
  }

  // The package.json nearest above `file` (not looking past a node_modules directory).
  function packageScope(file) {
    let dir = dirname(file);
    for (;;) {
      if (dir.endsWith('/node_modules')) return undefined;
      const pkg = readPackage(dir);
      if (pkg !== undefined) return pkg;
      if (dir === '/') return undefined;
      dir = dirname(dir);
    }
  }

  function isConditionalSugar(exportsField, pkg) {
    if (typeof exportsField === 'string' || Array.isArray(exportsField)) return true;
    if (typeof exportsField !== 'object' || exportsField === null) return false;
    let isConditional;
    let first = true;
    for (const key of Object.keys(exportsField)) {
      const cur = key === '' || key[0] !== '.';
      if (first) {
        isConditional = cur;
        first = false;
      } else if (isConditional !== cur) {
        throw new ERR_INVALID_PACKAGE_CONFIG(pkg.path, undefined,
          '"exports" cannot contain some keys starting with \'.\' and some not.' +
          ' The exports object must either be an object of package subpath keys' +
          ' or an object of main entry condition name keys only.');
      }
    }
    return isConditional;
  }

  const invalidSegment = /(^|\\|\/)((\.|%2e)(\.|%2e)?|(n|%6e|%4e)(o|%6f|%4f)(d|%64|%44)(e|%65|%45)(_|%5f)(m|%6d|%4d)(o|%6f|%4f)(d|%64|%44)(u|%75|%55)(l|%6c|%4c)(e|%65|%45)(s|%73|%53))?(\\|\/|$)/i;
  const deprecatedSegment = /(^|\\|\/)((\.|%2e)(\.|%2e)?|(n|%6e|%4e)(o|%6f|%4f)(d|%64|%44)(e|%65|%45)(_|%5f)(m|%6d|%4d)(o|%6f|%4f)(d|%64|%44)(u|%75|%55)(l|%6c|%4c)(e|%65|%45)(s|%73|%53))(\\|\/|$)/i;

  // One target of "exports"/"imports": a path, `null` (not exported) or `undefined`
  // (no condition matched).
  function resolveTarget(pkg, target, subpath, key, patternMatch, pattern, internal, conditions, base, resolvePackage) {
    if (typeof target === 'string') {
      if (!target.startsWith('./')) {
        if (internal && !target.startsWith('../') && !target.startsWith('/')) {
          // An "imports" target naming a package.
          const request = pattern ? target.replaceAll('*', patternMatch) : target + subpath;
          return resolvePackage(request);
        }
        throw new ERR_INVALID_PACKAGE_TARGET(slashed(pkg.dir), key, target, internal, base);
      }
      if (invalidSegment.test(target.slice(2))) {
        if (!deprecatedSegment.test(target.slice(2))) {
          throw new ERR_INVALID_PACKAGE_TARGET(slashed(pkg.dir), key, target, internal, base);
        }
      }
      const resolved = join(pkg.dir, target);
      if (!resolved.startsWith(pkg.dir)) {
        throw new ERR_INVALID_PACKAGE_TARGET(slashed(pkg.dir), key, target, internal, base);
      }
      if (subpath === '' && !pattern) return resolved;
      if (invalidSegment.test(pattern ? patternMatch : subpath)) {
        const request = pattern ? key.replace('*', () => patternMatch) : key + subpath;
        throw new ERR_INVALID_MODULE_SPECIFIER(request,
          `request is not a valid match in pattern "${key}" for the "${internal ? 'imports' : 'exports'}" resolution of ${pkg.path}`, base);
      }
      if (pattern) return resolved.replaceAll('*', patternMatch);
      return resolved + subpath;
    }
    if (Array.isArray(target)) {
      if (target.length === 0) return null;
      let lastError;
      for (const item of target) {
        let resolved;
        try {
          resolved = resolveTarget(pkg, item, subpath, key, patternMatch, pattern, internal, conditions, base, resolvePackage);
        } catch (err) {
          lastError = err;
          if (err.code === 'ERR_INVALID_PACKAGE_TARGET') continue;
          throw err;
        }
        if (resolved === undefined) continue;
        if (resolved === null) {
          lastError = null;
          continue;
        }
        return resolved;
      }
      if (lastError === undefined || lastError === null) return lastError;
      throw lastError;
    }
    if (typeof target === 'object' && target !== null) {
      for (const k of Object.keys(target)) {
        if (/^\d+$/.test(k)) {
          throw new ERR_INVALID_PACKAGE_CONFIG(pkg.path, base, '"exports" cannot contain numeric property keys.');
        }
      }
      for (const k of Object.keys(target)) {
        if (k === 'default' || conditions.has(k)) {
          const resolved = resolveTarget(pkg, target[k], subpath, key, patternMatch, pattern, internal, conditions, base, resolvePackage);
          if (resolved === undefined) continue;
          return resolved;
        }
      }
      return undefined;
    }
    if (target === null) return null;
    throw new ERR_INVALID_PACKAGE_TARGET(slashed(pkg.dir), key, target, internal, base);
  }

  // Node's PATTERN_KEY_COMPARE: longer prefixes first, then longer keys.
  function patternKeyCompare(a, b) {
    const aStar = a.indexOf('*');
    const bStar = b.indexOf('*');
    const baseA = aStar === -1 ? a.length : aStar + 1;
    const baseB = bStar === -1 ? b.length : bStar + 1;
    if (baseA > baseB) return -1;
    if (baseB > baseA) return 1;
    if (aStar === -1) return 1;
    if (bStar === -1) return -1;
    if (a.length > b.length) return -1;
    if (b.length > a.length) return 1;
    return 0;
  }

  // Looks `matchKey` up in a subpath map ("exports" or "imports"): `[key, target,
  // patternMatch, isPattern]` or `undefined`.
  function matchSubpath(map, matchKey) {
    if (Object.prototype.hasOwnProperty.call(map, matchKey) && !matchKey.includes('*')) {
      return [matchKey, map[matchKey], '', false];
    }
    let bestMatch = '';
    let bestSubpath;
    for (const key of Object.keys(map)) {
      const star = key.indexOf('*');
      if (star === -1 || !matchKey.startsWith(key.slice(0, star))) continue;
      const trailer = key.slice(star + 1);
      if (matchKey.length >= key.length && matchKey.endsWith(trailer) &&
          patternKeyCompare(bestMatch, key) === 1 && key.lastIndexOf('*') === star) {
        bestMatch = key;
        bestSubpath = matchKey.slice(star, matchKey.length - trailer.length);
      }
    }
    if (bestMatch) return [bestMatch, map[bestMatch], bestSubpath, true];
    return undefined;
  }

  // `subpath` ('.' or './x') of `pkg` through its "exports": the file's path.
  function packageExportsResolve(pkg, subpath, conditions, base) {
    let exportsField = pkg.exports;
    if (isConditionalSugar(exportsField, pkg)) exportsField = { '.': exportsField };
    const match = matchSubpath(exportsField, subpath);
    if (match !== undefined) {
      const [key, target, patternMatch, pattern] = match;
      const resolved = resolveTarget(pkg, target, '', key, patternMatch, pattern, false, conditions, base);
      if (resolved != null) return resolved;
    }
    throw new ERR_PACKAGE_PATH_NOT_EXPORTED(slashed(pkg.dir), subpath, base);
  }

  // `#name` through the "imports" of the package `base` belongs to.
  function packageImportsResolve(name, base, conditions, resolvePackage) {
    if (name === '#' || name.startsWith('#/') || name.endsWith('/')) {
      throw new ERR_INVALID_MODULE_SPECIFIER(name, 'is not a valid internal imports specifier name', base);
    }
    const pkg = packageScope(base);
    if (pkg !== undefined && pkg.imports != null && typeof pkg.imports === 'object') {
      const match = matchSubpath(pkg.imports, name);
      if (match !== undefined) {
        const [key, target, patternMatch, pattern] = match;
        const resolved = resolveTarget(pkg, target, '', key, patternMatch, pattern, true, conditions, base, resolvePackage);
        if (resolved != null) return resolved;
      }
    }
    throw new ERR_PACKAGE_IMPORT_NOT_DEFINED(name, pkg && slashed(pkg.dir), base);
  }

  // `name` and `./subpath` of a bare specifier (`@scope/pkg/x` -> ['@scope/pkg', './x']);
  // `undefined` when it cannot be a package name.
  function parsePackageName(specifier) {
    let sep = specifier.indexOf('/');
    if (specifier[0] === '@') {
      if (sep === -1) return undefined;
      sep = specifier.indexOf('/', sep + 1);
    }
    const name = sep === -1 ? specifier : specifier.slice(0, sep);
    if (name === '' || name[0] === '.' || name.includes('\\') || name.includes('%')) return undefined;
    return [name, `.${sep === -1 ? '' : specifier.slice(sep)}`];
  }

  exports.readPackage = readPackage;
  exports.packageScope = packageScope;
  exports.packageExportsResolve = packageExportsResolve;
  exports.packageImportsResolve = packageImportsResolve;
  exports.parsePackageName = parsePackageName;
})
