// V8 versions word JSON.parse's message differently; the file name prefix is Node's.
try { require('./lib/broken.json'); } catch (e) { console.log(e.name, e.message.replace(__dirname, '<dir>').split(': ')[0]); }
