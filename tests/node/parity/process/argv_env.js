console.log(process.argv.length, typeof process.argv[0], process.argv[1].endsWith('argv_env.js'));
console.log(process.env.NOT_SET, Object.keys(process.env).length);
console.log(typeof process.pid, process.platform, typeof process.version, process.version.startsWith('v'));
