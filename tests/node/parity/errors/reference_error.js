console.log('start');
undefinedFunction();
