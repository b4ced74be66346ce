process.emitWarning('plain');
process.emitWarning('typed', 'CustomWarning');
process.emitWarning('with code', 'CustomWarning', 'CODE001');
process.emitWarning('via options', { type: 'OptWarning', code: 'OPT1', detail: 'more detail here' });
const err = new Error('an error object');
err.name = 'ErrWarning';
process.emitWarning(err);
process.emitWarning('deprecated thing', 'DeprecationWarning', 'DEP9999');
try { process.emitWarning(42); } catch (e) { console.log(e.code); }
