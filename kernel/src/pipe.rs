//! Pipes: a 64 KiB byte buffer between a read end and a write end, with Linux
//! semantics.
//!
//! - A read takes what is there (at most what was asked); on an empty pipe it waits for
//!   a writer, or answers end of file (empty) when no write end is open, or `EAGAIN`
//!   when non-blocking.
//! - A write of at most [`PIPE_BUF`] bytes goes in whole or not at all (it waits for
//!   room, or is `EAGAIN` when non-blocking). A larger write goes in as room appears;
//!   non-blocking, it takes what fits now and answers that count (`EAGAIN` when nothing
//!   fits). A blocked write keeps its progress.
//! - Writing with no read end open is [`WriteError::Broken`]: `EPIPE` plus `SIGPIPE`
//!   (raised by the caller, which owns the process).
//!
//! The counts of open ends follow the open file descriptions: an end is held by exactly
//! one [`crate::fd::OpenFile`], shared by `dup` and friends, and dropping it (the last
//! descriptor closed, or the process gone) closes that end and wakes the other side.

use crate::vfs::time::now_nanos;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use syscall_proto::fd::{poll, FileStat, FileType, SetTime, PIPE_BUF};
use syscall_proto::Errno;

use crate::wait::{Pollable, WaitQueue, Waiter, Waker};

/// Bytes a pipe holds (Linux's default, 16 pages).
pub const PIPE_CAPACITY: usize = 64 << 10;

/// `st_dev` of pipes: they live in no file system of the sandbox.
const PIPE_DEV: u64 = 0x5049_5045;

static NEXT_INO: AtomicU64 = AtomicU64::new(1);

struct State {
    buf: VecDeque<u8>,
    readers: usize,
    writers: usize,
    /// Nanoseconds since the epoch: creation, or what futimens(2) set.
    atime: i64,
    mtime: i64,
    ctime: i64,
}

struct Pipe {
    state: Mutex<State>,
    /// Readers, writers and pollers of either end: every change wakes them all (a waiter
    /// re-checks and sleeps again if the change was not the one it waits for).
    queue: WaitQueue,
    ino: u64,
}

impl std::fmt::Debug for Pipe {
    // Not the buffer: up to 64 KiB of the program's data has no place in a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let st = self.state();
        f.debug_struct("Pipe")
            .field("ino", &self.ino)
            .field("buffered", &st.buf.len())
            .field("readers", &st.readers)
            .field("writers", &st.writers)
            .finish()
    }
}

impl Pipe {
    fn state(&self) -> MutexGuard<'_, State> {
        // Every update of the state is a single step; a panicked holder leaves it whole.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn stat(&self) -> FileStat {
        let st = self.state();
        FileStat {
            dev: PIPE_DEV,
            ino: self.ino,
            kind: FileType::Fifo,
            mode: 0o600,
            nlink: 1,
            uid: 0,
            gid: 0,
            // Linux reports 0 for pipes (FIONREAD tells what is buffered).
            size: 0,
            blksize: PIPE_BUF as u32,
            blocks: 0,
            atime: st.atime,
            mtime: st.mtime,
            ctime: st.ctime,
        }
    }

    /// futimens(2), which Linux allows on pipes.
    fn set_times(&self, atime: SetTime, mtime: SetTime) {
        let now = now_nanos();
        let mut st = self.state();
        let pick = |t: SetTime, old: i64| match t {
            SetTime::Omit => old,
            SetTime::Now => now,
            SetTime::At(ns) => ns,
        };
        st.atime = pick(atime, st.atime);
        st.mtime = pick(mtime, st.mtime);
        st.ctime = now;
    }
}

/// A new pipe's two ends.
pub fn pipe() -> (ReadEnd, WriteEnd) {
    let now = now_nanos();
    let pipe = Arc::new(Pipe {
        state: Mutex::new(State {
            buf: VecDeque::new(),
            readers: 1,
            writers: 1,
            atime: now,
            mtime: now,
            ctime: now,
        }),
        queue: WaitQueue::default(),
        ino: NEXT_INO.fetch_add(1, Ordering::Relaxed),
    });
    (ReadEnd(pipe.clone()), WriteEnd(pipe))
}

/// Why a write failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteError {
    /// No read end is open: `SIGPIPE` is due, and the call answers `EPIPE` — or, when
    /// `written` bytes went in before the last reader left, that count.
    Broken {
        written: usize,
    },
    Errno(Errno),
}

impl From<Errno> for WriteError {
    fn from(e: Errno) -> Self {
        WriteError::Errno(e)
    }
}

/// The read end of a pipe.
#[derive(Debug)]
pub struct ReadEnd(Arc<Pipe>);

/// The write end of a pipe.
#[derive(Debug)]
pub struct WriteEnd(Arc<Pipe>);

impl ReadEnd {
    /// Reads at most `max` bytes. `wait` is `None` for a non-blocking read.
    ///
    /// # Errors
    /// `EAGAIN` when non-blocking and nothing is there; `EINTR` when the waiting
    /// process is gone.
    pub fn read(&self, max: usize, wait: Option<&Waiter<'_>>) -> Result<Vec<u8>, Errno> {
        if max == 0 {
            return Ok(Vec::new());
        }
        let attempt = |waker: Option<&Arc<Waker>>| {
            let mut st = self.0.state();
            if !st.buf.is_empty() {
                let n = max.min(st.buf.len());
                let data: Vec<u8> = st.buf.drain(..n).collect();
                drop(st);
                self.0.queue.wake_all();
                return Some(data);
            }
            if st.writers == 0 {
                return Some(Vec::new());
            }
            if let Some(w) = waker {
                self.0.queue.register(w);
            }
            None
        };
        match wait {
            None => attempt(None).ok_or(Errno::EAGAIN),
            Some(waiter) => waiter.block_on(|w| Ok(attempt(Some(w)))),
        }
    }

    pub fn stat(&self) -> FileStat {
        self.0.stat()
    }

    pub fn set_times(&self, atime: SetTime, mtime: SetTime) {
        self.0.set_times(atime, mtime);
    }
}

impl WriteEnd {
    /// Writes `data`, waiting for room unless `wait` is `None` (non-blocking).
    ///
    /// # Errors
    /// [`WriteError::Broken`] when no reader is left; `EAGAIN` when non-blocking and
    /// nothing could go in (or an atomic write does not fit whole); `EINTR` when the
    /// waiting process is gone before anything went in.
    pub fn write(&self, data: &[u8], wait: Option<&Waiter<'_>>) -> Result<usize, WriteError> {
        if data.is_empty() {
            return Ok(0);
        }
        let atomic = data.len() <= PIPE_BUF;
        let mut done = 0;
        // Ok(Some(n)): finished with n bytes written; Ok(None): wait and try again.
        let mut attempt = |waker: Option<&Arc<Waker>>| -> Result<Option<usize>, WriteError> {
            let mut st = self.0.state();
            if st.readers == 0 {
                return Err(WriteError::Broken { written: done });
            }
            let free = PIPE_CAPACITY - st.buf.len();
            let rest = &data[done..];
            let n = if atomic && free < rest.len() { 0 } else { free.min(rest.len()) };
            st.buf.extend(&rest[..n]);
            done += n;
            if done == data.len() || waker.is_none() && done > 0 {
                drop(st);
                self.0.queue.wake_all();
                return Ok(Some(done));
            }
            match waker {
                None => Err(WriteError::Errno(Errno::EAGAIN)),
                Some(w) => {
                    // Wake the readers of what went in before joining the queue, or
                    // this waiter would wake itself.
                    if n > 0 {
                        self.0.queue.wake_all();
                    }
                    self.0.queue.register(w);
                    Ok(None)
                }
            }
        };
        let Some(waiter) = wait else {
            return attempt(None).map(|n| n.unwrap_or(0));
        };
        loop {
            waiter.prepare();
            if let Some(n) = attempt(Some(waiter.waker()))? {
                return Ok(n);
            }
            if let Err(e) = waiter.sleep(None, &[]) {
                // The caller is gone; what went in stays in, as after a signal.
                return if done > 0 { Ok(done) } else { Err(e.into()) };
            }
        }
    }

    pub fn stat(&self) -> FileStat {
        self.0.stat()
    }

    pub fn set_times(&self, atime: SetTime, mtime: SetTime) {
        self.0.set_times(atime, mtime);
    }
}

impl Pollable for ReadEnd {
    fn poll(&self, events: u16, waker: Option<&Arc<Waker>>) -> u16 {
        let st = self.0.state();
        let mut ready = 0;
        if !st.buf.is_empty() {
            ready |= poll::POLLIN | poll::POLLRDNORM;
        }
        if st.writers == 0 {
            ready |= poll::POLLHUP;
        }
        let ready = ready & (events | poll::POLLHUP);
        if ready == 0 {
            if let Some(w) = waker {
                self.0.queue.register(w);
            }
        }
        ready
    }
}

impl Pollable for WriteEnd {
    fn poll(&self, events: u16, waker: Option<&Arc<Waker>>) -> u16 {
        let st = self.0.state();
        let mut ready = 0;
        // Writable means an atomic write of PIPE_BUF bytes would not block.
        if PIPE_CAPACITY - st.buf.len() >= PIPE_BUF {
            ready |= poll::POLLOUT | poll::POLLWRNORM;
        }
        if st.readers == 0 {
            ready |= poll::POLLERR;
        }
        let ready = ready & (events | poll::POLLERR);
        if ready == 0 {
            if let Some(w) = waker {
                self.0.queue.register(w);
            }
        }
        ready
    }
}

impl Drop for ReadEnd {
    fn drop(&mut self) {
        self.0.state().readers -= 1;
        self.0.queue.wake_all();
    }
}

impl Drop for WriteEnd {
    fn drop(&mut self) {
        self.0.state().writers -= 1;
        self.0.queue.wake_all();
    }
}

#[cfg(test)]
mod tests {
    use std::os::fd::{AsFd, OwnedFd};
    use std::thread;
    use std::time::{Duration, Instant};

    use super::*;
    use crate::wait::tests::never;

    struct TestWaiter {
        cancel: (OwnedFd, OwnedFd),
        waker: Arc<Waker>,
    }

    impl TestWaiter {
        fn new() -> TestWaiter {
            TestWaiter { cancel: never(), waker: Waker::new().unwrap() }
        }

        fn get(&self) -> Waiter<'_> {
            Waiter::new(self.waker.clone(), self.cancel.0.as_fd())
        }
    }

    fn broken(r: Result<usize, WriteError>) -> usize {
        match r {
            Err(WriteError::Broken { written }) => written,
            other => panic!("not broken: {other:?}"),
        }
    }

    #[test]
    fn round_trip_and_eof_when_the_last_writer_closes() {
        let (r, w) = pipe();
        assert_eq!(w.write(b"hello", None), Ok(5));
        assert_eq!(r.read(3, None).unwrap(), b"hel");
        assert_eq!(r.read(100, None).unwrap(), b"lo");
        assert_eq!(r.read(100, None), Err(Errno::EAGAIN));
        assert_eq!(r.read(0, None).unwrap(), b"");
        w.write(b"tail", None).unwrap();
        drop(w);
        // Buffered data outlives the writer; then end of file, even for blocking reads.
        assert_eq!(r.read(100, None).unwrap(), b"tail");
        let t = TestWaiter::new();
        assert_eq!(r.read(100, Some(&t.get())).unwrap(), b"");
        assert_eq!(r.read(100, None).unwrap(), b"");
    }

    #[test]
    fn capacity_is_64_kib() {
        let (r, w) = pipe();
        let big = vec![7u8; 70_000];
        assert_eq!(w.write(&big, None), Ok(PIPE_CAPACITY));
        assert_eq!(w.write(b"x", None), Err(WriteError::Errno(Errno::EAGAIN)));
        assert_eq!(w.write(&big, None), Err(WriteError::Errno(Errno::EAGAIN)));
        assert_eq!(r.read(usize::MAX, None).unwrap().len(), PIPE_CAPACITY);
    }

    #[test]
    fn writes_up_to_pipe_buf_are_all_or_nothing() {
        let (r, w) = pipe();
        w.write(&vec![0u8; PIPE_CAPACITY - PIPE_BUF + 1], None).unwrap();
        // 4095 bytes free.
        assert_eq!(w.write(&[1u8; PIPE_BUF], None), Err(WriteError::Errno(Errno::EAGAIN)));
        assert_eq!(w.write(&[1u8; PIPE_BUF - 1], None), Ok(PIPE_BUF - 1));
        r.read(1, None).unwrap();
        // A larger write takes what fits.
        assert_eq!(w.write(&[2u8; PIPE_BUF + 1], None), Ok(1));
    }

    #[test]
    fn writing_without_readers_is_broken() {
        let (r, w) = pipe();
        drop(r);
        assert_eq!(broken(w.write(b"x", None)), 0);
        let t = TestWaiter::new();
        assert_eq!(broken(w.write(b"x", Some(&t.get()))), 0);
        assert_eq!(w.write(b"", None), Ok(0), "a null write succeeds, as on Linux");
    }

    #[test]
    fn a_blocked_read_wakes_for_a_writer_in_another_thread() {
        let (r, w) = pipe();
        let writer = thread::spawn(move || {
            thread::sleep(Duration::from_millis(50));
            w.write(b"late", None).unwrap();
            thread::sleep(Duration::from_millis(50));
            drop(w);
        });
        let t = TestWaiter::new();
        assert_eq!(r.read(100, Some(&t.get())).unwrap(), b"late");
        assert_eq!(r.read(100, Some(&t.get())).unwrap(), b"", "woken by the close");
        writer.join().unwrap();
    }

    #[test]
    fn a_blocked_write_keeps_its_progress_while_a_reader_drains() {
        let (r, w) = pipe();
        let total = 5 * PIPE_CAPACITY + 123;
        let data: Vec<u8> = (0..total).map(|i| (i % 251) as u8).collect();
        let reader = thread::spawn(move || {
            let t = TestWaiter::new();
            let mut got = Vec::new();
            loop {
                let chunk = r.read(10_000, Some(&t.get())).unwrap();
                if chunk.is_empty() {
                    return got;
                }
                got.extend(chunk);
            }
        });
        let t = TestWaiter::new();
        assert_eq!(w.write(&data, Some(&t.get())), Ok(total));
        drop(w);
        assert_eq!(reader.join().unwrap(), data);
    }

    #[test]
    fn a_blocked_write_sees_the_last_reader_leave() {
        let (r, w) = pipe();
        let reader = thread::spawn(move || {
            thread::sleep(Duration::from_millis(50));
            assert_eq!(r.read(1000, None).unwrap().len(), 1000);
            // Leave once the writer has filled the room again.
            while r.0.state().buf.len() < PIPE_CAPACITY {
                thread::sleep(Duration::from_millis(1));
            }
            drop(r);
        });
        let t = TestWaiter::new();
        let written = broken(w.write(&vec![0u8; PIPE_CAPACITY + 5000], Some(&t.get())));
        // Everything that fit before and after the reader's one read went in.
        assert_eq!(written, PIPE_CAPACITY + 1000);
        reader.join().unwrap();
    }

    #[test]
    fn small_writes_from_many_threads_never_interleave() {
        let (r, w) = pipe();
        let w = Arc::new(w);
        let writers: Vec<_> = (0..4u8)
            .map(|id| {
                let w = w.clone();
                thread::spawn(move || {
                    let t = TestWaiter::new();
                    for _ in 0..50 {
                        assert_eq!(w.write(&[id; PIPE_BUF], Some(&t.get())), Ok(PIPE_BUF));
                    }
                })
            })
            .collect();
        drop(w);
        let t = TestWaiter::new();
        let mut got = Vec::new();
        loop {
            let chunk = r.read(3000, Some(&t.get())).unwrap();
            if chunk.is_empty() {
                break;
            }
            got.extend(chunk);
        }
        for h in writers {
            h.join().unwrap();
        }
        assert_eq!(got.len(), 4 * 50 * PIPE_BUF);
        for block in got.chunks(PIPE_BUF) {
            assert!(block.iter().all(|&b| b == block[0]), "an atomic write was split");
        }
    }

    #[test]
    fn a_blocked_call_gives_up_when_the_process_dies() {
        let (r, _w) = pipe();
        let (cancel_r, cancel_w) = never();
        let waiter = Waiter::new(Waker::new().unwrap(), cancel_r.as_fd());
        let killer = thread::spawn(move || {
            thread::sleep(Duration::from_millis(50));
            drop(cancel_w);
        });
        let start = Instant::now();
        assert_eq!(r.read(10, Some(&waiter)), Err(Errno::EINTR));
        assert!(start.elapsed() < Duration::from_secs(5));
        killer.join().unwrap();
    }

    #[test]
    fn readiness_of_both_ends() {
        let (r, w) = pipe();
        let both = poll::POLLIN | poll::POLLOUT;
        assert_eq!(r.poll(both, None), 0);
        assert_eq!(w.poll(both, None), poll::POLLOUT);
        w.write(b"x", None).unwrap();
        assert_eq!(r.poll(both, None), poll::POLLIN);
        assert_eq!(r.poll(poll::POLLIN | poll::POLLRDNORM, None), poll::POLLIN | poll::POLLRDNORM);
        w.write(&vec![0u8; PIPE_CAPACITY - PIPE_BUF], None).unwrap();
        assert_eq!(w.poll(both, None), 0, "less than PIPE_BUF free");
        drop(w);
        assert_eq!(r.poll(0, None), poll::POLLHUP, "reported unasked");
        assert_eq!(r.poll(poll::POLLIN, None), poll::POLLIN | poll::POLLHUP);
        let (r, w) = pipe();
        drop(r);
        assert_eq!(w.poll(0, None), poll::POLLERR);
    }

    #[test]
    fn pollers_are_woken_by_changes() {
        let (r, w) = pipe();
        let t = TestWaiter::new();
        let waiter = t.get();
        waiter.prepare();
        assert_eq!(r.poll(poll::POLLIN, Some(waiter.waker())), 0);
        let writer = thread::spawn(move || {
            thread::sleep(Duration::from_millis(30));
            w.write(b"x", None).unwrap();
            w
        });
        let start = Instant::now();
        waiter.sleep(Some(start + Duration::from_secs(10)), &[]).unwrap();
        assert!(start.elapsed() < Duration::from_secs(5));
        assert_eq!(r.poll(poll::POLLIN, None), poll::POLLIN);
        drop(writer.join().unwrap());
    }

    #[test]
    fn stat_is_a_fifo_with_a_stable_inode_and_settable_times() {
        let (r, w) = pipe();
        assert_eq!(r.stat().kind, FileType::Fifo);
        assert_eq!(r.stat().ino, w.stat().ino);
        w.set_times(SetTime::At(5), SetTime::Omit);
        assert_eq!(r.stat().atime, 5);
        assert_ne!(r.stat().mtime, 5);
        assert!(!format!("{r:?}").contains("buf:"), "the buffer stays out of logs");
        let (r2, _w2) = pipe();
        assert_ne!(r.stat().ino, r2.stat().ino);
    }
}
