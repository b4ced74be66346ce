for (const v of ['7', 2.5, 'x', null, undefined, {}]) {
  try { process.exitCode = v; console.log('ok', JSON.stringify(v), process.exitCode); } catch (e) { console.log(e.code, e.message); }
}
process.exitCode = 0;
