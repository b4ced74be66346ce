import { readFileSync } from 'fs';
import fsDefault from 'node:fs';
import { format } from 'node:util';
import process2 from 'process';
console.log(readFileSync === fsDefault.readFileSync, format('%s!', 'x'), process2 === process);
