//! poll(2).
//!
//! Each entry's readiness comes from what its descriptor refers to: regular files and
//! directories are always ready; pipes (and later sockets, ttys) answer through
//! [`Pollable`] and wake the waiter when they change; the kernel's own stdio and host
//! files are asked of the host with poll(2). A poll that must wait sleeps on all of
//! them at once, and on the process's pidfd (`wait.rs`).

use std::os::fd::{AsFd, BorrowedFd};
use std::sync::Arc;
use std::time::{Duration, Instant};

use nix::poll::{PollFd as HostPollFd, PollFlags, PollTimeout};
use syscall_proto::fd::{poll, PollFd};
use syscall_proto::{Errno, Reply, Response};

use super::fd::stdio;
use crate::fd::OpenFile;
use crate::process::Process;
use crate::vfs::Object;
use crate::wait::{Pollable, Waker};

/// Readiness bits of an object that is always ready (`DEFAULT_POLLMASK` on Linux).
const ALWAYS: u16 = poll::POLLIN | poll::POLLRDNORM | poll::POLLOUT | poll::POLLWRNORM;
/// The bits a readable descriptor may report.
const READ_BITS: u16 =
    poll::POLLIN | poll::POLLRDNORM | poll::POLLPRI | poll::POLLRDBAND | poll::POLLRDHUP;
/// The bits a writable descriptor may report.
const WRITE_BITS: u16 = poll::POLLOUT | poll::POLLWRNORM | poll::POLLWRBAND;
/// Reported whether asked for or not.
const UNASKED: u16 = poll::POLLERR | poll::POLLHUP | poll::POLLNVAL;

/// Where an entry's readiness comes from.
enum Source<'a> {
    Always,
    Object(&'a dyn Pollable),
    /// A host descriptor, and the bits its access mode lets it report.
    Host(BorrowedFd<'a>, u16),
}

fn source(file: &OpenFile) -> Source<'_> {
    match &file.object {
        Object::MemFile(_)
        | Object::MemDir(_)
        | Object::HostDir(_)
        | Object::SynthDir
        | Object::Device(_)
        | Object::ProcFile(_) => Source::Always,
        Object::HostFile(f) => Source::Host(f.as_fd(), READ_BITS | WRITE_BITS),
        Object::Stdio(n) => {
            // The host's descriptor may be open both ways (a tty); the program's is not.
            let mut mask = 0;
            if file.readable() {
                mask |= READ_BITS;
            }
            if file.writable() {
                mask |= WRITE_BITS;
            }
            Source::Host(stdio(*n), mask)
        }
        Object::PipeRead(end) => Source::Object(end),
        Object::PipeWrite(end) => Source::Object(end),
    }
}

enum Entry {
    /// A negative descriptor: skipped, as poll(2) does.
    Skip,
    /// Not open: `POLLNVAL`.
    Closed,
    Open(Arc<OpenFile>, u16),
}

pub fn handle(process: &Process, fds: Vec<PollFd>, timeout_ms: i32) -> Response {
    let entries: Vec<Entry> = {
        let table = process.fds();
        if fds.len() > table.limit() as usize {
            return Err(Errno::EINVAL);
        }
        fds.iter()
            .map(|p| match table.get(p.fd) {
                _ if p.fd < 0 => Entry::Skip,
                Ok(file) => Entry::Open(file, p.events),
                Err(_) => Entry::Closed,
            })
            .collect()
    };
    let deadline = match u64::try_from(timeout_ms) {
        Ok(ms) => Some(Instant::now() + Duration::from_millis(ms)),
        Err(_) => None,
    };
    let waiter = if timeout_ms == 0 { None } else { Some(process.waiter()?) };
    loop {
        if let Some(w) = &waiter {
            w.prepare();
        }
        let waker = waiter.as_ref().map(|w| w.waker());
        let (mut revents, host) = check(&entries, waker);
        let expired = deadline.is_some_and(|d| Instant::now() >= d);
        let done = expired || revents.iter().any(|&r| r != 0);
        let host_fds: Vec<(BorrowedFd<'_>, PollFlags)> =
            host.iter().map(|h| (h.fd, PollFlags::from_bits_truncate(h.events as i16))).collect();
        let host_revents = match &waiter {
            Some(w) if !done => w.sleep(deadline, &host_fds)?,
            _ => poll_now(&host_fds)?,
        };
        for (h, r) in host.iter().zip(host_revents) {
            revents[h.index] = r.bits() as u16 & (h.events | UNASKED);
        }
        if done || revents.iter().any(|&r| r != 0) {
            return Ok(Reply::Polled(revents));
        }
    }
}

/// One host descriptor to ask.
struct HostEntry<'a> {
    index: usize,
    fd: BorrowedFd<'a>,
    events: u16,
}

/// The readiness of every entry not on the host, registering `waker` with those not
/// ready; and the host descriptors still to ask.
fn check<'a>(entries: &'a [Entry], waker: Option<&Arc<Waker>>) -> (Vec<u16>, Vec<HostEntry<'a>>) {
    let mut revents = vec![0u16; entries.len()];
    let mut host = Vec::new();
    for (index, entry) in entries.iter().enumerate() {
        revents[index] = match entry {
            Entry::Skip => 0,
            Entry::Closed => poll::POLLNVAL,
            Entry::Open(file, events) => match source(file) {
                Source::Always => ALWAYS & events,
                Source::Object(object) => object.poll(*events, waker),
                Source::Host(fd, mask) => {
                    host.push(HostEntry { index, fd, events: events & mask });
                    0
                }
            },
        };
    }
    (revents, host)
}

fn poll_now(fds: &[(BorrowedFd<'_>, PollFlags)]) -> Result<Vec<PollFlags>, Errno> {
    if fds.is_empty() {
        return Ok(Vec::new());
    }
    let mut polled: Vec<HostPollFd<'_>> =
        fds.iter().map(|(fd, ev)| HostPollFd::new(*fd, *ev)).collect();
    loop {
        match nix::poll::poll(&mut polled, PollTimeout::ZERO) {
            Err(nix::errno::Errno::EINTR) => continue,
            Err(e) => return Err(e.into()),
            Ok(_) => break,
        }
    }
    Ok(polled.iter().map(|p| p.revents().unwrap_or(PollFlags::empty())).collect())
}

#[cfg(test)]
mod tests {
    use std::thread;

    use super::*;
    use crate::process::tests::sleeping_process;

    fn entries(fds: &[(i32, u16)]) -> Vec<PollFd> {
        fds.iter().map(|&(fd, events)| PollFd { fd, events }).collect()
    }

    fn polled(r: Response) -> Vec<u16> {
        match r {
            Ok(Reply::Polled(v)) => v,
            other => panic!("{other:?}"),
        }
    }

    /// A pipe in `process`'s table: (read, write) descriptors.
    fn pipe_in(process: &Process) -> (i32, i32) {
        match super::super::pipe::create(process, 0) {
            Ok(Reply::FdPair(r, w)) => (r, w),
            other => panic!("{other:?}"),
        }
    }

    fn write_end(process: &Process, fd: i32) -> Arc<OpenFile> {
        process.fds().get(fd).unwrap()
    }

    fn write_to(file: &OpenFile, data: &[u8]) {
        let Object::PipeWrite(end) = &file.object else { panic!("not a write end") };
        end.write(data, None).unwrap();
    }

    #[test]
    fn readiness_without_waiting() {
        let (process, mut child) = sleeping_process(8);
        let (r, w) = pipe_in(&process);
        let both = poll::POLLIN | poll::POLLOUT;
        let all = entries(&[(r, both), (w, both), (6, poll::POLLIN), (-1, poll::POLLIN)]);
        assert_eq!(polled(handle(&process, all, 0)), vec![0, poll::POLLOUT, poll::POLLNVAL, 0]);
        write_to(&write_end(&process, w), b"x");
        process.fds().close(w).unwrap();
        let got = polled(handle(&process, entries(&[(r, poll::POLLIN)]), -1));
        assert_eq!(got, vec![poll::POLLIN | poll::POLLHUP]);
        let too_many = entries(&[(r, poll::POLLIN); 9]);
        assert_eq!(handle(&process, too_many, 0), Err(Errno::EINVAL));
        child.kill().unwrap();
        child.wait().unwrap();
    }

    #[test]
    fn times_out() {
        let (process, mut child) = sleeping_process(8);
        let (r, _w) = pipe_in(&process);
        let start = Instant::now();
        assert_eq!(polled(handle(&process, entries(&[(r, poll::POLLIN)]), 100)), vec![0]);
        assert!(start.elapsed() >= Duration::from_millis(100));
        child.kill().unwrap();
        child.wait().unwrap();
    }

    #[test]
    fn a_write_from_elsewhere_wakes_the_poll() {
        let (process, mut child) = sleeping_process(8);
        let (r, w) = pipe_in(&process);
        let file = write_end(&process, w);
        let writer = thread::spawn(move || {
            thread::sleep(Duration::from_millis(50));
            write_to(&file, b"x");
        });
        let start = Instant::now();
        let got = polled(handle(&process, entries(&[(r, poll::POLLIN), (w, 0)]), 60_000));
        assert_eq!(got, vec![poll::POLLIN, 0]);
        assert!(start.elapsed() < Duration::from_secs(30));
        writer.join().unwrap();
        child.kill().unwrap();
        child.wait().unwrap();
    }

    #[test]
    fn gives_up_when_the_process_dies() {
        let (process, mut child) = sleeping_process(8);
        let (r, _w) = pipe_in(&process);
        let pid = nix::unistd::Pid::from_raw(child.id() as i32);
        let killer = thread::spawn(move || {
            thread::sleep(Duration::from_millis(50));
            nix::sys::signal::kill(pid, nix::sys::signal::SIGKILL).unwrap();
        });
        assert_eq!(handle(&process, entries(&[(r, poll::POLLIN)]), -1), Err(Errno::EINTR));
        killer.join().unwrap();
        child.wait().unwrap();
    }
}
