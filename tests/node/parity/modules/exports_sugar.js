const { kind } = require('exports-sugar');
console.log(kind);
try { require('exports-sugar/anything'); } catch (e) { console.log(e.code); }
