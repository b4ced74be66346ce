const p = new URLSearchParams('a=1&&b=&=c&d');
console.log([...p], p.toString(), p.get(''), p.get('d'));
console.log(new URLSearchParams('q=%zz%20%41+b').get('q'), new URLSearchParams({ emoji: '😀', sp: 'a b+c' }).toString());
const u = new URL('http://x/?a=1&b=2');
u.searchParams.sort(); u.searchParams.set('a', '3');
console.log(u.search, u.searchParams.has('b', '2'), u.searchParams.has('b', '9'));
u.search = '?z=26';
console.log(u.searchParams.get('z'), [...u.searchParams.keys()]);
try { new URLSearchParams([['only one']]); } catch (e) { console.log(e.code, e.message); }
