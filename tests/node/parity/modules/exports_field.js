const m = require('exports-map');
console.log(m.kind, m.helper());
console.log(require('exports-map/feature'), require('exports-map/sub/one'), require('exports-map/data.json'));
console.log(require('exports-map/package.json').name);
for (const id of ['exports-map/src/feature.js', 'exports-map/sub/private/x', 'exports-map/missing']) {
  try { require(id); } catch (e) { console.log(e.code, e.message.replace(__dirname, '<dir>')); }
}
