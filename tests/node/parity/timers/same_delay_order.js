// Timers with the same delay run in the order they were created; a timer created by a
// running timer never runs in the same pass as it.
setTimeout(() => {
  console.log('outer');
  setTimeout(() => console.log('inner'), 0);
  Promise.resolve().then(() => console.log('microtask of outer'));
}, 3);
for (let i = 0; i < 5; i++) setTimeout(() => console.log('timer', i), 3);
