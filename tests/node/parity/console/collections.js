console.log(new Set([1, 'two', [3]]), new Map([['k', 1], [{ a: 1 }, 'obj']]));
console.log(new Set(), new Map());
console.log([new Set([1])], { m: new Map([[1, 2]]) });
