//! The clock family.

use std::os::fd::AsFd;
use std::time::{Duration, Instant};

use nix::poll::{PollFd, PollFlags, PollTimeout};
use nix::sys::time::TimeSpec;
use nix::time::{clock_getcpuclockid, clock_getres, clock_gettime, ClockId};
use nix::unistd::Pid;
use syscall_proto::time::{Clock, TimeRequest};
use syscall_proto::{Errno, Reply, Response};

use crate::process::Process;

fn clock_id(process: &Process, clock: Clock) -> Result<ClockId, Errno> {
    Ok(match clock {
        Clock::Realtime => ClockId::CLOCK_REALTIME,
        Clock::Monotonic => ClockId::CLOCK_MONOTONIC,
        // The program's CPU time is its runtime process's, not the kernel's.
        Clock::ProcessCputime | Clock::ThreadCputime => {
            clock_getcpuclockid(Pid::from_raw(process.host_pid as i32)).map_err(Errno::from)?
        }
    })
}

fn nanos(t: TimeSpec) -> u64 {
    (t.tv_sec().max(0) as u64)
        .saturating_mul(1_000_000_000)
        .saturating_add(t.tv_nsec().max(0) as u64)
}

pub fn handle(process: &Process, request: TimeRequest) -> Response {
    match request {
        TimeRequest::Now { clock } => {
            let t = clock_gettime(clock_id(process, clock)?).map_err(Errno::from)?;
            Ok(Reply::Time(nanos(t)))
        }
        TimeRequest::Resolution { clock } => {
            let t = clock_getres(clock_id(process, clock)?).map_err(Errno::from)?;
            Ok(Reply::Time(nanos(t)))
        }
        TimeRequest::Sleep { nanos } => sleep(process, Duration::from_nanos(nanos)),
    }
}

/// Sleeps on the process's pidfd, so a process that dies while asleep releases the
/// kernel thread serving it at once.
fn sleep(process: &Process, duration: Duration) -> Response {
    let deadline = Instant::now().checked_add(duration);
    loop {
        let left = match deadline {
            Some(d) => d.saturating_duration_since(Instant::now()),
            None => Duration::from_secs(3600),
        };
        if left.is_zero() {
            return Ok(Reply::Unit);
        }
        let ms = left.as_millis().clamp(1, i32::MAX as u128) as i32;
        let mut fds = [PollFd::new(process.pidfd.as_fd(), PollFlags::POLLIN)];
        match nix::poll::poll(&mut fds, PollTimeout::try_from(ms).unwrap_or(PollTimeout::MAX)) {
            Ok(0) | Err(nix::errno::Errno::EINTR) => {}
            Ok(_) => return Err(Errno::EINTR),
            Err(e) => return Err(e.into()),
        }
    }
}
