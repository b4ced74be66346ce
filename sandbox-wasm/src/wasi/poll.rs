//! `poll_oneoff` and `sched_yield`.
//!
//! Descriptor subscriptions (`fd_read`, `fd_write`) become one kernel `Poll`, whose
//! timeout is the earliest clock subscription's; with no descriptor subscription, the
//! kernel's `Sleep` serves the clocks. Either way the wait happens in the kernel, which
//! wakes it when a descriptor becomes ready and drops it if the process dies.
//!
//! A ready descriptor's event carries `fd_readwrite.flags` (`HANGUP` when the peer is
//! gone) but no byte count (`nbytes` is 0): the kernel's poll says whether, not how
//! much. `POLLNVAL` becomes `EBADF`; `POLLERR` becomes `EPIPE` for a write (no reader
//! left) and `EIO` for a read.

use syscall_proto::fd::{poll, FdRequest, PollFd};
use syscall_proto::time::TimeRequest;
use syscall_proto::Request;

use super::abi::{self, eventtype, EVENT_SIZE, SUBSCRIPTION_SIZE};
use super::clock::clock;
use super::{kernel_fd, CallError, CallResult, GuestMemory, Stop, WasiCtx};
use crate::errno::WasiErrno;

/// One decoded `subscription`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Subscription {
    Clock { id: u32, timeout: u64, abstime: bool },
    Fd { kind: u8, fd: u32 },
}

/// One `event` to report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Ready {
    userdata: u64,
    error: WasiErrno,
    kind: u8,
    /// `fd_readwrite.flags`.
    flags: u16,
}

impl Ready {
    fn new(userdata: u64, error: WasiErrno, kind: u8) -> Ready {
        Ready { userdata, error, kind, flags: 0 }
    }
}

/// A descriptor subscription sent to the kernel.
#[derive(Debug, Clone, Copy)]
struct Watched {
    userdata: u64,
    kind: u8,
    entry: PollFd,
}

fn subscription(mem: &GuestMemory<'_>, at: u32) -> Result<(u64, Subscription), WasiErrno> {
    let userdata = mem.read_u64(at)?;
    let sub = match mem.read_u8(at + 8)? {
        eventtype::CLOCK => Subscription::Clock {
            id: mem.read_u32(at + 16)?,
            timeout: mem.read_u64(at + 24)?,
            abstime: mem.read_u16(at + 40)? & abi::SUBSCRIPTION_CLOCK_ABSTIME != 0,
        },
        kind @ (eventtype::FD_READ | eventtype::FD_WRITE) => {
            Subscription::Fd { kind, fd: mem.read_u32(at + 16)? }
        }
        _ => return Err(WasiErrno::EINVAL),
    };
    Ok((userdata, sub))
}

fn event_bytes(e: &Ready) -> [u8; EVENT_SIZE as usize] {
    let mut b = [0u8; EVENT_SIZE as usize];
    b[0..8].copy_from_slice(&e.userdata.to_le_bytes());
    b[8..10].copy_from_slice(&e.error.0.to_le_bytes());
    b[10] = e.kind;
    // fd_readwrite.nbytes (16..24) stays 0: the kernel does not say how much.
    b[24..26].copy_from_slice(&e.flags.to_le_bytes());
    b
}

/// The event of a descriptor subscription whose kernel `revents` are `revents`, if it
/// is ready.
fn fd_event(w: &Watched, revents: u16) -> Option<Ready> {
    if revents == 0 {
        return None;
    }
    let error = if revents & poll::POLLNVAL != 0 {
        WasiErrno::EBADF
    } else if revents & poll::POLLERR != 0 {
        if w.kind == eventtype::FD_WRITE {
            WasiErrno::EPIPE
        } else {
            WasiErrno::EIO
        }
    } else {
        WasiErrno::SUCCESS
    };
    let mut ready = Ready::new(w.userdata, error, w.kind);
    if revents & poll::POLLHUP != 0 {
        ready.flags = abi::EVENTRWFLAGS_FD_READWRITE_HANGUP;
    }
    Some(ready)
}

/// Nanoseconds until a clock subscription fires; an unknown clock is an errno for
/// that subscription alone.
fn remaining(
    ctx: &mut WasiCtx,
    id: u32,
    timeout: u64,
    abstime: bool,
) -> Result<Result<u64, WasiErrno>, CallError> {
    let clock = match clock(id) {
        Ok(c) => c,
        Err(e) => return Ok(Err(e)),
    };
    if !abstime {
        // A relative timeout on a CPU-time clock is slept as wall time: an
        // approximation, since the process does not run while it sleeps.
        return Ok(Ok(timeout));
    }
    let now = ctx.call_time(Request::Time(TimeRequest::Now { clock }))?;
    Ok(Ok(timeout.saturating_sub(now)))
}

const NANOS_PER_MS: u64 = 1_000_000;

/// Polls `watched` in the kernel until one is ready or `left` nanoseconds pass (`None`:
/// no limit). Returns the ready events, empty when the time passed first.
fn poll_kernel(
    ctx: &mut WasiCtx,
    watched: &[Watched],
    mut left: Option<u64>,
) -> Result<Vec<Ready>, CallError> {
    loop {
        // Rounded up to whole milliseconds, so a timer never fires early; a wait longer
        // than poll's timeout takes several polls.
        let timeout_ms = match left {
            None => -1,
            Some(ns) => ns.div_ceil(NANOS_PER_MS).min(i32::MAX as u64) as i32,
        };
        let fds = watched.iter().map(|w| w.entry).collect();
        let request = Request::Fd(FdRequest::Poll { fds, timeout_ms });
        let revents = ctx.call_polled(request)?;
        if revents.len() != watched.len() {
            return Err(Stop::BadReply("Poll").into());
        }
        let ready: Vec<Ready> =
            watched.iter().zip(&revents).filter_map(|(w, &r)| fd_event(w, r)).collect();
        if !ready.is_empty() {
            return Ok(ready);
        }
        match left {
            Some(ns) if ns <= timeout_ms as u64 * NANOS_PER_MS => return Ok(ready),
            Some(ns) => left = Some(ns - timeout_ms as u64 * NANOS_PER_MS),
            None => {}
        }
    }
}

pub fn poll_oneoff(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    subs: u32,
    events: u32,
    nsubs: u32,
    nevents: u32,
) -> CallResult {
    if nsubs == 0 {
        return Err(WasiErrno::EINVAL.into());
    }
    let subs_len = nsubs.checked_mul(SUBSCRIPTION_SIZE).ok_or(WasiErrno::EFAULT)?;
    let events_len = nsubs.checked_mul(EVENT_SIZE).ok_or(WasiErrno::EFAULT)?;
    mem.check(subs, subs_len)?;
    mem.check(events, events_len)?;
    mem.check(nevents, 4)?;
    // In bounds (checked above), so no overflow.
    let parsed: Vec<(u64, Subscription)> = (0..nsubs)
        .map(|i| subscription(mem, subs + i * SUBSCRIPTION_SIZE))
        .collect::<Result<_, _>>()?;

    let mut ready = Vec::new();
    let mut timers = Vec::new();
    let mut watched = Vec::new();
    for (userdata, sub) in parsed {
        match sub {
            Subscription::Clock { id, timeout, abstime } => {
                match remaining(ctx, id, timeout, abstime)? {
                    Ok(0) => ready.push(Ready::new(userdata, WasiErrno::SUCCESS, eventtype::CLOCK)),
                    Ok(ns) => timers.push((userdata, ns)),
                    Err(error) => ready.push(Ready::new(userdata, error, eventtype::CLOCK)),
                }
            }
            Subscription::Fd { kind, fd } => match kernel_fd(fd) {
                Ok(fd) => {
                    let events =
                        if kind == eventtype::FD_READ { poll::POLLIN } else { poll::POLLOUT };
                    watched.push(Watched { userdata, kind, entry: PollFd { fd, events } });
                }
                Err(error) => ready.push(Ready::new(userdata, error, kind)),
            },
        }
    }
    let earliest = timers.iter().map(|t| t.1).min();
    let mut fired = false;
    if !watched.is_empty() {
        // With something to report already, only look; otherwise wait for the earliest
        // timer (or for ever, with none).
        let left = if ready.is_empty() { earliest } else { Some(0) };
        let fds = poll_kernel(ctx, &watched, left)?;
        fired = fds.is_empty() && ready.is_empty();
        ready.extend(fds);
    } else if ready.is_empty() {
        let nanos = earliest.unwrap_or(0);
        ctx.call_unit(Request::Time(TimeRequest::Sleep { nanos }))?;
        fired = true;
    }
    if fired {
        // Every timer due by the earliest one's deadline fires.
        let earliest = earliest.unwrap_or(0);
        ready.extend(
            timers
                .iter()
                .filter(|t| t.1 <= earliest)
                .map(|&(userdata, _)| Ready::new(userdata, WasiErrno::SUCCESS, eventtype::CLOCK)),
        );
    }
    for (i, e) in ready.iter().enumerate() {
        // At most `nsubs` events, each in the area checked above.
        mem.write(events + i as u32 * EVENT_SIZE, &event_bytes(e))?;
    }
    mem.write_u32(nevents, ready.len() as u32)?;
    Ok(())
}

/// One thread per process, so there is nobody to yield to; no kernel call.
pub fn sched_yield(_ctx: &mut WasiCtx, _mem: &mut GuestMemory<'_>) -> CallResult {
    Ok(())
}

#[cfg(test)]
mod tests {
    use syscall_proto::time::Clock;
    use syscall_proto::Reply;

    use super::*;
    use crate::wasi::testing;

    fn clock_sub(
        mem: &mut GuestMemory<'_>,
        at: u32,
        userdata: u64,
        id: u32,
        timeout: u64,
        flags: u16,
    ) {
        mem.write_u64(at, userdata).unwrap();
        mem.write_u8(at + 8, eventtype::CLOCK).unwrap();
        mem.write_u32(at + 16, id).unwrap();
        mem.write_u64(at + 24, timeout).unwrap();
        mem.write_u16(at + 40, flags).unwrap();
    }

    #[test]
    fn sleeps_for_the_earliest_timer() {
        let mut ctx = testing::ctx(vec![
            (Request::Time(TimeRequest::Now { clock: Clock::Monotonic }), Ok(Reply::Time(1_000))),
            (Request::Time(TimeRequest::Sleep { nanos: 500 }), Ok(Reply::Unit)),
        ]);
        let mut bytes = vec![0u8; 256];
        let mut mem = GuestMemory::new(&mut bytes);
        clock_sub(&mut mem, 0, 11, 1, 5_000, 0);
        clock_sub(&mut mem, 48, 22, 1, 1_500, abi::SUBSCRIPTION_CLOCK_ABSTIME);
        poll_oneoff(&mut ctx, &mut mem, 0, 96, 2, 252).unwrap();
        assert_eq!(mem.read_u32(252), Ok(1));
        assert_eq!(mem.read_u64(96), Ok(22));
        assert_eq!(mem.read_u16(104), Ok(0));
        assert_eq!(mem.read_u8(106), Ok(eventtype::CLOCK));
    }

    fn fd_sub(mem: &mut GuestMemory<'_>, at: u32, userdata: u64, kind: u8, fd: u32) {
        mem.write_u64(at, userdata).unwrap();
        mem.write_u8(at + 8, kind).unwrap();
        mem.write_u32(at + 16, fd).unwrap();
    }

    fn poll_request(fds: &[(i32, u16)], timeout_ms: i32) -> Request {
        let fds = fds.iter().map(|&(fd, events)| PollFd { fd, events }).collect();
        Request::Fd(FdRequest::Poll { fds, timeout_ms })
    }

    /// (userdata, error, type, flags) of event `i` of the array at `at`.
    fn event(mem: &GuestMemory<'_>, at: u32, i: u32) -> (u64, u16, u8, u16) {
        let at = at + i * EVENT_SIZE;
        (
            mem.read_u64(at).unwrap(),
            mem.read_u16(at + 8).unwrap(),
            mem.read_u8(at + 10).unwrap(),
            mem.read_u16(at + 24).unwrap(),
        )
    }

    #[test]
    fn descriptors_wait_in_the_kernel_until_the_earliest_timer() {
        let mut ctx = testing::ctx(vec![(
            // 2.5 ms rounds up to 3.
            poll_request(&[(0, poll::POLLIN), (9, poll::POLLOUT), (4, poll::POLLIN)], 3),
            Ok(Reply::Polled(vec![poll::POLLIN | poll::POLLHUP, poll::POLLNVAL, 0])),
        )]);
        let mut bytes = vec![0u8; 512];
        let mut mem = GuestMemory::new(&mut bytes);
        clock_sub(&mut mem, 0, 1, 1, 2_500_000, 0);
        fd_sub(&mut mem, 48, 2, eventtype::FD_READ, 0);
        fd_sub(&mut mem, 96, 3, eventtype::FD_WRITE, 9);
        fd_sub(&mut mem, 144, 4, eventtype::FD_READ, 4);
        poll_oneoff(&mut ctx, &mut mem, 0, 192, 4, 508).unwrap();
        assert_eq!(mem.read_u32(508), Ok(2));
        let hangup = abi::EVENTRWFLAGS_FD_READWRITE_HANGUP;
        assert_eq!(event(&mem, 192, 0), (2, 0, eventtype::FD_READ, hangup));
        assert_eq!(event(&mem, 192, 1), (3, WasiErrno::EBADF.0, eventtype::FD_WRITE, 0));
    }

    #[test]
    fn the_timer_fires_when_no_descriptor_becomes_ready() {
        let mut ctx = testing::ctx(vec![(
            poll_request(&[(5, poll::POLLOUT)], 1),
            Ok(Reply::Polled(vec![0])),
        )]);
        let mut bytes = vec![0u8; 256];
        let mut mem = GuestMemory::new(&mut bytes);
        clock_sub(&mut mem, 0, 1, 1, 1_000_000, 0);
        fd_sub(&mut mem, 48, 2, eventtype::FD_WRITE, 5);
        poll_oneoff(&mut ctx, &mut mem, 0, 96, 2, 252).unwrap();
        assert_eq!(mem.read_u32(252), Ok(1));
        assert_eq!(event(&mem, 96, 0), (1, 0, eventtype::CLOCK, 0));
    }

    #[test]
    fn without_a_timer_the_kernel_waits_for_ever_and_a_due_timer_means_no_wait() {
        let mut ctx = testing::ctx(vec![
            (poll_request(&[(5, poll::POLLOUT)], -1), Ok(Reply::Polled(vec![poll::POLLERR]))),
            (poll_request(&[(5, poll::POLLIN)], 0), Ok(Reply::Polled(vec![0]))),
        ]);
        let mut bytes = vec![0u8; 256];
        let mut mem = GuestMemory::new(&mut bytes);
        fd_sub(&mut mem, 0, 2, eventtype::FD_WRITE, 5);
        poll_oneoff(&mut ctx, &mut mem, 0, 96, 1, 252).unwrap();
        assert_eq!(mem.read_u32(252), Ok(1));
        assert_eq!(event(&mem, 96, 0), (2, WasiErrno::EPIPE.0, eventtype::FD_WRITE, 0));
        // A relative timeout of 0 is due at once: the descriptor is only looked at.
        clock_sub(&mut mem, 0, 1, 1, 0, 0);
        fd_sub(&mut mem, 48, 2, eventtype::FD_READ, 5);
        poll_oneoff(&mut ctx, &mut mem, 0, 96, 2, 252).unwrap();
        assert_eq!(mem.read_u32(252), Ok(1));
        assert_eq!(event(&mem, 96, 0), (1, 0, eventtype::CLOCK, 0));
    }

    #[test]
    fn impossible_descriptors_fail_alone_and_wrong_replies_stop() {
        let mut ctx = testing::ctx(vec![]);
        let mut bytes = vec![0u8; 256];
        let mut mem = GuestMemory::new(&mut bytes);
        fd_sub(&mut mem, 0, 2, eventtype::FD_READ, u32::MAX);
        poll_oneoff(&mut ctx, &mut mem, 0, 96, 1, 252).unwrap();
        assert_eq!(event(&mem, 96, 0), (2, WasiErrno::EBADF.0, eventtype::FD_READ, 0));

        let mut ctx = testing::ctx(vec![(
            poll_request(&[(1, poll::POLLOUT)], -1),
            Ok(Reply::Polled(vec![])),
        )]);
        fd_sub(&mut mem, 0, 2, eventtype::FD_WRITE, 1);
        assert!(matches!(
            poll_oneoff(&mut ctx, &mut mem, 0, 96, 1, 252),
            Err(CallError::Stop(Stop::BadReply(_)))
        ));
    }

    #[test]
    fn bad_arguments() {
        let mut ctx = testing::ctx(vec![]);
        let mut bytes = vec![0u8; 128];
        let mut mem = GuestMemory::new(&mut bytes);
        let errno = |r: CallResult| match r {
            Err(CallError::Errno(e)) => e,
            other => panic!("{other:?}"),
        };
        assert_eq!(errno(poll_oneoff(&mut ctx, &mut mem, 0, 64, 0, 124)), WasiErrno::EINVAL);
        assert_eq!(errno(poll_oneoff(&mut ctx, &mut mem, 0, 64, 3, 124)), WasiErrno::EFAULT);
        assert_eq!(errno(poll_oneoff(&mut ctx, &mut mem, 0, 64, u32::MAX, 124)), WasiErrno::EFAULT);
        mem.write_u8(8, 7).unwrap();
        assert_eq!(errno(poll_oneoff(&mut ctx, &mut mem, 0, 64, 1, 124)), WasiErrno::EINVAL);
        // An unknown clock fails its own event, not the call.
        clock_sub(&mut mem, 0, 5, 9, 10, 0);
        poll_oneoff(&mut ctx, &mut mem, 0, 64, 1, 124).unwrap();
        assert_eq!(mem.read_u16(72), Ok(WasiErrno::EINVAL.0));
    }
}
