console.log(typeof require, typeof module, typeof exports, exports === module.exports, this === module.exports);
console.log(__filename.endsWith('/modules/wrapper.js'), __dirname.endsWith('/modules'));
console.log(require.main === module, module.id, module.loaded, typeof require.cache);
console.log(arguments.length);
