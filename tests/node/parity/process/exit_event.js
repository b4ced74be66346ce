process.on('exit', (code) => {
  console.log('exiting with', code);
  process.exitCode = 9;
});
console.log('main');
