const assert = require('assert');
try { assert.ok(1 === 2); } catch (e) { console.log(e.message); }
try { assert(typeof 'x' === 'number', undefined); } catch (e) { console.log(e.message); }
try { assert.ok(); } catch (e) { console.log(e.message); }
try { assert(0, new TypeError('own error')); } catch (e) { console.log(e.name, e.message); }
