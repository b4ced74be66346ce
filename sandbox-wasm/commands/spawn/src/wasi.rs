//! The `sandbox_process_v1` imports this crate uses: `spawn`, `waitpid` and `pipe`.

use std::ffi::{OsStr, OsString};
use std::io;
use std::os::wasi::ffi::OsStrExt;
use std::path::Path;

use crate::{ExitStatus, Stdio};

use sandbox_guest_abi::process::{self as abi, Action, SpawnRequest, Str};

const EINTR: i32 = 27;

fn strs(items: &[Vec<u8>]) -> Vec<Str> {
    items.iter().map(|s| Str::new(s)).collect()
}

fn errno(code: i32) -> io::Error {
    // wasi-libc's errno numbers are WASI's, which is what the host returns.
    io::Error::from_raw_os_error(code)
}

/// Runs the program with its stdout on a pipe read here; stderr stays the caller's.
pub fn run_capturing(
    program: &OsStr,
    args: &[OsString],
    env: &[(OsString, OsString)],
    cwd: &Path,
    stdin: Stdio,
) -> io::Result<(ExitStatus, Vec<u8>)> {
    use std::io::Read;
    use std::os::fd::FromRawFd;
    let mut fds = [0i32; 2];
    // SAFETY: the host writes two i32 through the pointer.
    let code = unsafe { abi::pipe(abi::PIPE_CLOEXEC, &mut fds) };
    if code != 0 {
        return Err(errno(code));
    }
    // SAFETY: both descriptors were just made by `pipe` and are owned here only.
    let (mut reader, writer) =
        unsafe { (std::fs::File::from_raw_fd(fds[0]), std::fs::File::from_raw_fd(fds[1])) };
    // Both ends are close-on-exec: the child keeps only its copy on descriptor 1.
    let started = start(program, args, env, cwd, stdin, Some(fds[1]));
    // The child holds the write end now; ours must go for the read to see its end.
    drop(writer);
    let pid = started?;
    let mut out = Vec::new();
    let read = reader.read_to_end(&mut out);
    let status = wait(pid)?;
    read?;
    Ok((status, out))
}

/// Starts the program with its stdin on a pipe; returns its pid and the write end.
pub fn start_writing(
    program: &OsStr,
    args: &[OsString],
    env: &[(OsString, OsString)],
    cwd: &Path,
) -> io::Result<(i32, std::fs::File)> {
    use std::os::fd::FromRawFd;
    let mut fds = [0i32; 2];
    // SAFETY: the host writes two i32 through the pointer.
    let code = unsafe { abi::pipe(abi::PIPE_CLOEXEC, &mut fds) };
    if code != 0 {
        return Err(errno(code));
    }
    // SAFETY: both descriptors were just made by `pipe` and are owned here only.
    let (reader, writer) =
        unsafe { (std::fs::File::from_raw_fd(fds[0]), std::fs::File::from_raw_fd(fds[1])) };
    let started = start(program, args, env, cwd, Stdio::Pipe(fds[0]), None);
    // The child holds the read end now; ours must go for the child to see the end.
    drop(reader);
    Ok((started?, writer))
}

pub fn run(
    program: &OsStr,
    args: &[OsString],
    env: &[(OsString, OsString)],
    cwd: &Path,
    stdin: Stdio,
) -> io::Result<ExitStatus> {
    let pid = start(program, args, env, cwd, stdin, None)?;
    wait(pid)
}

/// Spawns the program (its stdout on `stdout` when given); returns its pid.
fn start(
    program: &OsStr,
    args: &[OsString],
    env: &[(OsString, OsString)],
    cwd: &Path,
    stdin: Stdio,
    stdout: Option<i32>,
) -> io::Result<i32> {
    let argv: Vec<Vec<u8>> = std::iter::once(program)
        .chain(args.iter().map(|a| a.as_os_str()))
        .map(|a| a.as_bytes().to_vec())
        .collect();
    let envp: Vec<Vec<u8>> =
        env.iter().map(|(k, v)| [k.as_bytes(), b"=", v.as_bytes()].concat()).collect();
    let (argv_s, env_s) = (strs(&argv), strs(&envp));
    let program = program.as_bytes();
    let cwd = cwd.as_os_str().as_bytes();
    let mut actions: Vec<Action> = match stdin {
        Stdio::Inherit => Vec::new(),
        Stdio::Pipe(from) => vec![Action::dup2(from, 0)],
        Stdio::Null => vec![Action::open(0, b"/dev/null", abi::OPEN_READ, 0)],
    };
    if let Some(from) = stdout {
        actions.push(Action::dup2(from, 1));
    }
    let req = SpawnRequest::new(program, &argv_s, &env_s, cwd, &actions);
    let mut pid = 0;
    // SAFETY: every pointer in `req` points into a live buffer of the stated length,
    // and the host writes one i32 through `pid`.
    let code = unsafe { abi::spawn(&req, &mut pid) };
    if code != 0 {
        return Err(errno(code));
    }
    Ok(pid)
}

/// Waits for the child `pid` to end.
pub fn wait(pid: i32) -> io::Result<ExitStatus> {
    loop {
        let (mut got, mut status) = (0, 0);
        // SAFETY: the host writes one i32 through each pointer.
        match unsafe { abi::waitpid(pid, 0, &mut got, &mut status) } {
            0 => return Ok(ExitStatus::from_raw(status)),
            // A handled signal interrupted the wait; the child still runs.
            EINTR => continue,
            code => return Err(errno(code)),
        }
    }
}
