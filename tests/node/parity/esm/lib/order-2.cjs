console.log('order 2 (cjs) evaluated');
