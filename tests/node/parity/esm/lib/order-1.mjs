console.log('order 1 evaluated');
