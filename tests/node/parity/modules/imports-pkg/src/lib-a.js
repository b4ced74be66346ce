module.exports = 'lib a via pattern';
