const f = () => {};
process.on('exit', f);
console.log(process.listenerCount('exit'), process.listeners('exit')[0] === f);
process.off('exit', f);
console.log(process.listenerCount('exit'));
process.once('exit', () => console.log('once'));
