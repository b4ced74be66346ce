const { double } = require('./lib/math');
console.log(double(21), require('./lib/data.json'), require('./lib/math.js') === require('./lib/math'));
console.log(require('./lib/dir'), require('./lib/dir/'), require('./lib/dir/index'));
try { require('./lib/none'); } catch (e) { console.log(e.code, e.message.split('\n')[0]); }
try { require('node:nonexistent'); } catch (e) { console.log(e.code, e.message); }
