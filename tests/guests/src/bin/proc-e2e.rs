//! `proc-e2e`: a WASI program using the process extension (`sandbox_process_v1`,
//! `docs/wasm-abi.md`), for the end-to-end tests. It spawns itself (installed at
//! `/app/proc.wasm`) for the child's part.
//!
//! ```text
//! proc-e2e pipeline <text>   spawn `echo <text>` with its stdout on a pipe; print
//!                            `read: <what came through>` and `status: <hex>`
//! proc-e2e bigpipe <n>       spawn `spew <n>` with its stdout on a pipe; print `read: <bytes>`
//!                            and `status: <hex>`
//! proc-e2e kill              spawn `block` on a pipe; SIGTERM it; print `status: <hex>`
//! proc-e2e ids               print `pid ppid pgid sid`
//! proc-e2e signal            handle SIGUSR1, send it to itself, print what
//!                            signal_next gives twice
//! proc-e2e run <name> <args> spawn <name> (resolved through PATH) with the same stdio;
//!                            print `status: <hex>`, or `errno: <N>` (WASI)
//! proc-e2e missing           spawn /app/missing.wasm; print `errno: <N>` (WASI)
//! proc-e2e spawn-path <path> spawn <path>; print `spawned <pid>` or `errno: <N>` (WASI)
//! proc-e2e kill-pid <pid>    kill(<pid>, 0); print `errno: <N>` (WASI; 0 = exists)
//! proc-e2e echo <text>       (the child) print <text>, exit 3
//! proc-e2e block             (the child) read stdin until end of file
//! proc-e2e deadlock          read a pipe whose only writer is itself (waits forever)
//! proc-e2e wait-deadlocked   spawn `deadlock` and wait for it (forever)
//! proc-e2e spew <n>          (the child) write <n> bytes to stdout
//! ```

use std::io::{Read, Write};
use std::os::fd::FromRawFd;

use sandbox_guest_abi::process::{
    getpgid, getpid, getppid, getsid, kill, pipe, sigaction, signal_next, spawn, waitpid, Action,
    SpawnRequest, Str, SIG_HANDLE,
};

const PROGRAM: &str = "/app/proc.wasm";
const SIGTERM: u32 = 15;
const SIGUSR1: u32 = 10;

fn check(what: &str, errno: i32) {
    if errno != 0 {
        eprintln!("{what}: WASI errno {errno}");
        std::process::exit(1);
    }
}

/// Spawns this program with `args` and `actions`; the pid, or the WASI errno.
fn spawn_self(program: &str, args: &[&str], actions: &[Action]) -> Result<i32, i32> {
    let argv: Vec<Str> = std::iter::once(program)
        .chain(args.iter().copied())
        .map(|a| Str::new(a.as_bytes()))
        .collect();
    let req = SpawnRequest::new(program.as_bytes(), &argv, &[], &[], actions);
    let mut pid = 0;
    // SAFETY: every pointer in `req` is valid for its length for the call.
    match unsafe { spawn(&req, &mut pid) } {
        0 => Ok(pid),
        e => Err(e),
    }
}

fn wait_for(pid: i32) -> i32 {
    let (mut got, mut status) = (0, 0);
    // SAFETY: valid out-pointers.
    check("waitpid", unsafe { waitpid(pid, 0, &mut got, &mut status) });
    assert_eq!(got, pid);
    status
}

fn new_pipe() -> [i32; 2] {
    let mut fds = [0; 2];
    // SAFETY: a valid out-pointer.
    check("pipe", unsafe { pipe(0, &mut fds) });
    fds
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |i: usize| args.get(i).map(String::as_str).unwrap_or("");
    match arg(1) {
        "pipeline" => {
            let [r, w] = new_pipe();
            let pid = spawn_self(
                PROGRAM,
                &["echo", arg(2)],
                &[Action::dup2(w, 1), Action::close(r), Action::close(w)],
            )
            .unwrap_or_else(|e| {
                check("spawn", e);
                0
            });
            // SAFETY: `w` is this program's descriptor, closed once (by the File).
            drop(unsafe { std::fs::File::from_raw_fd(w) });
            let mut got = String::new();
            // SAFETY: as above, for `r`.
            let mut reader = unsafe { std::fs::File::from_raw_fd(r) };
            reader.read_to_string(&mut got).expect("read the pipe");
            println!("read: {}", got.trim_end());
            println!("status: {:#x}", wait_for(pid));
        }
        "bigpipe" => {
            let [r, w] = new_pipe();
            let actions = [Action::dup2(w, 1), Action::close(r), Action::close(w)];
            let pid = spawn_self(PROGRAM, &["spew", arg(2)], &actions).unwrap_or_else(|e| {
                check("spawn", e);
                0
            });
            // SAFETY: `w` is this program's descriptor, closed once (by the File).
            drop(unsafe { std::fs::File::from_raw_fd(w) });
            // SAFETY: as above, for `r`.
            let mut reader = unsafe { std::fs::File::from_raw_fd(r) };
            let mut total = 0usize;
            let mut buf = vec![0u8; 65536];
            loop {
                match reader.read(&mut buf).expect("read the pipe") {
                    0 => break,
                    n => {
                        assert!(buf[..n].iter().all(|&b| b == b'z'), "the bytes written");
                        total += n;
                    }
                }
            }
            println!("read: {total}");
            println!("status: {:#x}", wait_for(pid));
        }
        "spew" => {
            let n: usize = arg(2).parse().expect("a count");
            let chunk = vec![b'z'; 100_000];
            let mut out = std::io::stdout().lock();
            let mut left = n;
            while left > 0 {
                let k = left.min(chunk.len());
                out.write_all(&chunk[..k]).expect("write");
                left -= k;
            }
        }
        "kill" => {
            let [r, w] = new_pipe();
            let pid = spawn_self(
                PROGRAM,
                &["block"],
                &[Action::dup2(r, 0), Action::close(r), Action::close(w)],
            )
            .unwrap_or_else(|e| {
                check("spawn", e);
                0
            });
            // SAFETY: valid arguments.
            check("kill", unsafe { kill(pid, SIGTERM) });
            println!("status: {:#x}", wait_for(pid));
        }
        "ids" => {
            let (mut pid, mut ppid, mut pgid, mut sid) = (0, 0, 0, 0);
            // SAFETY: valid out-pointers.
            unsafe {
                check("getpid", getpid(&mut pid));
                check("getppid", getppid(&mut ppid));
                check("getpgid", getpgid(0, &mut pgid));
                check("getsid", getsid(0, &mut sid));
            }
            println!("{pid} {ppid} {pgid} {sid}");
        }
        "signal" => {
            let (mut old, mut me, mut first, mut second) = (9, 0, 0, 0);
            // SAFETY: valid arguments and out-pointers.
            unsafe {
                check("sigaction", sigaction(SIGUSR1, SIG_HANDLE, &mut old));
                check("getpid", getpid(&mut me));
                check("kill", kill(me, SIGUSR1));
                check("signal_next", signal_next(&mut first));
                check("signal_next", signal_next(&mut second));
            }
            println!("old {old} first {first} second {second}");
        }
        "spawn-path" => match spawn_self(arg(2), &[], &[]) {
            Ok(pid) => println!("spawned {pid}"),
            Err(e) => println!("errno: {e}"),
        },
        "kill-pid" => {
            let pid: i32 = arg(2).parse().expect("a pid");
            // SAFETY: plain integers.
            let errno = unsafe { kill(pid, 0) };
            println!("errno: {errno}");
        }
        // Starts another program by name (argv[0] is the name) with the same stdio.
        "run" => {
            let rest: Vec<&str> = args.iter().skip(3).map(String::as_str).collect();
            match spawn_self(arg(2), &rest, &[]) {
                Ok(pid) => println!("status: {:#x}", wait_for(pid)),
                Err(e) => println!("errno: {e}"),
            }
        }
        "missing" => match spawn_self("/app/missing.wasm", &[], &[]) {
            Ok(pid) => println!("spawned {pid}"),
            Err(e) => println!("errno: {e}"),
        },
        "echo" => {
            println!("{}", arg(2));
            std::io::stdout().flush().expect("flush");
            std::process::exit(3);
        }
        "block" => {
            let mut sink = Vec::new();
            let _ = std::io::stdin().read_to_end(&mut sink);
        }
        "wait-deadlocked" => {
            let pid = spawn_self(PROGRAM, &["deadlock"], &[]).unwrap_or_else(|e| {
                check("spawn", e);
                0
            });
            println!("status: {:#x}", wait_for(pid));
        }
        "deadlock" => {
            // Reads a pipe whose only writer is itself: waits forever, using no CPU.
            let mut fds = [0i32; 2];
            // SAFETY: `fds` is a live array of two i32s the call fills.
            check("pipe", unsafe { pipe(0, &mut fds) });
            println!("waiting");
            std::io::stdout().flush().expect("flush");
            // SAFETY: fds[0] was just returned by pipe and is owned here.
            let mut read_end = unsafe { std::fs::File::from_raw_fd(fds[0]) };
            let mut byte = [0u8; 1];
            let _ = read_end.read(&mut byte);
            println!("never");
        }
        _ => {
            eprintln!("usage: proc-e2e pipeline|kill|ids|signal|missing");
            std::process::exit(2);
        }
    }
}
