console.log('before');
function boom() {
  throw new TypeError('boom');
}
boom();
