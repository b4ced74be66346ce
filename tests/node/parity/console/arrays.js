console.log(Array.from({ length: 120 }, (_, i) => i));
console.log(['apple', 'banana', 'cherry', 'date', 'elderberry', 'fig', 'grape']);
console.log([undefined, , 3], new Array(5), [1, , , 4]);
console.log(['a'.repeat(30), 'b'.repeat(30), 'c'.repeat(30)]);
console.log(Array.from({ length: 30 }, (_, i) => 'item' + i));
