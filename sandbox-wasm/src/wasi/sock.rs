//! `sock_*`: the kernel's socket table is not reachable from WASI yet, so no descriptor
//! is a socket this runtime can drive. Every call is `ENOTSUP` ("not supported"), which
//! wasi-libc and Rust std report as such.

use super::{CallResult, GuestMemory, WasiCtx};
use crate::errno::WasiErrno;

pub fn sock_accept(
    _ctx: &mut WasiCtx,
    _mem: &mut GuestMemory<'_>,
    _fd: u32,
    _flags: u32,
    _out: u32,
) -> CallResult {
    Err(WasiErrno::ENOTSUP.into())
}

#[allow(clippy::too_many_arguments, reason = "the WASI ABI fixes the parameters")]
pub fn sock_recv(
    _ctx: &mut WasiCtx,
    _mem: &mut GuestMemory<'_>,
    _fd: u32,
    _ri_data: u32,
    _ri_data_len: u32,
    _ri_flags: u32,
    _ro_datalen: u32,
    _ro_flags: u32,
) -> CallResult {
    Err(WasiErrno::ENOTSUP.into())
}

pub fn sock_send(
    _ctx: &mut WasiCtx,
    _mem: &mut GuestMemory<'_>,
    _fd: u32,
    _si_data: u32,
    _si_data_len: u32,
    _si_flags: u32,
    _so_datalen: u32,
) -> CallResult {
    Err(WasiErrno::ENOTSUP.into())
}

pub fn sock_shutdown(
    _ctx: &mut WasiCtx,
    _mem: &mut GuestMemory<'_>,
    _fd: u32,
    _how: u32,
) -> CallResult {
    Err(WasiErrno::ENOTSUP.into())
}
