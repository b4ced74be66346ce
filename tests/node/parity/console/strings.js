console.log(['quote\'s', 'dq"', 'both\'"', 'back`tick', 'nl\nx', 'tab\tx', 'uni\u0001']);
console.log({ s: 'a'.repeat(100) });
console.log('top level string with \'quotes\' is raw');
