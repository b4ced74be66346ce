//! `poll_oneoff` and `sched_yield`.
//!
//! Clock subscriptions are served with the kernel's `Sleep` for the earliest timeout.
//! Descriptor subscriptions (`fd_read`, `fd_write`) are reported ready at once, after
//! checking the descriptor exists: the kernel has no readiness request yet, so a
//! program that polls before reading blocks in the read instead (correct, but a
//! timeout alongside such a subscription is not honoured).

use syscall_proto::fd::FdRequest;
use syscall_proto::time::TimeRequest;
use syscall_proto::Request;

use super::abi::{self, eventtype, EVENT_SIZE, SUBSCRIPTION_SIZE};
use super::clock::clock;
use super::{kernel_fd, CallError, CallResult, GuestMemory, WasiCtx};
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
    // fd_readwrite.nbytes and .flags stay 0: nothing is known about readiness.
    b
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
    for (userdata, sub) in parsed {
        match sub {
            Subscription::Clock { id, timeout, abstime } => {
                match remaining(ctx, id, timeout, abstime)? {
                    Ok(0) => ready.push(Ready {
                        userdata,
                        error: WasiErrno::SUCCESS,
                        kind: eventtype::CLOCK,
                    }),
                    Ok(ns) => timers.push((userdata, ns)),
                    Err(error) => ready.push(Ready { userdata, error, kind: eventtype::CLOCK }),
                }
            }
            Subscription::Fd { kind, fd } => {
                let error = match kernel_fd(fd) {
                    Ok(fd) => match ctx.call_fdstat(Request::Fd(FdRequest::FdStat { fd })) {
                        Ok(_) => WasiErrno::SUCCESS,
                        Err(CallError::Errno(e)) => e,
                        Err(stop) => return Err(stop),
                    },
                    Err(e) => e,
                };
                ready.push(Ready { userdata, error, kind });
            }
        }
    }
    if ready.is_empty() {
        // Only timers: sleep until the earliest, then report every one due by then.
        let earliest = timers.iter().map(|t| t.1).min().unwrap_or(0);
        ctx.call_unit(Request::Time(TimeRequest::Sleep { nanos: earliest }))?;
        ready.extend(timers.iter().filter(|t| t.1 <= earliest).map(|&(userdata, _)| Ready {
            userdata,
            error: WasiErrno::SUCCESS,
            kind: eventtype::CLOCK,
        }));
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
    use syscall_proto::fd::{FdStat, FileType};
    use syscall_proto::time::Clock;
    use syscall_proto::{Errno, Reply};

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

    #[test]
    fn descriptors_are_ready_at_once() {
        let mut ctx = testing::ctx(vec![
            (
                Request::Fd(FdRequest::FdStat { fd: 0 }),
                Ok(Reply::FdStat(FdStat { kind: FileType::Fifo, flags: 0 })),
            ),
            (Request::Fd(FdRequest::FdStat { fd: 9 }), Err(Errno::EBADF)),
        ]);
        let mut bytes = vec![0u8; 256];
        let mut mem = GuestMemory::new(&mut bytes);
        clock_sub(&mut mem, 0, 1, 1, 1_000_000, 0);
        for (at, userdata, fd) in [(48, 2, 0), (96, 3, 9)] {
            mem.write_u64(at, userdata).unwrap();
            mem.write_u8(at + 8, eventtype::FD_READ).unwrap();
            mem.write_u32(at + 16, fd).unwrap();
        }
        poll_oneoff(&mut ctx, &mut mem, 0, 144, 3, 252).unwrap();
        assert_eq!(mem.read_u32(252), Ok(2));
        assert_eq!(
            (mem.read_u64(144), mem.read_u16(152), mem.read_u8(154)),
            (Ok(2), Ok(0), Ok(eventtype::FD_READ))
        );
        assert_eq!(mem.read_u64(176), Ok(3));
        assert_eq!(mem.read_u16(184), Ok(WasiErrno::EBADF.0));
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
