function named() {}
class K {}
class L extends K {}
console.log(named, () => {}, K, L, async function af() {}, function* gen() {});
console.log([named], { f: named });
console.log(Math.max, Object);
