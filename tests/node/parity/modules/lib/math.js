exports.double = (x) => 2 * x;
exports.loadedFrom = module.parent ? 'child' : 'main';
