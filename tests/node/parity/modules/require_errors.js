for (const bad of [42, '', undefined]) {
  try { require(bad); } catch (e) { console.log(e.code, e.name, e.message); }
}
