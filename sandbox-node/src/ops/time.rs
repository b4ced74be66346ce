//! The clock: timers measure time on the kernel's monotonic clock, so the kernel can
//! virtualise time for every runtime alike.

use syscall_proto::time::{Clock, TimeRequest};
use syscall_proto::{Reply, Request};

use super::{call, unexpected};

/// Milliseconds on the kernel's monotonic clock, or `None` when the program is
/// stopping (see `kernel::call`).
pub fn now_ms(scope: &mut v8::PinScope) -> Option<f64> {
    match call(scope, Request::Time(TimeRequest::Now { clock: Clock::Monotonic }))? {
        Ok(Reply::Time(nanos)) => Some(nanos as f64 / 1e6),
        Ok(other) => {
            unexpected(scope, "Now", other);
            None
        }
        // The monotonic clock cannot fail; a kernel that says otherwise broke the contract.
        Err(_) => {
            unexpected(scope, "Now", Reply::Unit);
            None
        }
    }
}

/// `op_time_now()`: [`now_ms`] for `setTimeout` and `performance.now`.
pub fn op_time_now(
    scope: &mut v8::PinScope,
    _args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    if let Some(ms) = now_ms(scope) {
        rv.set_double(ms);
    }
}
