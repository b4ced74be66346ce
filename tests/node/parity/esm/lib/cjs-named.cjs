exports.alpha = 'a';
exports.beta = function beta() { return 'b'; };
module.exports.gamma = 3;
