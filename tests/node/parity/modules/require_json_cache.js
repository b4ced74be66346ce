const a = require('./lib/data.json');
a.mutated = true;
console.log(require('./lib/data.json').mutated, require.cache[require.resolve('./lib/data.json')].loaded);
