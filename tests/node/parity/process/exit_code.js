process.exitCode = 5;
console.log('still runs');
