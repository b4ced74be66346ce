//! `proc_exit` and `proc_raise`.

use super::{CallResult, GuestMemory, Stop, WasiCtx};
use crate::errno::WasiErrno;

/// `proc_exit`: unwinds the wasm stack with [`Stop::Exit`]; `run.rs` reports the status
/// to the kernel and exits the process. Not a [`CallResult`]: it never returns to the
/// program.
pub fn proc_exit(code: u32) -> Stop {
    Stop::Exit(code)
}

/// `proc_raise`: signals arrive with the process extension; until then `ENOSYS`.
pub fn proc_raise(_ctx: &mut WasiCtx, _mem: &mut GuestMemory<'_>, _sig: u32) -> CallResult {
    Err(WasiErrno::ENOSYS.into())
}
