import './lib/order-1.mjs';
import './lib/order-2.cjs';
console.log('main evaluated');
