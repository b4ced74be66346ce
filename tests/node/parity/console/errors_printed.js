const e = new Error('outer', { cause: new TypeError('inner') });
e.stack = 'Error: outer\n    at frame (file.js:1:1)';
e.cause.stack = 'TypeError: inner\n    at other (file.js:2:2)';
console.log(e);
const agg = new AggregateError([new Error('a')], 'many');
agg.stack = 'AggregateError: many';
agg.errors[0].stack = 'Error: a';
console.log(agg);
const noStack = new Error('plain');
noStack.stack = undefined;
console.log(String(noStack));
class HttpError extends Error { constructor(m) { super(m); this.name = 'HttpError'; this.status = 404; } }
const h = new HttpError('not found');
h.stack = 'HttpError: not found\n    at x (y.js:1:1)';
console.log(h);
