import { check } from './lib/cycle-b.mjs';
console.log(check());
