console.log(require('#internal'), require('#lib/a'), require('#dep').name);
try { require('#nope'); } catch (e) { console.log(e.code, e.message.replace(__dirname, '<dir>')); }
