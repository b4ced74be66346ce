const assert = require('assert');
const show = (f) => { try { f(); console.log('passed'); } catch (e) { console.log(e.name, JSON.stringify(e.message)); } };
show(() => assert.throws(() => { throw new TypeError('bad'); }, TypeError));
show(() => assert.throws(() => { throw new TypeError('bad'); }, /bad/));
show(() => assert.throws(() => { throw new TypeError('bad'); }, { name: 'TypeError', message: 'bad' }));
show(() => assert.throws(() => {}));
show(() => assert.throws(() => {}, TypeError, 'should throw'));
show(() => assert.throws(() => { throw new RangeError('r'); }, TypeError));
show(() => assert.throws(() => { throw new Error('x'); }, (e) => e.message === 'x'));
show(() => assert.doesNotThrow(() => {}));
show(() => assert.doesNotThrow(() => { throw new Error('unwanted'); }));
show(() => assert.match('abc', /b/));
show(() => assert.match('abc', /x/));
show(() => assert.doesNotMatch('abc', /b/));
(async () => {
  await assert.rejects(Promise.reject(new Error('r')), /r/).then(() => console.log('rejects ok'));
  await assert.rejects(Promise.resolve(1)).catch((e) => console.log(e.name, e.message));
  await assert.doesNotReject(Promise.resolve(1)).then(() => console.log('doesNotReject ok'));
})();
