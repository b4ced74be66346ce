import { double } from './lib/math.mjs';
const x = ;
