const { types } = require('util');
const samples = {
  date: new Date(), regexp: /x/, map: new Map(), set: new Set(), promise: Promise.resolve(),
  asyncFn: async () => {}, genFn: function* () {}, gen: (function* () {})(), boxed: new String('s'),
  error: new TypeError('t'), typed: new Uint8Array(1), f64: new Float64Array(1), ab: new ArrayBuffer(1),
  dv: new DataView(new ArrayBuffer(1)), proxy: new Proxy({}, {}), weakMap: new WeakMap(), args: (function () { return arguments; })(),
  mapIter: new Map().keys(), plain: {},
};
for (const [name, v] of Object.entries(samples)) {
  const hits = Object.keys(types).filter((k) => types[k](v));
  console.log(name, hits.join(','));
}
console.log(require('util/types') === types);
