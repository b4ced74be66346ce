const sym = Symbol('k');
console.log({ [sym]: 1, regular: 2 }, [Symbol.for('g')]);
class A { #priv = 1; constructor() { this.pub = 2; } get computed() { return 3; } static s = 4; }
console.log(new A(), A, Object.getOwnPropertyNames(A.prototype));
console.log(Object.create({ inherited: 1 }), Object.assign(Object.create(null), { x: 1 }));
const frozen = Object.freeze({ f: 1 });
console.log(frozen, Object.isFrozen(frozen));
console.log([function namedFn() {}, class {}, Symbol.iterator, 123n]);
console.log({ 'key with spaces': 1, valid_id: 2, 3: 'num', 'π': 4 });
