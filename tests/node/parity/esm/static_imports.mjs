import triple, { double, counter, bump } from './lib/math.mjs';
import * as ns from './lib/math.mjs';
console.log(double(2), triple(2), counter);
bump();
console.log(counter, ns.counter, Object.keys(ns), typeof ns.default);
console.log(Object.prototype.toString.call(ns), ns[Symbol.toStringTag]);
