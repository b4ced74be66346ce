const rel = (p) => p.replace(__dirname, '<dir>');
console.log(rel(require.resolve('./lib/math')), rel(require.resolve('./lib/data.json')));
console.log(rel(require.resolve('plain')), rel(require.resolve('exports-map')), require.resolve('fs'), require.resolve('node:path'));
console.log(require.resolve.paths('fs'), require.resolve.paths('./x').map(rel));
// Only the directories inside the parity tree: above it, the host's differ.
console.log(require.resolve.paths('plain').slice(0, 1).map(rel));
console.log(rel(require.resolve('./math', { paths: [__dirname + '/lib'] })));
try { require.resolve('./nope'); } catch (e) { console.log(e.code); }
try { require.resolve(42); } catch (e) { console.log(e.code, e.message); }
