const assert = require('assert');
try { assert.strictEqual({ a: 1 }, { a: 1 }); } catch (e) {
  console.log(e.name, e.code, e.operator, e.generatedMessage, e.actual, e.expected);
  console.log(e.message.split('\n')[0]);
}
try { assert.notDeepStrictEqual([1], [1]); } catch (e) { console.log(e.message); }
try { assert.equal(null, undefined); console.log('null == undefined'); } catch (e) { console.log(e.message); }
try { assert.notEqual('1', 1); } catch (e) { console.log(e.message); }
console.log(Object.prototype.toString.call(new assert.AssertionError({ message: 'm' })), new assert.AssertionError({ message: 'm' }).message);
