// When the process started, read once while bootstrapping: the kernel's monotonic
// clock and the wall clock (`performance.timeOrigin`, `performance.now()`'s zero).
(function (exports, require, ops) {
  'use strict';

  exports.startMono = ops.op_time_now();
  exports.startWall = Date.now();
})
