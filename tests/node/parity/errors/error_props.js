const e = new Error('msg', { cause: 'why' });
console.log(e.message, e.cause, e.name, e instanceof Error);
class MyError extends Error {
  constructor(m) { super(m); this.name = 'MyError'; }
}
const m = new MyError('mine');
console.log(m.name, m.message, String(m), m instanceof MyError);
console.log(Object.prototype.toString.call(e));
