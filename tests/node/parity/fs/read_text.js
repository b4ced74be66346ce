const fs = require('fs');
const path = __dirname + '/data/text.txt';
const text = fs.readFileSync(path, 'utf8');
console.log(JSON.stringify(text), text.length);
const bytes = fs.readFileSync(path);
console.log(bytes.length, bytes[0], bytes.toString('hex').slice(0, 12), Buffer.isBuffer(bytes));
console.log(bytes.subarray(0, 6));
console.log(fs.readFileSync(path, { encoding: 'latin1' }).slice(0, 4));
console.log(require('node:fs').readFileSync === fs.readFileSync);
