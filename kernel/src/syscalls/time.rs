//! The clock family.

use std::time::{Duration, Instant};

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

/// Sleeps as the process's blocked calls wait (`wait.rs`): a process that dies while
/// asleep releases the kernel thread serving it at once, and a handled signal ends the
/// sleep with `EINTR`, as nanosleep(2).
fn sleep(process: &Process, duration: Duration) -> Response {
    let deadline = Instant::now().checked_add(duration);
    let waiter = process.waiter()?;
    loop {
        if deadline.is_some_and(|d| Instant::now() >= d) {
            return Ok(Reply::Unit);
        }
        waiter.prepare();
        waiter.sleep(deadline, &[])?;
    }
}
