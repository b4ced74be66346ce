import transpiled, * as ns from './lib/transpiled.cjs';
console.log(typeof transpiled, Object.keys(ns).sort(), ns.default === transpiled, transpiled.default);
