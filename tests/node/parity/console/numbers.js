console.log(0.1 + 0.2, 1 / 3, 123456789012345680000, 5e-7, -1e-7, 2 ** 53);
console.log([0.5, -0, -1.25], { n: -0 });
console.log(new Number(3), new String('s'), new Boolean(false));
