try {
  require('./lib/bad_syntax.js');
} catch (e) {
  console.log(e.name, e.message);
}
