setTimeout(() => { console.log('timer'); process.exit(7); }, 5);
process.on('exit', (c) => console.log('exit event', c));
