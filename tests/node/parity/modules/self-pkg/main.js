exports.extra = require('self-pkg/extra');
