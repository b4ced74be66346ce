//! The `sandbox_process_v1` host imports (docs/wasm-abi.md in the product's
//! repository), with safe wrappers. Every function returns a WASI errno.

use crate::errno::from_wasi;
use yash_env::system::{Errno, Result};

#[link(wasm_import_module = "sandbox_process_v1")]
unsafe extern "C" {
    #[link_name = "getpid"]
    fn raw_getpid(out: *mut i32) -> i32;
    #[link_name = "getppid"]
    fn raw_getppid(out: *mut i32) -> i32;
    #[link_name = "spawn"]
    fn raw_spawn(req: *const SpawnRequest, pid_out: *mut i32) -> i32;
    #[link_name = "waitpid"]
    fn raw_waitpid(pid: i32, options: u32, pid_out: *mut i32, status_out: *mut i32) -> i32;
    #[link_name = "kill"]
    fn raw_kill(pid: i32, sig: u32) -> i32;
    #[link_name = "pipe"]
    fn raw_pipe(flags: u32, fds_out: *mut [i32; 2]) -> i32;
    #[link_name = "set_cloexec"]
    fn raw_set_cloexec(fd: u32, on: u32) -> i32;
    #[link_name = "sigaction"]
    fn raw_sigaction(sig: u32, disposition: u32, old_out: *mut u32) -> i32;
    #[link_name = "signal_next"]
    fn raw_signal_next(out: *mut i32) -> i32;
}

pub const WNOHANG: u32 = 1;
const PIPE_CLOEXEC: u32 = 1;

/// Host dispositions for `sigaction`.
pub const SIG_DEFAULT: u32 = 0;
pub const SIG_IGNORE: u32 = 1;
pub const SIG_HANDLE: u32 = 2;

const ACTION_DUP2: u32 = 0;
const ACTION_CLOSE: u32 = 1;

#[repr(C)]
struct Str {
    ptr: *const u8,
    len: u32,
}

#[repr(C)]
struct Action {
    kind: u32,
    fd: i32,
    from: i32,
    path_ptr: *const u8,
    path_len: u32,
    flags: u32,
    mode: u32,
}

#[repr(C)]
struct SpawnRequest {
    program: *const u8,
    program_len: u32,
    argv: *const Str,
    argc: u32,
    env: *const Str,
    envc: u32,
    cwd: *const u8,
    cwd_len: u32,
    actions: *const Action,
    actions_len: u32,
    pgroup: i32,
    flags: u32,
}

fn check(errno: i32) -> Result<()> {
    if errno == 0 { Ok(()) } else { Err(from_wasi(errno)) }
}

pub fn getpid() -> i32 {
    let mut out = 0;
    // SAFETY: the host writes one i32 through a valid pointer.
    unsafe { raw_getpid(&mut out) };
    out
}

pub fn getppid() -> i32 {
    let mut out = 0;
    // SAFETY: as `getpid`.
    unsafe { raw_getppid(&mut out) };
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
    let strs = |items: &[&[u8]]| -> Vec<Str> {
        items.iter().map(|s| Str { ptr: s.as_ptr(), len: s.len() as u32 }).collect()
    };
    let argv = strs(argv);
    let env = strs(env);
    let actions: Vec<Action> = actions
        .iter()
        .map(|a| {
            let (kind, fd, from) = match *a {
                FdAction::Dup2 { from, fd } => (ACTION_DUP2, fd, from),
                FdAction::Close(fd) => (ACTION_CLOSE, fd, 0),
            };
            Action { kind, fd, from, path_ptr: std::ptr::null(), path_len: 0, flags: 0, mode: 0 }
        })
        .collect();
    let req = SpawnRequest {
        program: program.as_ptr(),
        program_len: program.len() as u32,
        argv: argv.as_ptr(),
        argc: argv.len() as u32,
        env: env.as_ptr(),
        envc: env.len() as u32,
        cwd: cwd.as_ptr(),
        cwd_len: cwd.len() as u32,
        actions: actions.as_ptr(),
        actions_len: actions.len() as u32,
        pgroup: -1,
        flags: 0,
    };
    let mut pid = 0;
    // SAFETY: every pointer in `req` points into vectors and slices that outlive the call.
    check(unsafe { raw_spawn(&req, &mut pid) })?;
    Ok(pid)
}

/// `waitpid`; `Ok(None)` under `WNOHANG` with nothing ready.
pub fn waitpid(pid: i32, options: u32) -> Result<Option<(i32, i32)>> {
    let (mut got, mut status) = (0, 0);
    // SAFETY: two i32 out-pointers.
    check(unsafe { raw_waitpid(pid, options, &mut got, &mut status) })?;
    Ok((got != 0).then_some((got, status)))
}

pub fn kill(pid: i32, sig: u32) -> Result<()> {
    // SAFETY: no pointers.
    check(unsafe { raw_kill(pid, sig) })
}

/// A close-on-exec pipe: (read end, write end).
pub fn pipe() -> Result<(i32, i32)> {
    let mut fds = [0; 2];
    // SAFETY: one [i32; 2] out-pointer.
    check(unsafe { raw_pipe(PIPE_CLOEXEC, &mut fds) })?;
    Ok((fds[0], fds[1]))
}

pub fn set_cloexec(fd: i32, on: bool) -> Result<()> {
    let fd = u32::try_from(fd).map_err(|_| Errno::EBADF)?;
    // SAFETY: no pointers.
    check(unsafe { raw_set_cloexec(fd, on.into()) })
}

pub fn sigaction(sig: u32, disposition: u32) -> Result<()> {
    let mut old = 0;
    // SAFETY: one u32 out-pointer.
    check(unsafe { raw_sigaction(sig, disposition, &mut old) })
}

/// The oldest handled signal delivered and not yet taken.
pub fn signal_next() -> Option<i32> {
    let mut out = 0;
    // SAFETY: one i32 out-pointer.
    let errno = unsafe { raw_signal_next(&mut out) };
    (errno == 0 && out != 0).then_some(out)
}
