export { double as twice } from './lib/math.mjs';
export * from './lib/math.mjs';
export * as mathNs from './lib/math.mjs';
const self = await import('./export_forms.mjs');
console.log(Object.keys(self), self.twice(4), self.mathNs.double(1));
