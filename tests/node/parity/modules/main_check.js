console.log(require.main === module, require.main.filename === __filename, process.mainModule === module);
