// ES modules (Node's lib/internal/modules/esm): resolution of specifiers to URLs
// (relative and absolute file URLs and paths with no extension search, bare
// specifiers through node_modules and package "exports"/"main" with the
// `import`/`node`/`default` conditions, `#imports`, `node:` built-ins), formats (by
// extension and package.json "type"), loading the graph, `import.meta`
// (`url`, `filename`, `dirname`, `resolve`), dynamic `import()` from either module
// system, top-level await, and interop: a CommonJS module imported from ESM gives
// `default` (its `module.exports`) plus the named exports Node's cjs-module-lexer
// finds in its source; `require()` of an ES module without top-level await gives its
// namespace (Node 22).
//
// V8 compiles and links (src/esm.rs); this file decides what every specifier means.
(function (exports, require, ops, info, module) {
  'use strict';

  const {
    op_module_compile_esm,
    op_module_create_synthetic,
    op_module_link,
    op_module_instantiate,
    op_module_evaluate,
    op_module_namespace,
    op_module_set_hooks,
    op_promise_state,
  } = ops;
  const {
    codes: {
      ERR_MODULE_NOT_FOUND,
      ERR_UNSUPPORTED_DIR_IMPORT,
      ERR_UNKNOWN_FILE_EXTENSION,
      ERR_UNSUPPORTED_ESM_URL_SCHEME,
      ERR_IMPORT_ATTRIBUTE_MISSING,
      ERR_IMPORT_ATTRIBUTE_TYPE_INCOMPATIBLE,
      ERR_INVALID_MODULE_SPECIFIER,
      ERR_REQUIRE_ASYNC_MODULE,
      ERR_UNKNOWN_BUILTIN_MODULE,
    },
  } = require('internal/errors');
  const { pathToFileHref, fileHrefToPath } = require('internal/url');
  const { resolve: resolvePath, join, dirname, extname } = require('internal/modules/paths');
  const {
    readPackage, packageScope, packageExportsResolve, packageImportsResolve, parsePackageName,
  } = require('internal/modules/package');
  const builtins = require('internal/modules/builtins');
  // Loaded on the first CommonJS module an ES module imports.
  let lexer;

  const esmConditions = new Set(['import', 'node', 'node-addons']);

  // One module of the graph, by URL.
  // { url, id, format, requests: [[specifier, type]], linked, path }
  const records = new Map();
  // Synthetic modules: id -> function computing the export values.
  const syntheticValues = new Map();
  // id -> record
  const byId = new Map();

  function cjs() {
    return require('internal/modules/cjs');
  }

  function isFile(path) {
    return cjs().stat(path) === 0;
  }

  function isRelativeOrAbsolute(specifier) {
    return specifier.startsWith('/') || specifier.startsWith('./') ||
      specifier.startsWith('../') || specifier === '.' || specifier === '..';
  }

  // A parent's URL as Node prints it in resolution errors: the file path.
  function shownParent(parentURL) {
    return parentURL.startsWith('file:') ? fileHrefToPath(parentURL) : parentURL;
  }

  // Node's legacyMainResolve: "main" with the old extension search, then index.js.
  function legacyMainResolve(pkg, parentURL) {
    const candidates = [];
    if (pkg.main !== undefined) {
      const main = pkg.main;
      candidates.push(main, `${main}.js`, `${main}.json`, `${main}.node`, `${main}/index.js`,
        `${main}/index.json`, `${main}/index.node`);
    }
    candidates.push('index.js', 'index.json', 'index.node');
    for (const candidate of candidates) {
      const path = resolvePath(pkg.dir, candidate);
      if (isFile(path)) return path;
    }
    throw new ERR_MODULE_NOT_FOUND(pkg.dir, shownParent(parentURL));
  }

  // A bare specifier: the package's own name (self-reference), then node_modules
  // directories upward from the parent.
  function packageResolve(specifier, parentURL) {
    const parsed = parsePackageName(specifier);
    if (parsed === undefined) {
      throw new ERR_INVALID_MODULE_SPECIFIER(specifier, 'is not a valid package name', shownParent(parentURL));
    }
    const [name, subpath] = parsed;
    const parentPath = parentURL.startsWith('file:') ? fileHrefToPath(parentURL) : '/';
    const self = packageScope(parentPath);
    if (self !== undefined && self.name === name && self.exports != null) {
      return packageExportsResolve(self, subpath, esmConditions, shownParent(parentURL));
    }
    let dir = dirname(parentPath);
    for (;;) {
      const pkgDir = dir.endsWith('/node_modules') ? join(dir, name) : join(dir, `node_modules/${name}`);
      if (cjs().stat(pkgDir) === 1) {
        const pkg = readPackage(pkgDir);
        if (pkg !== undefined && pkg.exports != null) {
          return packageExportsResolve(pkg, subpath, esmConditions, shownParent(parentURL));
        }
        if (subpath === '.') {
          return legacyMainResolve(pkg || { dir: pkgDir }, parentURL);
        }
        return join(pkgDir, subpath);
      }
      if (dir === '/') break;
      dir = dirname(dir);
    }
    throw new ERR_MODULE_NOT_FOUND(name, shownParent(parentURL), false);
  }

  // `specifier` imported from `parentURL`: a `node:` or `file:` URL.
  function resolve(specifier, parentURL) {
    if (specifier.startsWith('node:')) {
      if (!builtins.isBuiltin(specifier)) throw new ERR_UNKNOWN_BUILTIN_MODULE(specifier);
      return specifier;
    }
    if (builtins.canBeRequiredWithoutScheme(specifier)) return `node:${specifier}`;
    let path;
    if (isRelativeOrAbsolute(specifier)) {
      const base = parentURL.startsWith('file:') ? dirname(fileHrefToPath(parentURL)) : '/';
      // Query and fragment are part of the URL, not of the file.
      const end = specifier.search(/[?#]/);
      const bare = end === -1 ? specifier : specifier.slice(0, end);
      path = resolvePath(base, decodeURIComponent(bare));
      if (bare.endsWith('/')) path += '/';
    } else if (specifier.startsWith('#')) {
      path = packageImportsResolve(specifier, parentURL.startsWith('file:') ? fileHrefToPath(parentURL) : '/',
        esmConditions, (request) => packageResolve(request, parentURL));
    } else if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(specifier)) {
      if (!specifier.startsWith('file:')) {
        throw new ERR_UNSUPPORTED_ESM_URL_SCHEME(specifier.slice(0, specifier.indexOf(':') + 1));
      }
      path = fileHrefToPath(specifier);
    } else {
      path = packageResolve(specifier, parentURL);
    }
    if (path.startsWith('node:')) return path;
    if (path.endsWith('/') || cjs().stat(path) === 1) {
      throw new ERR_UNSUPPORTED_DIR_IMPORT(path.replace(/\/$/, ''), shownParent(parentURL));
    }
    if (!isFile(path)) {
      throw new ERR_MODULE_NOT_FOUND(path, shownParent(parentURL), pathToFileHref(path));
    }
    return pathToFileHref(path);
  }

  function formatOf(path) {
    const ext = extname(path);
    if (ext === '.mjs') return 'module';
    if (ext === '.cjs') return 'commonjs';
    if (ext === '.json') return 'json';
    if (ext === '.js' || ext === '') {
      const pkg = packageScope(path);
      return pkg !== undefined && pkg.type === 'module' ? 'module' : 'commonjs';
    }
    if (ext === '.node') return 'addon';
    throw new ERR_UNKNOWN_FILE_EXTENSION(ext, path);
  }

  function readSource(path) {
    const { readSource, stripBOM } = cjs();
    return stripBOM(readSource(path));
  }

  // The export names a CommonJS file offers to ES modules: those the lexer finds,
  // following its re-exports (`module.exports = require('./x')`).
  function cjsExportNames(path, seen = new Set()) {
    if (seen.has(path)) return [];
    seen.add(path);
    const cached = cjs().Module._cache[path];
    if (cached !== undefined && cached.loaded) {
      const value = cached.exports;
      return value !== null && (typeof value === 'object' || typeof value === 'function') ?
        Object.keys(value) : [];
    }
    let analysis;
    lexer ??= require('internal/deps/cjs-module-lexer/lexer.js');
    try {
      analysis = lexer.parse(readSource(path));
    } catch {
      return [];
    }
    const names = new Set(analysis.exports);
    for (const reexport of analysis.reexports) {
      let resolved;
      try {
        resolved = cjs().Module._resolveFilename(reexport, { filename: path, id: path, paths: cjs().nodeModulePaths(dirname(path)) }, false);
      } catch {
        continue;
      }
      if (!resolved.startsWith('/')) continue;
      if (extname(resolved) === '.js' || extname(resolved) === '.cjs') {
        for (const name of cjsExportNames(resolved, seen)) names.add(name);
      }
    }
    return [...names];
  }

  function register(url, id, format) {
    const record = { url, id, format, requests: [], linked: false };
    records.set(url, record);
    byId.set(id, record);
    return record;
  }

  // A synthetic module whose exports `names` take their values from `values()`.
  function synthetic(url, format, names, values) {
    const unique = [...new Set(['default', ...names])];
    const id = op_module_create_synthetic(url, unique);
    syntheticValues.set(id, () => {
      const computed = values();
      return unique.map((name) => computed(name));
    });
    return register(url, id, format);
  }

  // Compiles (or finds) the module at `url` with the import type `type`, and every
  // module it imports, linking them.
  function load(url, type) {
    const existing = records.get(url);
    if (existing !== undefined) {
      checkType(existing, type);
      return existing;
    }
    let record;
    if (url.startsWith('node:')) {
      const name = url.slice(5);
      const value = builtins.load(name);
      const names = value !== null && typeof value === 'object' || typeof value === 'function' ?
        Object.keys(value) : [];
      record = synthetic(url, 'builtin', names, () => (name2) => (name2 === 'default' ? value : value[name2]));
    } else {
      const path = fileHrefToPath(url);
      const format = formatOf(path);
      if (format === 'module') {
        const [id, specifiers, types] = op_module_compile_esm(readSource(path), url);
        record = register(url, id, format);
        record.requests = specifiers.map((s, i) => [s, types[i]]);
      } else if (format === 'commonjs') {
        const names = cjsExportNames(path).filter((n) => n !== 'default');
        record = synthetic(url, format, names, () => {
          const Module = cjs().Module;
          const value = Module._cache[path] !== undefined ? Module._cache[path].exports :
            Module._load(path, undefined, false);
          return (name) => (name === 'default' ? value : value == null ? undefined : value[name]);
        });
      } else if (format === 'json') {
        record = synthetic(url, format, [], () => {
          const source = readSource(path);
          let value;
          try {
            value = JSON.parse(source);
          } catch (err) {
            err.message = `${path}: ${err.message}`;
            throw err;
          }
          return () => value;
        });
      } else {
        const { codes: { ERR_SANDBOX_UNSUPPORTED } } = require('internal/errors');
        throw new ERR_SANDBOX_UNSUPPORTED(`Native addons (${path})`);
      }
    }
    checkType(record, type);
    for (const [specifier, childType] of record.requests) {
      const child = load(resolve(specifier, url), childType);
      op_module_link(record.id, specifier, child.id);
    }
    return record;
  }

  function checkType(record, type) {
    if (record.format === 'json' && type !== 'json') {
      throw new ERR_IMPORT_ATTRIBUTE_MISSING(record.url, 'type', 'json');
    }
    if (type === 'json' && record.format !== 'json') {
      throw new ERR_IMPORT_ATTRIBUTE_TYPE_INCOMPATIBLE(record.url, 'json');
    }
  }

  // The graph from `url`: loaded, instantiated, and its evaluation started.
  function evaluate(url, type) {
    const record = load(url, type);
    if (record.evaluation !== undefined) {
      // import() of a module whose evaluation is running (it imports itself, or a
      // module importing it does): wait for that evaluation, as Node does.
      return [record, record.evaluation.then(() => record.promise)];
    }
    if (record.promise === undefined) {
      try {
        op_module_instantiate(record.id);
      } catch (err) {
        // A link error (a missing export) names the import, as Node shows it: the
        // position leads the stack, and the report prints no other.
        if (err instanceof SyntaxError) require('internal/task_queues').decorate(err);
        throw err;
      }
      let started;
      record.evaluation = new Promise((resolve) => { started = resolve; });
      try {
        record.promise = op_module_evaluate(record.id);
      } finally {
        record.evaluation = undefined;
        started();
      }
    }
    return [record, record.promise];
  }

  // import(): the namespace, once the graph has evaluated.
  async function dynamicImport(specifier, referrer, type) {
    const parentURL = typeof referrer === 'string' && referrer.startsWith('/') ?
      pathToFileHref(referrer) :
      typeof referrer === 'string' && referrer.startsWith('file:') ? referrer :
        pathToFileHref(join(require('process').cwd(), '[eval]'));
    const [record, promise] = evaluate(resolve(String(specifier), parentURL), type);
    await promise;
    return op_module_namespace(record.id);
  }

  function importMeta(meta, id) {
    const record = byId.get(id);
    if (record === undefined) return;
    const path = fileHrefToPath(record.url);
    meta.dirname = dirname(path);
    meta.filename = path;
    meta.resolve = function resolveSpecifier(specifier) {
      return resolve(String(specifier), record.url);
    };
    meta.url = record.url;
  }

  function evaluateSynthetic(id) {
    return syntheticValues.get(id)();
  }

  // V8's module callbacks reach these through the process's module registry
  // (src/esm.rs): registered at start, after the startup snapshot.
  module.internal = {
    start() {
      op_module_set_hooks(evaluateSynthetic, importMeta, dynamicImport);
    },
  };

  // The entry point `node file.mjs`: errors in it (and a rejection of its top-level
  // await) are uncaught exceptions, as Node reports them.
  let mainPromise;
  function runMain(filename) {
    const [, promise] = evaluate(pathToFileHref(filename), undefined);
    mainPromise = promise;
    promise.then(undefined, (err) => {
      require('internal/task_queues').triggerUncaught(err);
    });
  }

  // Node exits with 13 when the loop runs dry while the main module's top-level await
  // has not settled.
  function mainUnsettled() {
    return mainPromise !== undefined && op_promise_state(mainPromise)[0] === 0;
  }

  // require() of an ES module (Node 22): its namespace, when it evaluates without
  // waiting; a graph with top-level await cannot be required.
  function requireEsm(filename) {
    const [record, promise] = evaluate(pathToFileHref(filename), undefined);
    const [state, value] = op_promise_state(promise);
    if (state === 2) throw value;
    if (state === 0) throw new ERR_REQUIRE_ASYNC_MODULE();
    const namespace = op_module_namespace(record.id);
    return namespace;
  }

  exports.runMain = runMain;
  exports.requireEsm = requireEsm;
  exports.mainUnsettled = mainUnsettled;
  exports.resolve = resolve;
})
