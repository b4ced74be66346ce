console.log('b runs after a finished');
