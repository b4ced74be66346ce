import def, { main } from 'esm-pkg';
import { feature } from 'esm-pkg/feature/a';
import pkg from 'esm-pkg/package.json' with { type: 'json' };
import { both } from './typed-cjs/uses-legacy.js';
import mapDefault, { kind } from 'exports-map-esm-check';
console.log(def, main, feature, pkg.name, both, mapDefault, kind);
