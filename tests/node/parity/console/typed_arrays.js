console.log(new Uint8Array([1, 2, 3]), new Float64Array(2), new Int16Array(0));
console.log(new ArrayBuffer(4));
