module.exports = 'self-referenced extra';
