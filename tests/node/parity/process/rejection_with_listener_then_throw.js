process.on('unhandledRejection', (reason) => {
  console.log('listener got', reason);
  throw new Error('thrown from listener');
});
Promise.reject('plain reason');
