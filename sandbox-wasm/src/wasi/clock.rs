//! `clock_*`: the kernel's clocks (`TimeRequest`).

use syscall_proto::time::{Clock, TimeRequest};
use syscall_proto::Request;

use super::abi::clockid;
use super::{CallResult, GuestMemory, WasiCtx};
use crate::errno::WasiErrno;

/// The kernel clock for a WASI `clockid`; `EINVAL` for an unknown one, as the witx says.
pub fn clock(id: u32) -> Result<Clock, WasiErrno> {
    match id {
        clockid::REALTIME => Ok(Clock::Realtime),
        clockid::MONOTONIC => Ok(Clock::Monotonic),
        clockid::PROCESS_CPUTIME_ID => Ok(Clock::ProcessCputime),
        clockid::THREAD_CPUTIME_ID => Ok(Clock::ThreadCputime),
        _ => Err(WasiErrno::EINVAL),
    }
}

pub fn clock_res_get(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    id: u32,
    out: u32,
) -> CallResult {
    let clock = clock(id)?;
    mem.check(out, 8)?;
    let res = ctx.call_time(Request::Time(TimeRequest::Resolution { clock }))?;
    mem.write_u64(out, res)?;
    Ok(())
}

/// `precision` is a hint the kernel's clocks do not need.
pub fn clock_time_get(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    id: u32,
    _precision: u64,
    out: u32,
) -> CallResult {
    let clock = clock(id)?;
    mem.check(out, 8)?;
    let now = ctx.call_time(Request::Time(TimeRequest::Now { clock }))?;
    mem.write_u64(out, now)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use syscall_proto::Reply;

    use super::*;
    use crate::wasi::testing;
    use crate::wasi::CallError;

    #[test]
    fn clock_ids() {
        assert_eq!(clock(0), Ok(Clock::Realtime));
        assert_eq!(clock(1), Ok(Clock::Monotonic));
        assert_eq!(clock(2), Ok(Clock::ProcessCputime));
        assert_eq!(clock(3), Ok(Clock::ThreadCputime));
        assert_eq!(clock(4), Err(WasiErrno::EINVAL));
    }

    #[test]
    fn time_is_asked_of_the_kernel() {
        let mut ctx = testing::ctx(vec![(
            Request::Time(TimeRequest::Now { clock: Clock::Monotonic }),
            Ok(Reply::Time(123_456_789_000)),
        )]);
        let mut bytes = vec![0u8; 16];
        let mut mem = GuestMemory::new(&mut bytes);
        clock_time_get(&mut ctx, &mut mem, 1, 0, 8).unwrap();
        assert_eq!(mem.read_u64(8), Ok(123_456_789_000));
    }

    #[test]
    fn a_bad_output_pointer_asks_nothing() {
        let mut ctx = testing::ctx(vec![]);
        let mut bytes = vec![0u8; 16];
        let mut mem = GuestMemory::new(&mut bytes);
        let e = clock_res_get(&mut ctx, &mut mem, 0, 12).unwrap_err();
        assert!(matches!(e, CallError::Errno(WasiErrno::EFAULT)));
    }
}
