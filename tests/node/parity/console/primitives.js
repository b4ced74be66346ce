console.log('string', 42, -0, 0, 1.5, 1e21, 1n, NaN, Infinity, -Infinity, null, undefined, true, false);
console.log(['nested', ['deeper', ['deepest', ['gone']]]]);
console.log(Symbol('s'), Symbol(), Symbol.iterator);
