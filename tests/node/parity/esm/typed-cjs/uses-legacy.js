import legacy from './legacy.cjs';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
export const both = [legacy.legacy, require('./legacy.cjs') === legacy];
