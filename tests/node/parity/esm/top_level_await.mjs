import { value } from './lib/tla.mjs';
console.log('imported', value);
const later = await new Promise((resolve) => setTimeout(() => resolve('later'), 1));
console.log(later);
