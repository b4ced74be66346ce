console.log(require('./self-pkg/main.js').extra);
