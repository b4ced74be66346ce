const ns = require('./lib/esm-for-require.mjs');
console.log(ns.named, ns.default);
import('./lib/math.mjs').then((m) => console.log('dynamic from cjs', m.double(1)));
