//! The `sandbox_process_v1` imports this crate uses: `spawn` and `waitpid`.

use std::ffi::{OsStr, OsString};
use std::io;
use std::os::wasi::ffi::OsStrExt;
use std::path::Path;

use crate::{ExitStatus, Stdio};

#[link(wasm_import_module = "sandbox_process_v1")]
unsafe extern "C" {
    #[link_name = "spawn"]
    fn raw_spawn(req: *const SpawnRequest, pid_out: *mut i32) -> i32;
    #[link_name = "waitpid"]
    fn raw_waitpid(pid: i32, options: u32, pid_out: *mut i32, status_out: *mut i32) -> i32;
}

const EINTR: i32 = 27;
const ACTION_OPEN: u32 = 2;
const OPEN_READ: u32 = 1;

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

fn strs(items: &[Vec<u8>]) -> Vec<Str> {
    items.iter().map(|s| Str { ptr: s.as_ptr(), len: s.len() as u32 }).collect()
}

fn errno(code: i32) -> io::Error {
    // wasi-libc's errno numbers are WASI's, which is what the host returns.
    io::Error::from_raw_os_error(code)
}

pub fn run(
    program: &OsStr,
    args: &[OsString],
    env: &[(OsString, OsString)],
    cwd: &Path,
    stdin: Stdio,
) -> io::Result<ExitStatus> {
    let argv: Vec<Vec<u8>> = std::iter::once(program)
        .chain(args.iter().map(|a| a.as_os_str()))
        .map(|a| a.as_bytes().to_vec())
        .collect();
    let envp: Vec<Vec<u8>> =
        env.iter().map(|(k, v)| [k.as_bytes(), b"=", v.as_bytes()].concat()).collect();
    let (argv_s, env_s) = (strs(&argv), strs(&envp));
    let program = program.as_bytes();
    let cwd = cwd.as_os_str().as_bytes();
    let null = b"/dev/null";
    let actions: Vec<Action> = match stdin {
        Stdio::Inherit => Vec::new(),
        Stdio::Null => vec![Action {
            kind: ACTION_OPEN,
            fd: 0,
            from: 0,
            path_ptr: null.as_ptr(),
            path_len: null.len() as u32,
            flags: OPEN_READ,
            mode: 0,
        }],
    };
    let req = SpawnRequest {
        program: program.as_ptr(),
        program_len: program.len() as u32,
        argv: argv_s.as_ptr(),
        argc: argv_s.len() as u32,
        env: env_s.as_ptr(),
        envc: env_s.len() as u32,
        cwd: cwd.as_ptr(),
        cwd_len: cwd.len() as u32,
        actions: actions.as_ptr(),
        actions_len: actions.len() as u32,
        pgroup: -1,
        flags: 0,
    };
    let mut pid = 0;
    // SAFETY: every pointer in `req` points into a live buffer of the stated length,
    // and the host writes one i32 through `pid`.
    let code = unsafe { raw_spawn(&req, &mut pid) };
    if code != 0 {
        return Err(errno(code));
    }
    loop {
        let (mut got, mut status) = (0, 0);
        // SAFETY: the host writes one i32 through each pointer.
        match unsafe { raw_waitpid(pid, 0, &mut got, &mut status) } {
            0 => return Ok(ExitStatus::from_raw(status)),
            // A handled signal interrupted the wait; the child still runs.
            EINTR => continue,
            code => return Err(errno(code)),
        }
    }
}
