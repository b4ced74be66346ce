import { a, fromB } from './cycle-a.mjs';
export const b = 'b';
export function check() { return [a, fromB()]; }
