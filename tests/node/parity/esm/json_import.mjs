// Node 20 names the missing attribute ERR_IMPORT_ASSERTION_TYPE_MISSING, Node 22
// ERR_IMPORT_ATTRIBUTE_MISSING (the sandbox's): only what both share is printed.
import data from './lib/data.json' with { type: 'json' };
console.log(data);
try { await import('./lib/data.json'); } catch (e) { console.log(e.name, e.code.startsWith('ERR_IMPORT_A')); }
