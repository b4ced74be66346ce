process.on('unhandledRejection', (reason, promise) => {
  console.log('unhandled', reason.message, promise instanceof Promise);
});
Promise.reject(new Error('rejected'));
setTimeout(() => console.log('still alive'), 1);
