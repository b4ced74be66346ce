console.log('before');
throw new Error('from esm');
