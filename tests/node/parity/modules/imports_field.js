require('./imports-pkg/main.js');
