//! Waiting inside the kernel: a call that cannot complete yet (a read on an empty pipe,
//! a poll) parks the thread serving its process — never another process's — and gives
//! up the moment that process dies.
//!
//! The design, and why:
//! - Each process has one [`Waker`], an eventfd. A blocked call sleeps in poll(2) on
//!   that eventfd, on the process's pidfd, and on any host descriptors it waits for
//!   (the kernel's stdio), all at once. It wakes immediately on a change, on the
//!   process's death (the call answers `EINTR` and the serve loop ends), and on host
//!   readiness, without periodic polling: a Condvar could not also wait on the pidfd
//!   or the host's stdin, and a Condvar waited on in slices would both burn CPU and
//!   add a slice of latency to every death.
//! - Each object whose readiness changes (a pipe; later sockets, ttys) has a
//!   [`WaitQueue`]. A waiter checks the object and, finding it not ready, registers its
//!   waker *under the object's lock*; whoever changes the object wakes the queue after
//!   the change. A change between the check and the sleep is therefore never lost: it
//!   leaves the eventfd readable, and the sleep returns at once. Waking only the queues
//!   of the objects that changed keeps a busy pipe from waking every poller in the
//!   sandbox.
//! - Registrations are one-shot ([`WaitQueue::wake_all`] empties the queue) and
//!   deduplicated per waker, so a queue never holds more than one entry per process;
//!   an entry left behind by a waiter that woke for another reason costs one spurious
//!   wake-up, after which the waiter re-checks and sleeps again.
//! - [`Pollable`] is what a new kind of object implements to join `poll` and blocking
//!   calls.
//! - A handled signal interrupts a blocked call: whoever posts it rings the process's
//!   waker, and a waiter made [`Waiter::interruptible`] checks its [`Interrupt`]
//!   before and after every sleep, answering `EINTR` (the serving thread then tells
//!   the runtime about the signal).

use std::os::fd::{AsFd, BorrowedFd};
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::time::Instant;

use nix::poll::{PollFd, PollFlags, PollTimeout};
use nix::sys::eventfd::{EfdFlags, EventFd};
use syscall_proto::Errno;

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // Every update under these locks is a single step; a panicked holder leaves the
    // state consistent.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Wakes one process's blocked call.
#[derive(Debug)]
pub struct Waker {
    // Non-blocking: draining an eventfd that nobody rang must not block.
    fd: EventFd,
}

impl Waker {
    /// # Errors
    /// When the host cannot create an eventfd (`EMFILE`, `ENOMEM`).
    pub fn new() -> Result<Arc<Waker>, Errno> {
        let fd = EventFd::from_value_and_flags(0, EfdFlags::EFD_NONBLOCK | EfdFlags::EFD_CLOEXEC)
            .map_err(Errno::from)?;
        Ok(Arc::new(Waker { fd }))
    }

    pub fn wake(&self) {
        // EAGAIN means the counter is saturated: the waiter is awake already.
        let _ = self.fd.write(1);
    }

    /// Forgets the wake-ups so far; the caller checks its condition right after.
    fn drain(&self) {
        let _ = self.fd.read();
    }
}

/// The wakers to wake when an object's readiness changes.
#[derive(Debug, Default)]
pub struct WaitQueue {
    waiters: Mutex<Vec<Weak<Waker>>>,
}

impl WaitQueue {
    /// Call with the object's lock held, after finding it not ready.
    pub fn register(&self, waker: &Arc<Waker>) {
        let mut waiters = lock(&self.waiters);
        waiters.retain(|w| w.strong_count() > 0);
        if !waiters.iter().any(|w| std::ptr::eq(w.as_ptr(), Arc::as_ptr(waker))) {
            waiters.push(Arc::downgrade(waker));
        }
    }

    /// Call after changing the object (its lock may be released by then).
    pub fn wake_all(&self) {
        let waiters = std::mem::take(&mut *lock(&self.waiters));
        for waker in waiters.iter().filter_map(Weak::upgrade) {
            waker.wake();
        }
    }

    /// How many wakers are registered (for the tests).
    #[cfg(test)]
    pub fn registered(&self) -> usize {
        lock(&self.waiters).len()
    }
}

/// Something a process can wait on: pipes now, sockets and ttys later.
pub trait Pollable {
    /// The [`syscall_proto::fd::poll`] bits that hold now, among `events` and those
    /// reported unasked (`POLLERR`, `POLLHUP`). When none hold and `waker` is given,
    /// registers it to be woken at the object's next change, under the same lock as
    /// the check.
    fn poll(&self, events: u16, waker: Option<&Arc<Waker>>) -> u16;
}

/// Tells a blocked call to give up with `EINTR` (a handled signal is pending).
pub trait Interrupt {
    fn interrupted(&self) -> bool;
}

/// How one blocked call waits: its process's waker, and a descriptor that becomes
/// readable when the call must give up (the process's pidfd).
pub struct Waiter<'a> {
    waker: Arc<Waker>,
    cancel: BorrowedFd<'a>,
    interrupt: Option<&'a dyn Interrupt>,
}

impl std::fmt::Debug for Waiter<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Waiter").field("waker", &self.waker).field("cancel", &self.cancel).finish()
    }
}

impl<'a> Waiter<'a> {
    pub fn new(waker: Arc<Waker>, cancel: BorrowedFd<'a>) -> Waiter<'a> {
        Waiter { waker, cancel, interrupt: None }
    }

    /// Gives up with `EINTR` whenever `interrupt` says so.
    pub fn interruptible(mut self, interrupt: &'a dyn Interrupt) -> Waiter<'a> {
        self.interrupt = Some(interrupt);
        self
    }

    fn interrupted(&self) -> bool {
        self.interrupt.is_some_and(|i| i.interrupted())
    }

    pub fn waker(&self) -> &Arc<Waker> {
        &self.waker
    }

    /// Call before each check of the condition waited for: wake-ups that arrived
    /// earlier are about changes the check sees anyway.
    pub fn prepare(&self) {
        self.waker.drain();
    }

    /// Sleeps until the waker rings, a `host` descriptor has one of its events (its
    /// `revents` are returned, in order), or `deadline` passes. `EINTR` when the cancel
    /// descriptor is readable (the process is gone and nobody wants the answer) or the
    /// call is interrupted by a signal.
    ///
    /// # Errors
    /// `EINTR` as above, or the host's errno of a failed poll(2).
    pub fn sleep(
        &self,
        deadline: Option<Instant>,
        host: &[(BorrowedFd<'_>, PollFlags)],
    ) -> Result<Vec<PollFlags>, Errno> {
        // A signal posted before the waker was drained left no wake-up behind.
        if self.interrupted() {
            return Err(Errno::EINTR);
        }
        let timeout = match deadline {
            None => PollTimeout::NONE,
            Some(d) => {
                let left = d.saturating_duration_since(Instant::now());
                // Rounded up, so a wait never returns before its deadline.
                let ms = left.as_micros().div_ceil(1000).min(i32::MAX as u128) as i32;
                PollTimeout::try_from(ms).unwrap_or(PollTimeout::MAX)
            }
        };
        let mut fds = Vec::with_capacity(2 + host.len());
        fds.push(PollFd::new(self.waker.fd.as_fd(), PollFlags::POLLIN));
        fds.push(PollFd::new(self.cancel, PollFlags::POLLIN));
        fds.extend(host.iter().map(|(fd, events)| PollFd::new(*fd, *events)));
        match nix::poll::poll(&mut fds, timeout) {
            Ok(_) | Err(nix::errno::Errno::EINTR) => {}
            Err(e) => return Err(e.into()),
        }
        if fds[1].revents().is_some_and(|r| !r.is_empty()) || self.interrupted() {
            return Err(Errno::EINTR);
        }
        Ok(fds[2..].iter().map(|f| f.revents().unwrap_or(PollFlags::empty())).collect())
    }

    /// Runs `attempt` until it answers. `attempt` returns `Ok(None)` when it must wait,
    /// having registered the waker it is given on what it waits for.
    ///
    /// # Errors
    /// What `attempt` fails with, or `EINTR` when the process is gone.
    pub fn block_on<T>(
        &self,
        mut attempt: impl FnMut(&Arc<Waker>) -> Result<Option<T>, Errno>,
    ) -> Result<T, Errno> {
        loop {
            self.prepare();
            if let Some(answer) = attempt(&self.waker)? {
                return Ok(answer);
            }
            if let Err(e) = self.sleep(None, &[]) {
                // What woke the call may also have made it ready (a child's exit
                // raises SIGCHLD): then it completes, as on Linux.
                if e == Errno::EINTR && self.interrupted() {
                    if let Some(answer) = attempt(&self.waker)? {
                        return Ok(answer);
                    }
                }
                return Err(e);
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::os::fd::OwnedFd;
    use std::time::Duration;

    use super::*;

    /// A cancel descriptor that never becomes readable (the read end of a pipe whose
    /// write end is kept open).
    pub(crate) fn never() -> (OwnedFd, OwnedFd) {
        nix::unistd::pipe().unwrap()
    }

    #[test]
    fn a_wake_before_the_sleep_is_not_lost() {
        let (r, _w) = never();
        let waiter = Waiter::new(Waker::new().unwrap(), r.as_fd());
        let queue = WaitQueue::default();
        waiter.prepare();
        queue.register(waiter.waker());
        queue.register(waiter.waker());
        assert_eq!(queue.registered(), 1, "one entry per waker");
        queue.wake_all();
        assert_eq!(queue.registered(), 0, "registrations are one-shot");
        let start = Instant::now();
        waiter.sleep(Some(start + Duration::from_secs(10)), &[]).unwrap();
        assert!(start.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn sleeps_until_the_deadline_and_gives_up_when_cancelled() {
        let (r, w) = never();
        let waiter = Waiter::new(Waker::new().unwrap(), r.as_fd());
        waiter.prepare();
        let start = Instant::now();
        waiter.sleep(Some(start + Duration::from_millis(30)), &[]).unwrap();
        assert!(start.elapsed() >= Duration::from_millis(30));
        drop(w);
        assert_eq!(waiter.sleep(None, &[]), Err(Errno::EINTR));
    }

    #[test]
    fn dead_wakers_leave_the_queue() {
        let queue = WaitQueue::default();
        let a = Waker::new().unwrap();
        queue.register(&a);
        drop(a);
        let b = Waker::new().unwrap();
        queue.register(&b);
        assert_eq!(queue.registered(), 1);
    }
}
