console.log(process.argv0, process.title, process.release.name, typeof process.memoryUsage, typeof process.hrtime.bigint());
console.log(typeof process.uptime(), process.exitCode, typeof process.emitWarning, typeof process.nextTick);
console.log(Object.prototype.toString.call(process), typeof process.versions.node, process.arch);
