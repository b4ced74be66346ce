// `util.inspect` and `util.format`, as `console.log` uses them: the layout rules of
// Node's inspect (breakLength 80, compact 3, depth 2, arrays of more than six short
// items grouped in columns) for primitives, plain objects, arrays, class instances,
// Map, Set, functions, errors, dates, regexps, typed arrays and Buffers, boxed
// primitives and circular references. Proxies, getters, `showHidden` and colours are
// not shown yet.
(function (exports, require, ops, info) {
  'use strict';

  const defaultOptions = {
    showHidden: false,
    depth: 2,
    colors: false,
    customInspect: true,
    showProxy: false,
    maxArrayLength: 100,
    maxStringLength: 10000,
    breakLength: 80,
    compact: 3,
    sorted: false,
    getters: false,
    numericSeparator: false,
  };

  const customInspectSymbol = Symbol.for('nodejs.util.inspect.custom');

  const kObjectType = 0;
  const kArrayType = 1;
  const kArrayExtrasType = 2;

  const keyStrRegExp = /^[a-zA-Z_][a-zA-Z_0-9]*$/;

  // Escapes for control characters, the quote in use and the backslash.
  const meta = [];
  for (let i = 0; i < 0x20; i++) {
    meta[i] = `\\x${i.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  meta[8] = '\\b'; meta[9] = '\\t'; meta[10] = '\\n'; meta[12] = '\\f'; meta[13] = '\\r';
  meta[0x7f] = '\\x7F';

  function strEscape(str) {
    // Single quotes unless the string has them and no double quotes (then double),
    // or has both but no backticks (then backticks).
    let quote = "'";
    if (str.includes("'")) {
      if (!str.includes('"')) quote = '"';
      else if (!str.includes('`') && !str.includes('${')) quote = '`';
    }
    let out = '';
    for (let i = 0; i < str.length; i++) {
      const c = str.charCodeAt(i);
      const ch = str[i];
      if (c < 0x20 || c === 0x7f) out += meta[c];
      else if (ch === quote) out += `\\${quote}`;
      else if (ch === '\\') out += '\\\\';
      else out += ch;
    }
    return `${quote}${out}${quote}`;
  }

  // `numericSeparator` groups digits with `_`, as Node.
  function addNumericSeparator(str) {
    let result = '';
    let i = str.length;
    const start = str.startsWith('-') ? 1 : 0;
    for (; i >= start + 4; i -= 3) result = `_${str.slice(i - 3, i)}${result}`;
    return i === str.length ? str : `${str.slice(0, i)}${result}`;
  }

  function addNumericSeparatorEnd(str) {
    let result = '';
    let i = 0;
    for (; i < str.length - 3; i += 3) result += `${str.slice(i, i + 3)}_`;
    return i === 0 ? str : `${result}${str.slice(i)}`;
  }

  function formatNumber(value, numericSeparator) {
    if (Object.is(value, -0)) return '-0';
    if (!numericSeparator) return `${value}`;
    const integer = Math.trunc(value);
    const string = String(integer);
    if (integer === value) {
      if (!Number.isFinite(value) || string.includes('e')) return string;
      return addNumericSeparator(string);
    }
    if (Number.isNaN(value)) return string;
    return `${addNumericSeparator(string)}.${addNumericSeparatorEnd(String(value).slice(string.length + 1))}`;
  }

  function formatPrimitive(value, ctx) {
    switch (typeof value) {
      case 'string': {
        let trailer = '';
        if (value.length > ctx.maxStringLength) {
          const remaining = value.length - ctx.maxStringLength;
          value = value.slice(0, ctx.maxStringLength);
          trailer = `... ${remaining} more character${remaining > 1 ? 's' : ''}`;
        }
        return strEscape(value) + trailer;
      }
      case 'number': return formatNumber(value, ctx.numericSeparator);
      case 'bigint': return `${ctx.numericSeparator ? addNumericSeparator(String(value)) : value}n`;
      case 'boolean': return `${value}`;
      case 'undefined': return 'undefined';
      default: return value.toString(); // symbol
    }
  }

  function isError(value) {
    return value instanceof Error ||
      Object.prototype.toString.call(value) === '[object Error]';
  }

  function getConstructorName(obj) {
    let o = obj;
    while (o !== null && o !== undefined) {
      const desc = Object.getOwnPropertyDescriptor(o, 'constructor');
      if (desc !== undefined && typeof desc.value === 'function' && desc.value.name !== '') {
        return desc.value.name;
      }
      o = Object.getPrototypeOf(o);
    }
    return null;
  }

  function getPrefix(constructor, tag, fallback, size = '') {
    if (constructor === null) {
      if (tag !== '' && fallback !== tag) {
        return `[${fallback}${size}: null prototype] [${tag}] `;
      }
      return `[${fallback}${size}: null prototype] `;
    }
    if (tag !== '' && constructor !== tag) {
      return `${constructor}${size} [${tag}] `;
    }
    return `${constructor}${size} `;
  }

  // Own enumerable keys and symbols; with `showHidden`, every own key.
  function getOwnKeys(value, showHidden) {
    if (showHidden) {
      return [...Object.getOwnPropertyNames(value), ...Object.getOwnPropertySymbols(value)];
    }
    const keys = Object.keys(value);
    for (const sym of Object.getOwnPropertySymbols(value)) {
      if (Object.prototype.propertyIsEnumerable.call(value, sym)) keys.push(sym);
    }
    return keys;
  }

  function isTypedArray(value) {
    return ArrayBuffer.isView(value) && !(value instanceof DataView);
  }

  function formatValue(ctx, value, recurseTimes) {
    if (typeof value !== 'object' && typeof value !== 'function') {
      return formatPrimitive(value, ctx);
    }
    if (value === null) return 'null';

    if (ctx.customInspect) {
      const custom = value[customInspectSymbol];
      if (typeof custom === 'function' && custom !== inspect &&
          !(value.constructor && value.constructor.prototype === value)) {
        const depth = ctx.depth === null ? null : ctx.depth - recurseTimes;
        const ret = custom.call(value, depth, { ...ctx, stylize: (s) => s }, inspect);
        if (ret !== value) {
          if (typeof ret !== 'string') return formatValue(ctx, ret, recurseTimes);
          return ret.replaceAll('\n', `\n${' '.repeat(ctx.indentationLvl)}`);
        }
      }
    }

    if (ctx.seen.includes(value)) {
      let index = 1;
      if (ctx.circular === undefined) {
        ctx.circular = new Map([[value, index]]);
      } else {
        index = ctx.circular.get(value);
        if (index === undefined) {
          index = ctx.circular.size + 1;
          ctx.circular.set(value, index);
        }
      }
      return `[Circular *${index}]`;
    }
    return formatRaw(ctx, value, recurseTimes);
  }

  function formatRaw(ctx, value, recurseTimes) {
    let keys;
    const getKeys = (v) => getOwnKeys(v, ctx.showHidden === true);
    const constructor = getConstructorName(value);
    let tag = value[Symbol.toStringTag];
    if (typeof tag !== 'string' ||
        (tag !== '' && Object.prototype.propertyIsEnumerable.call(value, Symbol.toStringTag))) {
      tag = '';
    }
    let base = '';
    let formatter = () => [];
    let braces;
    let extrasType = kObjectType;

    if (Array.isArray(value)) {
      keys = getKeys(value).filter((k) => typeof k !== 'string' || !/^(0|[1-9][0-9]*)$/.test(k));
      const prefix = constructor !== 'Array' || tag !== '' ?
        getPrefix(constructor, tag, 'Array', `(${value.length})`) : '';
      braces = [`${prefix}[`, ']'];
      if (value.length === 0 && keys.length === 0) return `${braces[0]}]`;
      extrasType = kArrayExtrasType;
      formatter = formatArray;
    } else if (value instanceof Set) {
      keys = getKeys(value);
      const prefix = getPrefix(constructor, tag, 'Set', `(${value.size})`);
      if (value.size === 0 && keys.length === 0) return `${prefix}{}`;
      braces = [`${prefix}{`, '}'];
      formatter = formatSet;
    } else if (value instanceof Map) {
      keys = getKeys(value);
      const prefix = getPrefix(constructor, tag, 'Map', `(${value.size})`);
      if (value.size === 0 && keys.length === 0) return `${prefix}{}`;
      braces = [`${prefix}{`, '}'];
      formatter = formatMap;
    } else if (isTypedArray(value)) {
      if (ctx.bufferClass !== undefined && value instanceof ctx.bufferClass) {
        return formatBuffer(ctx, value);
      }
      keys = getKeys(value).filter((k) => typeof k !== 'string' || !/^(0|[1-9][0-9]*)$/.test(k));
      const fallback = Object.prototype.toString.call(value).slice(8, -1);
      const prefix = getPrefix(constructor, tag, fallback, `(${value.length})`);
      braces = [`${prefix}[`, ']'];
      if (value.length === 0 && keys.length === 0) return `${braces[0]}]`;
      formatter = formatTypedArray;
      extrasType = kArrayExtrasType;
    } else {
      keys = getKeys(value);
      braces = ['{', '}'];
      if (typeof value === 'function') {
        base = functionBase(value, constructor, tag);
        if (keys.length === 0) return base;
      } else if (constructor === 'Object') {
        if (tag !== '') braces[0] = `${getPrefix(constructor, tag, 'Object')}{`;
        if (keys.length === 0) return `${braces[0]}}`;
      } else if (value instanceof RegExp) {
        base = RegExp.prototype.toString.call(value);
        if (keys.length === 0) return base;
      } else if (value instanceof Date) {
        base = Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
        if (keys.length === 0) return base;
      } else if (isError(value)) {
        // Node shows a non-enumerable own `cause` and AggregateError's `errors`.
        for (const hidden of ['cause', 'errors']) {
          const desc = Object.getOwnPropertyDescriptor(value, hidden);
          if (desc !== undefined && !desc.enumerable && !keys.includes(hidden) &&
              (hidden === 'cause' || Array.isArray(value.errors))) {
            keys.push(hidden);
          }
        }
        base = formatError(value, constructor, tag, ctx, keys);
        if (keys.length === 0) return base;
      } else if (value instanceof ArrayBuffer) {
        keys.unshift('byteLength');
        braces[0] = `${getPrefix(constructor, tag, 'ArrayBuffer')}{`;
        formatter = formatArrayBuffer;
      } else if (value instanceof Promise) {
        braces[0] = `${getPrefix(constructor, tag, 'Promise')}{`;
        formatter = (ctx2, v, recurse) => {
          const [state, result] = ops.op_promise_state(v);
          if (state === 0) return ['<pending>'];
          ctx2.indentationLvl += 2;
          const shown = formatValue(ctx2, result, recurse);
          ctx2.indentationLvl -= 2;
          return [state === 2 ? `<rejected> ${shown}` : shown];
        };
      } else if (value instanceof WeakMap || value instanceof WeakSet) {
        braces[0] = `${getPrefix(constructor, tag, value instanceof WeakMap ? 'WeakMap' : 'WeakSet')}{`;
        formatter = () => ['<items unknown>'];
      } else if (value instanceof Number || value instanceof String ||
                 value instanceof Boolean || value instanceof BigInt ||
                 value instanceof Symbol) {
        let type;
        let prim;
        if (value instanceof String) {
          type = 'String';
          prim = String.prototype.valueOf.call(value);
          keys = keys.filter((k) => typeof k !== 'string' || !/^(0|[1-9][0-9]*)$/.test(k));
        } else if (value instanceof Number) {
          type = 'Number'; prim = Number.prototype.valueOf.call(value);
        } else if (value instanceof Boolean) {
          type = 'Boolean'; prim = Boolean.prototype.valueOf.call(value);
        } else if (value instanceof BigInt) {
          type = 'BigInt'; prim = BigInt.prototype.valueOf.call(value);
        } else {
          type = 'Symbol'; prim = Symbol.prototype.valueOf.call(value);
        }
        base = `[${type}`;
        if (type !== constructor) base += constructor === null ? ' (null prototype)' : ` (${constructor})`;
        base += `: ${formatPrimitive(prim, ctx)}]`;
        if (keys.length === 0) return base;
      } else {
        const prefix = constructor === null ?
          getPrefix(null, tag, 'Object') : getPrefix(constructor, tag, 'Object');
        if (keys.length === 0) return `${prefix}{}`;
        braces[0] = `${prefix}{`;
      }
    }

    if (ctx.depth !== null && recurseTimes > ctx.depth) {
      const name = (constructor === null ? getPrefix(null, tag, 'Object') :
        getPrefix(constructor, tag, 'Object')).slice(0, -1);
      return Array.isArray(value) ? '[Array]' : `[${name}]`;
    }
    recurseTimes += 1;
    ctx.seen.push(value);
    ctx.currentDepth = recurseTimes;
    const output = formatter(ctx, value, recurseTimes);
    for (const key of keys) {
      output.push(formatProperty(ctx, value, recurseTimes, key, extrasType));
    }
    if (ctx.sorted) {
      const comparator = ctx.sorted === true ? undefined : ctx.sorted;
      if (extrasType === kObjectType) {
        output.sort(comparator);
      } else if (keys.length > 1) {
        const sorted = output.slice(output.length - keys.length).sort(comparator);
        output.splice(output.length - keys.length, keys.length, ...sorted);
      }
    }
    if (ctx.circular !== undefined) {
      const index = ctx.circular.get(value);
      if (index !== undefined) {
        const reference = `<ref *${index}>`;
        base = base === '' ? reference : `${reference} ${base}`;
      }
    }
    ctx.seen.pop();
    return reduceToSingleString(ctx, output, base, braces, extrasType, recurseTimes, value);
  }

  function functionBase(value, constructor, tag) {
    const source = Function.prototype.toString.call(value);
    if (source.startsWith('class') && source.endsWith('}')) {
      let base = `[class ${value.name || '(anonymous)'}`;
      const superClass = Object.getPrototypeOf(value);
      if (superClass && superClass.name) base += ` extends ${superClass.name}`;
      return `${base}]`;
    }
    let type = 'Function';
    if (constructor === 'AsyncFunction') type = 'AsyncFunction';
    else if (constructor === 'GeneratorFunction') type = 'GeneratorFunction';
    else if (constructor === 'AsyncGeneratorFunction') type = 'AsyncGeneratorFunction';
    let base = `[${type}`;
    if (constructor === null) base += ' (null prototype)';
    base += value.name === '' ? ' (anonymous)' : `: ${value.name}`;
    base += ']';
    if (constructor !== type && constructor !== null && constructor !== 'Function') {
      base += ` ${constructor}`;
    }
    if (tag !== '' && constructor !== tag) base += ` [${tag}]`;
    return base;
  }

  // Node's identicalSequenceRange: where `a` repeats a run of more than three of
  // `b`'s lines.
  function identicalSequenceRange(a, b) {
    for (let i = 0; i < a.length - 3; i++) {
      const pos = b.indexOf(a[i]);
      if (pos !== -1) {
        const rest = b.length - pos;
        if (rest > 3) {
          let len = 1;
          const maxLen = Math.min(a.length - i, rest);
          while (maxLen > len && a[i + len] === b[pos + len]) len++;
          if (len > 3) return { len, offset: i };
        }
      }
    }
    return { len: 0, offset: 0 };
  }

  // Frames the error shares with its cause are summarised, as Node prints them.
  function removeCauseFrames(err, stack) {
    let cause;
    try {
      ({ cause } = err);
    } catch {
      return stack;
    }
    if (cause == null || !isError(cause) || typeof cause.stack !== 'string') return stack;
    const causeStart = cause.stack.indexOf('\n    at');
    if (causeStart === -1) return stack;
    const frames = stack.split('\n');
    const causeFrames = cause.stack.slice(causeStart + 1).split('\n');
    const { len, offset } = identicalSequenceRange(frames, causeFrames);
    if (len > 0) {
      const skipped = len - 2;
      frames.splice(offset + 1, skipped, `    ... ${skipped} lines matching cause stack trace ...`);
    }
    return frames.join('\n');
  }

  function formatError(err, constructor, tag, ctx, keys) {
    const name = err.name != null ? String(err.name) : 'Error';
    let stack = typeof err.stack === 'string' && err.stack !== '' ?
      err.stack : Error.prototype.toString.call(err);
    // Node leaves `name` and `message` out of the listed keys when they are shown.
    for (const k of ['name', 'message', 'stack']) {
      const i = keys.indexOf(k);
      if (i !== -1 && (k === 'stack' || stack.includes(String(err[k])))) keys.splice(i, 1);
    }
    // An error whose constructor differs from its name says both (`[TypeError]`).
    if (constructor !== null && name.endsWith('Error') && stack.startsWith(name) &&
        constructor !== name && !name.startsWith(`${constructor} `) &&
        !constructor.includes(name)) {
      stack = `${constructor} [${name}]${stack.slice(name.length)}`;
    }
    const message = err.message != null ? String(err.message) : '';
    let pos = (message && stack.indexOf(message)) || -1;
    if (pos !== -1) pos += message.length;
    const stackStart = stack.indexOf('\n    at', pos);
    if (stackStart === -1) {
      stack = `[${stack}]`;
    } else {
      stack = removeCauseFrames(err, stack);
    }
    if (ctx.indentationLvl !== 0) {
      stack = stack.replaceAll('\n', `\n${' '.repeat(ctx.indentationLvl)}`);
    }
    return stack;
  }

  function formatArray(ctx, value, recurseTimes) {
    const len = Math.min(Math.max(0, ctx.maxArrayLength), value.length);
    const output = [];
    let i = 0;
    while (i < len) {
      if (!Object.prototype.hasOwnProperty.call(value, i)) {
        let j = i;
        while (j < value.length && !Object.prototype.hasOwnProperty.call(value, j)) j++;
        const empty = j - i;
        output.push(`<${empty} empty item${empty > 1 ? 's' : ''}>`);
        i = j;
        continue;
      }
      output.push(formatProperty(ctx, value, recurseTimes, i, kArrayType));
      i++;
    }
    const remaining = value.length - i;
    if (remaining > 0) output.push(`... ${remaining} more item${remaining > 1 ? 's' : ''}`);
    return output;
  }

  function formatTypedArray(ctx, value) {
    const len = Math.min(Math.max(0, ctx.maxArrayLength), value.length);
    const output = [];
    for (let i = 0; i < len; i++) {
      output.push(typeof value[i] === 'bigint' ? `${value[i]}n` : formatNumber(value[i]));
    }
    const remaining = value.length - len;
    if (remaining > 0) output.push(`... ${remaining} more item${remaining > 1 ? 's' : ''}`);
    return output;
  }

  function hexBytes(bytes, max) {
    let str = '';
    const len = Math.min(max, bytes.length);
    for (let i = 0; i < len; i++) {
      str += `${i === 0 ? '' : ' '}${bytes[i].toString(16).padStart(2, '0')}`;
    }
    const remaining = bytes.length - len;
    if (remaining > 0) str += ` ... ${remaining} more byte${remaining > 1 ? 's' : ''}`;
    return str;
  }

  // `<Buffer 68 69>` as Node's Buffer.prototype[inspect.custom] prints it.
  function formatBuffer(ctx, value) {
    const str = hexBytes(value, 50);
    // Node keeps the space even with no bytes: `<Buffer >`.
    return `<${getConstructorName(value) || 'Buffer'} ${str}>`;
  }

  function formatArrayBuffer(ctx, value) {
    return [`[Uint8Contents]: <${hexBytes(new Uint8Array(value), ctx.maxArrayLength)}>`];
  }

  function formatSet(ctx, value, recurseTimes) {
    const output = [];
    ctx.indentationLvl += 2;
    for (const v of value) output.push(formatValue(ctx, v, recurseTimes));
    ctx.indentationLvl -= 2;
    return output;
  }

  function formatMap(ctx, value, recurseTimes) {
    const output = [];
    ctx.indentationLvl += 2;
    for (const [k, v] of value) {
      output.push(`${formatValue(ctx, k, recurseTimes)} => ${formatValue(ctx, v, recurseTimes)}`);
    }
    ctx.indentationLvl -= 2;
    return output;
  }

  function formatProperty(ctx, value, recurseTimes, key, type) {
    let str;
    const desc = Object.getOwnPropertyDescriptor(value, key) ||
      { value: value[key], enumerable: true };
    if (desc.value !== undefined) {
      ctx.indentationLvl += 2;
      str = formatValue(ctx, desc.value, recurseTimes);
      ctx.indentationLvl -= 2;
    } else if (desc.get !== undefined) {
      str = desc.set !== undefined ? '[Getter/Setter]' : '[Getter]';
    } else if (desc.set !== undefined) {
      str = '[Setter]';
    } else {
      str = 'undefined';
    }
    if (type === kArrayType) return str;
    let name;
    if (typeof key === 'symbol') {
      name = `[${key.toString()}]`;
    } else if (desc.enumerable === false) {
      name = `[${key}]`;
    } else if (keyStrRegExp.test(key)) {
      name = key;
    } else {
      name = strEscape(key);
    }
    return `${name}: ${str}`;
  }

  function isBelowBreakLength(ctx, output, start, base) {
    let totalLength = output.length + start;
    if (totalLength + output.length > ctx.breakLength) return false;
    for (const entry of output) {
      totalLength += entry.length;
      if (totalLength > ctx.breakLength) return false;
    }
    return base === '' || !base.includes('\n');
  }

  // Arrays of more than six entries are laid out in columns when the entries are
  // short enough: as square as possible (a character is taken as 2.5 times as high as
  // wide), at most 15 columns.
  function groupArrayElements(ctx, output, value) {
    let totalLength = 0;
    let maxLength = 0;
    let outputLength = output.length;
    if (ctx.maxArrayLength < output.length) outputLength--; // the "... more items"
    const separatorSpace = 2;
    const dataLen = new Array(outputLength);
    for (let i = 0; i < outputLength; i++) {
      const len = output[i].length;
      dataLen[i] = len;
      totalLength += len + separatorSpace;
      if (maxLength < len) maxLength = len;
    }
    const actualMax = maxLength + separatorSpace;
    if (actualMax * 3 + ctx.indentationLvl < ctx.breakLength &&
        (totalLength / actualMax > 5 || maxLength <= 6)) {
      const approxCharHeights = 2.5;
      const averageBias = Math.sqrt(actualMax - totalLength / output.length);
      const biasedMax = Math.max(actualMax - 3 - averageBias, 1);
      const columns = Math.min(
        Math.round(Math.sqrt(approxCharHeights * biasedMax * outputLength) / biasedMax),
        Math.floor((ctx.breakLength - ctx.indentationLvl) / actualMax),
        ctx.compact * 4,
        15,
      );
      if (columns <= 1) return output;
      const tmp = [];
      const maxLineLength = [];
      for (let i = 0; i < columns; i++) {
        let lineLength = 0;
        for (let j = i; j < output.length; j += columns) {
          if (dataLen[j] > lineLength) lineLength = dataLen[j];
        }
        maxLineLength.push(lineLength + separatorSpace);
      }
      // Numbers line up on the right, anything else on the left.
      let padStart = true;
      if (value !== undefined) {
        for (let i = 0; i < output.length; i++) {
          if (typeof value[i] !== 'number' && typeof value[i] !== 'bigint') {
            padStart = false;
            break;
          }
        }
      }
      for (let i = 0; i < outputLength; i += columns) {
        const max = Math.min(i + columns, outputLength);
        let str = '';
        let j = i;
        for (; j < max - 1; j++) {
          const cell = `${output[j]}, `;
          str += padStart ? cell.padStart(maxLineLength[j - i], ' ') :
            cell.padEnd(maxLineLength[j - i], ' ');
        }
        str += padStart ? output[j].padStart(maxLineLength[j - i] - separatorSpace, ' ') :
          output[j];
        tmp.push(str);
      }
      if (ctx.maxArrayLength < output.length) tmp.push(output[outputLength]);
      return tmp;
    }
    return output;
  }

  function reduceToSingleString(ctx, output, base, braces, extrasType, recurseTimes, value) {
    const entries = output.length;
    if (extrasType === kArrayExtrasType && entries > 6) {
      output = groupArrayElements(ctx, output, value);
    }
    if (ctx.currentDepth - recurseTimes < ctx.compact && entries === output.length) {
      const start = output.length + ctx.indentationLvl + braces[0].length + base.length + 10;
      if (isBelowBreakLength(ctx, output, start, base)) {
        const joined = output.join(', ');
        if (!joined.includes('\n')) {
          return `${base ? `${base} ` : ''}${braces[0]} ${joined} ${braces[1]}`;
        }
      }
    }
    const indentation = `\n${' '.repeat(ctx.indentationLvl)}`;
    return `${base ? `${base} ` : ''}${braces[0]}${indentation}  ${
      output.join(`,${indentation}  `)}${indentation}${braces[1]}`;
  }

  function inspect(value, opts) {
    const ctx = {
      ...defaultOptions,
      seen: [],
      indentationLvl: 0,
      currentDepth: 0,
      bufferClass: exports.bufferClass,
    };
    if (typeof opts === 'boolean') {
      ctx.showHidden = opts;
    } else if (opts) {
      for (const key of Object.keys(opts)) {
        if (Object.prototype.hasOwnProperty.call(defaultOptions, key)) ctx[key] = opts[key];
      }
    }
    if (ctx.maxArrayLength === null) ctx.maxArrayLength = Infinity;
    if (ctx.maxStringLength === null) ctx.maxStringLength = Infinity;
    return formatValue(ctx, value, 0);
  }
  inspect.custom = customInspectSymbol;
  inspect.defaultOptions = defaultOptions;

  function tryStringify(value) {
    try {
      return JSON.stringify(value);
    } catch (err) {
      if (err instanceof TypeError && /circular/i.test(err.message)) return '[Circular]';
      throw err;
    }
  }

  function hasBuiltInToString(value) {
    // Objects whose own class (or themselves) define toString print through it (%s).
    if (Object.prototype.hasOwnProperty.call(value, 'toString')) return false;
    let proto = Object.getPrototypeOf(value);
    while (proto !== null && proto !== Object.prototype) {
      if (Object.prototype.hasOwnProperty.call(proto, 'toString')) {
        const ctor = proto.constructor;
        return typeof ctor === 'function' && /^(Array|Date|RegExp|Error|Function|Number|String|Boolean|Symbol|BigInt|Map|Set|Promise)$/.test(ctor.name) ||
          (typeof ctor === 'function' && ctor.name.endsWith('Error'));
      }
      proto = Object.getPrototypeOf(proto);
    }
    return true;
  }

  // util.format: printf-like %s %d %i %f %j %o %O %c %%, the rest joined by spaces.
  function format(...args) {
    return formatWithOptions(undefined, ...args);
  }

  function formatWithOptions(inspectOptions, ...args) {
    const first = args[0];
    let a = 0;
    let str = '';
    let join = '';
    if (typeof first === 'string') {
      if (args.length === 1) return first;
      let tempStr;
      let lastPos = 0;
      for (let i = 0; i < first.length - 1; i++) {
        if (first.charCodeAt(i) !== 37) continue; // '%'
        const nextChar = first.charCodeAt(++i);
        if (a + 1 !== args.length) {
          switch (nextChar) {
            case 115: { // 's'
              const arg = args[++a];
              if (typeof arg === 'number') tempStr = formatNumber(arg);
              else if (typeof arg === 'bigint') tempStr = `${arg}n`;
              else if (typeof arg !== 'object' || arg === null || !hasBuiltInToString(arg)) {
                tempStr = String(arg);
              } else {
                tempStr = inspect(arg, { ...inspectOptions, depth: 0, colors: false, compact: 3 });
              }
              break;
            }
            case 106: tempStr = tryStringify(args[++a]); break; // 'j'
            case 100: { // 'd'
              const n = args[++a];
              if (typeof n === 'bigint') tempStr = `${n}n`;
              else if (typeof n === 'symbol') tempStr = 'NaN';
              else tempStr = formatNumber(Number(n));
              break;
            }
            case 79: tempStr = inspect(args[++a], inspectOptions); break; // 'O'
            case 111: // 'o'
              tempStr = inspect(args[++a], { ...inspectOptions, showHidden: true, showProxy: true, depth: 4 });
              break;
            case 105: { // 'i'
              const n = args[++a];
              if (typeof n === 'bigint') tempStr = `${n}n`;
              else if (typeof n === 'symbol') tempStr = 'NaN';
              else tempStr = formatNumber(Number.parseInt(n));
              break;
            }
            case 102: { // 'f'
              const n = args[++a];
              tempStr = typeof n === 'symbol' ? 'NaN' : formatNumber(Number.parseFloat(n));
              break;
            }
            case 99: a += 1; tempStr = ''; break; // 'c': CSS, ignored
            case 37: // '%'
              str += first.slice(lastPos, i);
              lastPos = i + 1;
              continue;
            default:
              continue;
          }
          if (lastPos !== i - 1) str += first.slice(lastPos, i - 1);
          str += tempStr;
          lastPos = i + 1;
        } else if (nextChar === 37) {
          str += first.slice(lastPos, i);
          lastPos = i + 1;
        }
      }
      if (lastPos !== 0) {
        a++;
        join = ' ';
        if (lastPos < first.length) str += first.slice(lastPos);
      }
    }
    while (a < args.length) {
      const value = args[a];
      str += join;
      str += typeof value !== 'string' ? inspect(value, inspectOptions) : value;
      join = ' ';
      a++;
    }
    return str;
  }

  exports.inspect = inspect;
  exports.format = format;
  exports.formatWithOptions = formatWithOptions;
  exports.isError = isError;
  // Set by js/node/buffer.js so Buffers print as `<Buffer ..>`.
  exports.bufferClass = undefined;
})
