import named, { alpha, beta, gamma } from './lib/cjs-named.cjs';
import obj from './lib/cjs-object.cjs';
import fn, { extra } from './lib/cjs-function.cjs';
import * as reexported from './lib/cjs-reexport.cjs';
import { fromPackage } from 'cjs-dep';
console.log(alpha, beta(), gamma, named);
console.log(obj, fn(), extra);
console.log(Object.keys(reexported).sort(), fromPackage);
