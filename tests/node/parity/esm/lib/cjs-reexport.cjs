module.exports = require('./cjs-named.cjs');
