import './lib/tla-a.mjs';
import './lib/tla-b.mjs';
console.log('main after both');
