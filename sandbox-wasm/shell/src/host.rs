//! The `sandbox_process_v1` host imports (docs/wasm-abi.md in the product's
//! repository), with safe wrappers. Every function returns a WASI errno.

use crate::errno::from_wasi;
use yash_env::system::{Errno, Result};

use sandbox_guest_abi::process::{self as abi, Action, SpawnRequest, Str};

pub use sandbox_guest_abi::process::{SIG_DEFAULT, SIG_HANDLE, SIG_IGNORE, WNOHANG};

fn check(errno: i32) -> Result<()> {
    if errno == 0 { Ok(()) } else { Err(from_wasi(errno)) }
}

pub fn getpid() -> i32 {
    let mut out = 0;
    // SAFETY: the host writes one i32 through a valid pointer.
    unsafe { abi::getpid(&mut out) };
    out
}

pub fn getppid() -> i32 {
    let mut out = 0;
    // SAFETY: as `getpid`.
    unsafe { abi::getppid(&mut out) };
    out
}

/// What a spawned child's descriptor `fd` is: a copy of the caller's `from`,
/// or closed.
#[derive(Clone, Copy, Debug)]
pub enum FdAction {
    Dup2 { from: i32, fd: i32 },
    Close(i32),
}

pub fn spawn(
    program: &[u8],
    argv: &[&[u8]],
    env: &[&[u8]],
    cwd: &[u8],
    actions: &[FdAction],
) -> Result<i32> {
    let strs = |items: &[&[u8]]| -> Vec<Str> { items.iter().map(|s| Str::new(s)).collect() };
    let argv = strs(argv);
    let env = strs(env);
    let actions: Vec<Action> = actions
        .iter()
        .map(|a| match *a {
            FdAction::Dup2 { from, fd } => Action::dup2(from, fd),
            FdAction::Close(fd) => Action::close(fd),
        })
        .collect();
    let req = SpawnRequest::new(program, &argv, &env, cwd, &actions);
    let mut pid = 0;
    // SAFETY: every pointer in `req` points into vectors and slices that outlive the call.
    check(unsafe { abi::spawn(&req, &mut pid) })?;
    Ok(pid)
}

/// `waitpid`; `Ok(None)` under `WNOHANG` with nothing ready.
pub fn waitpid(pid: i32, options: u32) -> Result<Option<(i32, i32)>> {
    let (mut got, mut status) = (0, 0);
    // SAFETY: two i32 out-pointers.
    check(unsafe { abi::waitpid(pid, options, &mut got, &mut status) })?;
    Ok((got != 0).then_some((got, status)))
}

pub fn kill(pid: i32, sig: u32) -> Result<()> {
    // SAFETY: no pointers.
    check(unsafe { abi::kill(pid, sig) })
}

/// A close-on-exec pipe: (read end, write end).
pub fn pipe() -> Result<(i32, i32)> {
    let mut fds = [0; 2];
    // SAFETY: one [i32; 2] out-pointer.
    check(unsafe { abi::pipe(abi::PIPE_CLOEXEC, &mut fds) })?;
    Ok((fds[0], fds[1]))
}

pub fn set_cloexec(fd: i32, on: bool) -> Result<()> {
    let fd = u32::try_from(fd).map_err(|_| Errno::EBADF)?;
    // SAFETY: no pointers.
    check(unsafe { abi::set_cloexec(fd, on.into()) })
}

pub fn sigaction(sig: u32, disposition: u32) -> Result<()> {
    let mut old = 0;
    // SAFETY: one u32 out-pointer.
    check(unsafe { abi::sigaction(sig, disposition, &mut old) })
}

/// The oldest handled signal delivered and not yet taken.
pub fn signal_next() -> Option<i32> {
    let mut out = 0;
    // SAFETY: one i32 out-pointer.
    let errno = unsafe { abi::signal_next(&mut out) };
    (errno == 0 && out != 0).then_some(out)
}
