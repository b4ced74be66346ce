const util = require('util');
class Temp { constructor() { this.c = 21; } get [Symbol.toStringTag]() { return 'Tag'; } }
console.log(new Temp(), util.inspect(new (class Foo extends Map {})([[1, 2]])));
class Base {}
class Derived extends Base { constructor() { super(); this.x = 1; } }
console.log(new Derived(), Object.getPrototypeOf(new Derived()) === Derived.prototype);
const nullProto = Object.create(null);
nullProto.a = 1;
console.log(nullProto, [nullProto]);
console.log(util.inspect({ a: 1, b: { c: 2 } }, { breakLength: 5 }));
console.log(util.inspect('quote\'s "double"'), util.inspect("only 'single'"), util.inspect('both \' " `'));
