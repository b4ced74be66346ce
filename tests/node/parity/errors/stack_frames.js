function a() { return b(); }
function b() { return new Error('where').stack.split('\n').slice(0, 3).join('\n'); }
console.log(a());
const obj = { method() { return new Error('m').stack.split('\n')[1].trim(); } };
console.log(obj.method());
class K { static make() { return new Error('k').stack.split('\n')[1].trim(); } }
console.log(K.make());
console.log(Error.captureStackTrace !== undefined, typeof Error.stackTraceLimit);
