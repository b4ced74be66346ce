const names = ['URL', 'URLSearchParams', 'TextEncoder', 'TextDecoder', 'AbortController', 'AbortSignal', 'EventTarget', 'Event', 'DOMException', 'structuredClone', 'queueMicrotask', 'atob', 'btoa', 'setTimeout', 'setImmediate', 'Buffer', 'process', 'global', 'crypto'];
for (const n of names) console.log(n, typeof globalThis[n]);
console.log(global === globalThis, typeof crypto.getRandomValues, typeof crypto.randomUUID);
