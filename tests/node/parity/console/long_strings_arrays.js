console.log(['x'.repeat(20), 'y'.repeat(20), 'z'.repeat(20), 'w'.repeat(20)]);
console.log({ longKeyNameNumberOne: 'value one', longKeyNameNumberTwo: 'value two', three: 3 });
console.log(Array.from({ length: 27 }, (_, i) => String.fromCharCode(97 + (i % 26)).repeat(i % 5 + 1)));
console.log([[1, 2, [3, 4, [5, [6]]]], { a: [{ b: { c: {} } }] }]);
console.log('multi\nline', ['multi\nline']);
console.log(new Array(3).fill({ same: 'object' }));
