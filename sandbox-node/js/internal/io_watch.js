// The event loop's poll phase (src/event_loop.rs calls `poll`): descriptors watched
// for readiness (a child's pipes), children watched for their end, and handled
// signals. One kernel poll(2) waits for all of them and for the next timer; a child's
// end interrupts it (SIGCHLD has a handled disposition from the first watched child on),
// after which every watched child is asked with waitpid(WNOHANG).
//
// Callbacks are queued here and run one per `runNext()` (from timers' `runNextTask`,
// between timers and immediates, as libuv's poll phase), so an exception in one is an
// ordinary uncaught exception of one macrotask.
(function (exports, require, ops, info, module) {
  'use strict';

  const {
    op_io_poll, op_proc_wait, op_proc_sigaction, op_proc_take_signals,
  } = ops;

  const SIGCHLD = 17;
  const EINTR = -4;
  const WNOHANG = 1;

  // fd -> { events, callback(revents), refed }
  const watchers = new Map();
  // pid -> { callback(status), refed }
  const children = new Map();
  const pending = [];
  let sigchldHandled = false;
  let onSignal = null;

  function watch(fd, events, callback) {
    watchers.set(fd, { events, callback, refed: true });
  }

  function unwatch(fd) {
    watchers.delete(fd);
  }

  function setRef(fd, refed) {
    const w = watchers.get(fd);
    if (w !== undefined) w.refed = refed;
  }

  // `callback(status)` runs once, with the child's wait status, when it ends.
  function watchChild(pid, callback) {
    if (!sigchldHandled) {
      sigchldHandled = true;
      op_proc_sigaction(SIGCHLD, 2);
    }
    children.set(pid, { callback, refed: true });
  }

  function setChildRef(pid, refed) {
    const c = children.get(pid);
    if (c !== undefined) c.refed = refed;
  }

  // Waits for a watched child now (spawnSync, or a child no one else waits for).
  function reapChildren() {
    for (const [pid, child] of children) {
      const r = op_proc_wait(pid, WNOHANG);
      if (typeof r === 'number') {
        // ECHILD: someone else reaped it; there is no status to report.
        children.delete(pid);
        continue;
      }
      if (r[0] === pid) {
        children.delete(pid);
        pending.push(() => child.callback(r[1]));
      }
    }
  }

  function takeSignals() {
    const signals = op_proc_take_signals();
    for (const signo of signals) {
      if (signo === SIGCHLD) continue;
      if (onSignal !== null) pending.push(() => onSignal(signo));
    }
  }

  // Something keeps the loop alive: a referenced watcher or child, or a queued callback.
  function alive() {
    if (pending.length > 0) return true;
    for (const w of watchers.values()) if (w.refed) return true;
    for (const c of children.values()) if (c.refed) return true;
    return false;
  }

  function hasPending() {
    return pending.length > 0;
  }

  // The poll phase: false when nothing is watched and nothing is queued (the loop
  // then sleeps for its timers).
  function poll(timeoutMs) {
    takeSignals();
    // With signal listeners to run, the loop must not sleep first.
    if (watchers.size === 0 && children.size === 0) return pending.length > 0;
    if (pending.length > 0) timeoutMs = 0;
    reapChildren();
    if (pending.length > 0) timeoutMs = 0;
    const fds = [];
    const events = [];
    for (const [fd, w] of watchers) {
      fds.push(fd);
      events.push(w.events);
    }
    const revents = op_io_poll(fds, events, timeoutMs);
    if (revents === EINTR) {
      takeSignals();
      reapChildren();
    } else if (typeof revents !== 'number') {
      for (let i = 0; i < fds.length; i++) {
        if (revents[i] !== 0) {
          const w = watchers.get(fds[i]);
          if (w !== undefined) pending.push(() => w.callback(revents[i]));
        }
      }
      // A child that ended during a zero-timeout poll raised no EINTR to see.
      if (timeoutMs === 0) reapChildren();
    }
    takeSignals();
    return true;
  }

  // Runs one queued callback; false when none is queued.
  function runNext() {
    const next = pending.shift();
    if (next === undefined) return false;
    next();
    return true;
  }

  function setSignalListener(fn) {
    onSignal = fn;
  }

  module.exports = {
    watch, unwatch, setRef, watchChild, setChildRef, alive, hasPending, poll, runNext,
    setSignalListener, reapChildren,
  };
})
