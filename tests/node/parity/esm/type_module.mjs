import { typed } from './typed/mod.js';
console.log(typed);
