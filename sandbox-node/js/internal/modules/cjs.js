// CommonJS modules as Node's `Module` (lib/internal/modules/cjs/loader.js): the
// command line (`node <file>`, `-e`, `-p`), `require` with its cache, resolution
// (relative and absolute files with Node's extensions and directory indexes,
// `node_modules` searched upward, package.json "main", "exports" and "imports" with
// the `require`/`node`/`default` conditions, self-reference by package name),
// JSON, cycles (a module required while it loads gets its exports so far),
// `require.resolve(request, { paths })`, `require.resolve.paths`, and the `module`
// built-in. Files are read through the kernel; ES modules are `internal/modules/esm`.
(function (exports, require, ops, info) {
  'use strict';

  const {
    op_fs_read_file_sync,
    op_fs_stat_sync,
    op_module_compile_function,
    op_module_run_script,
  } = ops;
  const {
    uvException,
    errnoInfo,
    codes: {
      ERR_INVALID_ARG_TYPE,
      ERR_INVALID_ARG_VALUE,
      ERR_SANDBOX_UNSUPPORTED,
      ERR_UNKNOWN_BUILTIN_MODULE,
    },
  } = require('internal/errors');
  const { resolve, join, dirname, extname } = require('internal/modules/paths');
  const {
    readPackage, packageScope, packageExportsResolve, packageImportsResolve, parsePackageName,
  } = require('internal/modules/package');
  const builtins = require('internal/modules/builtins');
  const process = require('process');

  const cjsConditions = new Set(['require', 'node', 'node-addons']);

  // 0: a file, 1: a directory, -1: nothing there (Node's internalModuleStat).
  const S_IFMT = 0o170000;
  const S_IFDIR = 0o040000;
  function stat(path) {
    const st = op_fs_stat_sync(path, true);
    if (typeof st === 'number') return -1;
    return (st[1] & S_IFMT) === S_IFDIR ? 1 : 0;
  }

  // Node's _nodeModulePaths: `<dir>/node_modules` for `from` and every directory above
  // it, skipping directories that are themselves called node_modules.
  function nodeModulePaths(from) {
    from = resolve(process.cwd(), from);
    if (from === '/') return ['/node_modules'];
    const parts = from.split('/').slice(1);
    const paths = [];
    for (let i = parts.length; i > 0; i--) {
      if (parts[i - 1] === 'node_modules') continue;
      paths.push(`/${parts.slice(0, i).join('/')}/node_modules`);
    }
    paths.push('/node_modules');
    return paths;
  }

  const moduleParents = new WeakMap();

  function Module(id = '', parent) {
    this.id = id;
    this.path = dirname(id);
    Object.defineProperty(this, 'exports', {
      __proto__: null, value: {}, writable: true, enumerable: true, configurable: true,
    });
    moduleParents.set(this, parent);
    updateChildren(parent, this, false);
    this.filename = null;
    this.loaded = false;
    this.children = [];
  }
  Object.defineProperty(Module.prototype, 'parent', {
    get() { return moduleParents.get(this); },
    set(value) { moduleParents.set(this, value); },
    configurable: true,
  });

  function updateChildren(parent, child, scan) {
    const children = parent && parent.children;
    if (children && !(scan && children.includes(child))) children.push(child);
  }

  Module._cache = { __proto__: null };
  Module._pathCache = { __proto__: null };
  Module._extensions = { __proto__: null };
  Module.globalPaths = [];
  Module._nodeModulePaths = nodeModulePaths;
  Module.builtinModules = builtins.names();
  Module.isBuiltin = builtins.isBuiltin;
  Module.wrapper = ['(function (exports, require, module, __filename, __dirname) { ', '\n});'];
  Module.wrap = (script) => Module.wrapper[0] + script + Module.wrapper[1];

  function tryFile(path) {
    return stat(path) === 0 ? path : false;
  }

  function tryExtensions(path, exts) {
    for (const ext of exts) {
      const filename = tryFile(path + ext);
      if (filename) return filename;
    }
    return false;
  }

  function extensions() {
    return Object.keys(Module._extensions);
  }

  function tryPackage(requestPath, exts, isMain, originalPath) {
    const pkg = readPackage(requestPath);
    const main = pkg && pkg.main;
    if (!main) return tryExtensions(join(requestPath, 'index'), exts);
    const filename = resolve(requestPath, main);
    let actual = tryFile(filename) || tryExtensions(filename, exts) ||
      tryExtensions(join(filename, 'index'), exts);
    if (actual === false) {
      actual = tryExtensions(join(requestPath, 'index'), exts);
      if (!actual) {
        const err = new Error(`Cannot find module '${filename}'. ` +
          'Please verify that the package.json has a valid "main" entry');
        err.code = 'MODULE_NOT_FOUND';
        err.path = join(requestPath, 'package.json');
        err.requestPath = originalPath;
        throw err;
      }
      process.emitWarning(`Invalid 'main' field in '${pkg.path}' of '${main}'. ` +
        'Please either fix that or report it to the module author', 'DeprecationWarning', 'DEP0128');
    }
    return actual;
  }

  // The file an "exports" target names must exist as it is: no extensions, no index.
  function finalizeExports(resolved, pkgDir) {
    if (/%2f|%5c/i.test(resolved)) {
      const { codes: { ERR_INVALID_MODULE_SPECIFIER } } = require('internal/errors');
      throw new ERR_INVALID_MODULE_SPECIFIER(resolved, 'must not include encoded "/" or "\\" characters');
    }
    const actual = tryFile(resolved);
    if (actual) return actual;
    const err = new Error(`Cannot find module '${resolved}'`);
    err.code = 'MODULE_NOT_FOUND';
    err.path = join(pkgDir, 'package.json');
    throw err;
  }

  // `request` as `<node_modules dir>/<package>` through the package's "exports".
  function resolveExports(nmPath, request) {
    const parsed = parsePackageName(request);
    if (parsed === undefined) return undefined;
    const pkgDir = join(nmPath, parsed[0]);
    const pkg = readPackage(pkgDir);
    if (pkg !== undefined && pkg.exports != null) {
      return finalizeExports(packageExportsResolve(pkg, parsed[1], cjsConditions), pkgDir);
    }
    return undefined;
  }

  Module._findPath = function _findPath(request, paths, isMain) {
    const absolute = request.startsWith('/');
    if (absolute) paths = [''];
    else if (!paths || paths.length === 0) return false;
    const cacheKey = `${request}\x00${paths.join('\x00')}`;
    const cached = Module._pathCache[cacheKey];
    if (cached) return cached;
    const trailingSlash = request.endsWith('/') || request.endsWith('/.') ||
      request.endsWith('/..') || request === '.' || request === '..';
    const exts = extensions();
    for (const curPath of paths) {
      if (curPath && stat(curPath) < 1) continue;
      if (!absolute) {
        const exported = resolveExports(curPath, request);
        if (exported) return exported;
      }
      const basePath = resolve(curPath || '/', request);
      const rc = stat(basePath);
      let filename;
      if (!trailingSlash) {
        if (rc === 0) filename = basePath;
        if (!filename) filename = tryExtensions(basePath, exts);
      }
      if (!filename && rc === 1) filename = tryPackage(basePath, exts, isMain, request);
      if (filename) {
        Module._pathCache[cacheKey] = filename;
        return filename;
      }
    }
    return false;
  };

  function isRelative(request) {
    return request === '.' || request === '..' || request.startsWith('./') ||
      request.startsWith('../');
  }

  Module._resolveLookupPaths = function _resolveLookupPaths(request, parent) {
    if (builtins.canBeRequiredWithoutScheme(request)) return null;
    if (request[0] !== '.' || (request.length > 1 && request[1] !== '.' && request[1] !== '/')) {
      const paths = parent && parent.paths && parent.paths.length > 0 ?
        [...parent.paths, ...Module.globalPaths] : [...Module.globalPaths];
      return paths.length > 0 ? paths : null;
    }
    if (!parent || !parent.id || !parent.filename) return ['.'];
    return [dirname(parent.filename)];
  };

  // A package requiring itself by its own name, through its own "exports".
  function trySelf(parentPath, request) {
    if (!parentPath) return false;
    const pkg = packageScope(join(parentPath, 'x'));
    if (pkg === undefined || pkg.exports == null || pkg.name === undefined) return false;
    let expansion;
    if (request === pkg.name) expansion = '.';
    else if (request.startsWith(`${pkg.name}/`)) expansion = `.${request.slice(pkg.name.length)}`;
    else return false;
    return finalizeExports(packageExportsResolve(pkg, expansion, cjsConditions), pkg.dir);
  }

  function notFound(request, parent) {
    const requireStack = [];
    for (let cursor = parent; cursor; cursor = moduleParents.get(cursor)) {
      requireStack.push(cursor.filename || cursor.id);
    }
    let message = `Cannot find module '${request}'`;
    if (requireStack.length > 0) message += `\nRequire stack:\n- ${requireStack.join('\n- ')}`;
    const err = new Error(message);
    err.code = 'MODULE_NOT_FOUND';
    err.requireStack = requireStack;
    return err;
  }

  Module._resolveFilename = function _resolveFilename(request, parent, isMain, options) {
    if (builtins.isBuiltin(request) && (request.startsWith('node:') ||
        builtins.canBeRequiredWithoutScheme(request))) {
      return request;
    }
    let paths;
    if (typeof options === 'object' && options !== null) {
      if (Array.isArray(options.paths)) {
        if (isRelative(request)) {
          paths = options.paths;
        } else {
          const fake = new Module('', null);
          paths = [];
          for (const p of options.paths) {
            fake.paths = nodeModulePaths(p);
            for (const lookup of Module._resolveLookupPaths(request, fake) || []) {
              if (!paths.includes(lookup)) paths.push(lookup);
            }
          }
        }
      } else if (options.paths === undefined) {
        paths = Module._resolveLookupPaths(request, parent);
      } else {
        throw new ERR_INVALID_ARG_VALUE('options.paths', options.paths);
      }
    } else {
      paths = Module._resolveLookupPaths(request, parent);
    }
    if (request[0] === '#' && parent && parent.filename) {
      const pkg = packageScope(parent.filename);
      if (pkg !== undefined && pkg.imports != null) {
        const resolved = packageImportsResolve(request, parent.filename, cjsConditions,
          (specifier) => Module._resolveFilename(specifier, parent, false));
        return finalizeExports(resolved, pkg.dir);
      }
    }
    const parentPath = parent && (parent.filename ? dirname(parent.filename) : parent.id === '[eval]' ? process.cwd() : undefined);
    const self = trySelf(parentPath, request);
    if (self) return self;
    const filename = Module._findPath(request, paths, isMain);
    if (filename) return filename;
    throw notFound(request, parent);
  };

  Module._load = function _load(request, parent, isMain) {
    if (request.startsWith('node:')) {
      const id = request.slice(5);
      if (!builtins.isBuiltin(id)) throw new ERR_UNKNOWN_BUILTIN_MODULE(request);
      return builtins.load(id);
    }
    const filename = Module._resolveFilename(request, parent, isMain);
    const cachedModule = Module._cache[filename];
    if (cachedModule !== undefined) {
      updateChildren(parent, cachedModule, true);
      return cachedModule.exports;
    }
    if (builtins.canBeRequiredWithoutScheme(filename)) return builtins.load(filename);
    const module = new Module(filename, parent);
    if (isMain) {
      module.id = '.';
      process.mainModule = module;
    }
    Module._cache[filename] = module;
    let threw = true;
    try {
      module.load(filename);
      threw = false;
    } finally {
      if (threw) {
        delete Module._cache[filename];
        if (parent !== undefined && parent !== null) {
          const i = parent.children.indexOf(module);
          if (i !== -1) parent.children.splice(i, 1);
        }
      }
    }
    return module.exports;
  };

  // The longest registered extension of `filename` (`.test.js` before `.js`).
  function findExtension(filename) {
    const base = filename.slice(filename.lastIndexOf('/') + 1);
    let index = 0;
    let startIndex = 0;
    while ((index = base.indexOf('.', startIndex)) !== -1) {
      startIndex = index + 1;
      if (index === 0) continue;
      const ext = base.slice(index);
      if (Module._extensions[ext]) return ext;
    }
    return '.js';
  }

  Module.prototype.load = function load(filename) {
    this.filename = filename;
    this.paths = nodeModulePaths(dirname(filename));
    Module._extensions[findExtension(filename)](this, filename);
    this.loaded = true;
  };

  Module.prototype.require = function require(id) {
    if (typeof id !== 'string') throw new ERR_INVALID_ARG_TYPE('id', 'of type string', id);
    if (id === '') throw new ERR_INVALID_ARG_VALUE('id', id, 'must be a non-empty string');
    return Module._load(id, this, false);
  };

  function readSource(filename) {
    const source = op_fs_read_file_sync(filename, true);
    if (typeof source === 'number') {
      if (errnoInfo(source)[0] === 'EISDIR') throw uvException(source, 'read');
      throw uvException(source, 'open', filename);
    }
    return source;
  }

  function stripBOM(source) {
    return source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  }

  // `#!` is not JavaScript inside a function body; keep the line count.
  function stripShebang(source) {
    return source.startsWith('#!') ? `//${source.slice(2)}` : source;
  }

  Module.prototype._compile = function _compile(content, filename) {
    const fn = op_module_compile_function(stripShebang(content), filename);
    const require = makeRequireFunction(this);
    return fn.call(this.exports, this.exports, require, this, filename, dirname(filename));
  };

  // Whether `filename` is an ES module by its extension and package "type".
  function isEsm(filename) {
    const ext = extname(filename);
    if (ext === '.mjs') return true;
    if (ext === '.cjs') return false;
    if (ext !== '.js') return false;
    const pkg = packageScope(filename);
    return pkg !== undefined && pkg.type === 'module';
  }

  Module._extensions['.js'] = function loadJs(module, filename) {
    if (isEsm(filename)) {
      // Node 22: require() of an ES module without top-level await.
      module.exports = require('internal/modules/esm').requireEsm(filename);
      return;
    }
    module._compile(stripBOM(readSource(filename)), filename);
  };

  Module._extensions['.json'] = function loadJson(module, filename) {
    const content = readSource(filename);
    try {
      module.exports = JSON.parse(stripBOM(content));
    } catch (err) {
      err.message = `${filename}: ${err.message}`;
      throw err;
    }
  };

  Module._extensions['.node'] = function loadNative(module, filename) {
    throw new ERR_SANDBOX_UNSUPPORTED(`Native addons (${filename})`);
  };

  Module._extensions['.cjs'] = function loadCjs(module, filename) {
    module._compile(stripBOM(readSource(filename)), filename);
  };

  Module._extensions['.mjs'] = function loadMjs(module, filename) {
    module.exports = require('internal/modules/esm').requireEsm(filename);
  };

  function makeRequireFunction(mod) {
    const require = function require(path) {
      return mod.require(path);
    };
    function resolveFn(request, options) {
      if (typeof request !== 'string') throw new ERR_INVALID_ARG_TYPE('request', 'of type string', request);
      return Module._resolveFilename(request, mod, false, options);
    }
    require.resolve = resolveFn;
    resolveFn.paths = function paths(request) {
      if (typeof request !== 'string') throw new ERR_INVALID_ARG_TYPE('request', 'of type string', request);
      return Module._resolveLookupPaths(request, mod);
    };
    require.main = process.mainModule;
    require.extensions = Module._extensions;
    require.cache = Module._cache;
    return require;
  }

  Module.createRequire = function createRequire(filename) {
    let path = filename;
    if (typeof filename === 'object' && filename !== null && typeof filename.href === 'string') {
      path = require('internal/url').fileHrefToPath(filename.href);
    } else if (typeof filename === 'string' && filename.startsWith('file:')) {
      path = require('internal/url').fileHrefToPath(filename);
    } else if (typeof filename !== 'string' || !filename.startsWith('/')) {
      throw new ERR_INVALID_ARG_VALUE('filename', filename, 'must be a file URL object, file URL string, or absolute path string');
    }
    const trailingSlash = path.endsWith('/');
    const proxyPath = trailingSlash ? join(path, 'noop.js') : path;
    const m = new Module(proxyPath);
    m.filename = proxyPath;
    m.paths = nodeModulePaths(m.path);
    return makeRequireFunction(m);
  };
  Module.Module = Module;

  function badOption(message) {
    process.stderr.write(`${info.argv[0]}: ${message}\n`);
    // Node's status for an invalid command line.
    process.reallyExit(9);
  }

  // `node -e/-p <code>`: a script in the global scope, with `require` and `module` of
  // a module named `[eval]` in the working directory.
  function runEval(source, print) {
    const cwd = process.cwd();
    const module = new Module('[eval]', undefined);
    module.filename = join(cwd, '[eval]');
    module.paths = nodeModulePaths(cwd);
    const globals = {
      module, exports: module.exports, require: makeRequireFunction(module),
      __filename: '[eval]', __dirname: '.',
    };
    for (const [key, value] of Object.entries(globals)) {
      Object.defineProperty(globalThis, key, { value, writable: true, configurable: true });
    }
    const result = op_module_run_script(source, '[eval]');
    if (print) require('console').log(result);
  }

  function runMain() {
    const argv = info.argv;
    const execPath = argv[0];
    let i = 1;
    let evalSource;
    let print = false;
    for (; i < argv.length; i++) {
      const arg = argv[i];
      if (arg === '-e' || arg === '--eval' || arg === '-p' || arg === '--print') {
        print = arg === '-p' || arg === '--print';
        if (i + 1 >= argv.length) return badOption(`${arg} requires an argument`);
        evalSource = argv[i + 1];
        i += 2;
        break;
      }
      if (arg === '--') {
        i++;
        break;
      }
      if (arg.startsWith('-') && arg !== '-') return badOption(`bad option: ${arg}`);
      break;
    }
    if (evalSource !== undefined) {
      process.argv = [execPath, ...argv.slice(i)];
      return runEval(evalSource, print);
    }
    if (i >= argv.length) {
      return badOption('a script or -e <code> is required (the REPL and programs on stdin are not supported)');
    }
    const main = resolve(process.cwd(), argv[i]);
    process.argv = [execPath, main, ...argv.slice(i + 1)];
    const filename = Module._findPath(main, null, true);
    if (filename && isEsm(filename)) {
      return require('internal/modules/esm').runMain(filename);
    }
    Module._load(main, null, true);
  }

  exports.Module = Module;
  exports.runMain = runMain;
  exports.isEsm = isEsm;
  exports.nodeModulePaths = nodeModulePaths;
  exports.stat = stat;
  exports.readSource = readSource;
  exports.stripBOM = stripBOM;
  exports.cjsConditions = cjsConditions;
})
