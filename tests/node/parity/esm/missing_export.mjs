import { nope } from './lib/math.mjs';
console.log(nope);
