const a = Buffer.from('abc');
const b = Buffer.from('abd');
console.log(a.equals(Buffer.from('abc')), a.equals(b), Buffer.compare(a, b), Buffer.compare(b, a), a.compare(a));
console.log(a.indexOf('b'), a.includes('c'), a.indexOf('z'));
