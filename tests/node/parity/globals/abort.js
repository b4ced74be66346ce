const ac = new AbortController();
const { signal } = ac;
console.log(signal.aborted, signal.reason, typeof signal.throwIfAborted);
signal.addEventListener('abort', (e) => console.log('abort event', e.type, e.target === signal));
signal.onabort = () => console.log('onabort');
ac.abort();
console.log(signal.aborted, signal.reason.name, signal.reason.message, signal.reason instanceof DOMException);
ac.abort('again');
const custom = AbortSignal.abort('why');
console.log(custom.aborted, custom.reason);
try { custom.throwIfAborted(); } catch (e) { console.log('thrown', e); }
const t = AbortSignal.timeout(1);
t.addEventListener('abort', () => console.log('timeout', t.reason.name, t.reason.message));
const any = AbortSignal.any([new AbortController().signal, custom]);
console.log('any', any.aborted, any.reason);
