process.on('uncaughtException', (err, origin) => {
  console.log('caught', err.message, origin);
});
setTimeout(() => console.log('after'), 1);
throw new Error('boom');
