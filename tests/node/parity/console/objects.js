console.log({ a: 1, b: 'x', c: [1, 2, { d: null }], e: undefined, f() {}, g: () => 1, s: Symbol('s') });
console.log({ x: { y: { z: { w: 1 } } } });
console.log({}, [], Object.create(null), { 'a-b': 1, "it's": "it's", 1: 'one' });
class Point { constructor() { this.x = 1; this.y = 2; } }
console.log(new Point(), [new Point()]);
class Empty {}
console.log(new Empty());
