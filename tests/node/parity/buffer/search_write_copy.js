const b = Buffer.from('hello world, hello');
console.log(b.indexOf('hello'), b.indexOf('hello', 1), b.lastIndexOf('hello'), b.indexOf(111), b.indexOf(Buffer.from('wor')), b.includes('xyz'));
console.log(b.indexOf('o', -5), b.lastIndexOf('o', 5), b.indexOf(''), b.indexOf('68656c', 'hex'));
const w = Buffer.alloc(10, '.');
console.log(w.write('héllo'), w.toString(), w.write('ab', 8), w.toString(), w.write('€€', 0, 4), w);
const t = Buffer.alloc(6, 0);
console.log(b.copy(t, 1, 0, 4), t, b.copy(t, 4), t);
console.log(Buffer.from('abcd').swap16(), Buffer.from('abcdefgh').swap32(), Buffer.from('abcdefgh').swap64().toString());
console.log(b.compare(Buffer.from('hello')), Buffer.from('a').compare(Buffer.from('b')), b.compare(b, 0, 5, 13, 18));
