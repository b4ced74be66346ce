// When the process started, read once by the bootstrap's `start` (after the startup
// snapshot, never while it is made): the kernel's monotonic clock and the wall clock
// (`performance.timeOrigin`, `performance.now()`'s zero).
(function (exports, require, ops) {
  'use strict';

  exports.start = function start() {
    exports.startMono = ops.op_time_now();
    exports.startWall = Date.now();
  };
})
