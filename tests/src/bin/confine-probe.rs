//! The confinement probe: a stand-in runtime that tries one forbidden thing.
//!
//! `tests/tests/confinement.rs` starts it through `policies::confine::spawn`, exactly as
//! the kernel starts `sandbox-wasm`, with eventfds as dummy ring descriptors 3, 4, 5.
//! It then locks itself down through the same function a runtime uses and makes ONE
//! attempt:
//!
//! ```text
//! confine-probe ATTEMPT [KERNEL_PID] [--layers=all|landlock|none] [--profile=wasm|node]
//! ```
//!
//! - `--layers=all` (default): `policies::confine::lock_down(profile)`, by default
//!   `RuntimeProfile::Wasm`.
//! - `--layers=landlock`: only what `lock_down` applies before seccomp (stray
//!   descriptors, `no_new_privs`, `policies::confine::landlock::restrict_self`), to see
//!   the errno Landlock alone gives.
//! - `--layers=none`: nothing beyond what `spawn` did (the control that shows an
//!   attempt *can* succeed, so a passing test means something).
//!
//! Output on stderr: `lockdown: <report>`, `attempt: <name>`, then `result: ok` or
//! `result: errno=<NAME>`; the exit status is 0 only if the call succeeded. A call the
//! seccomp profile does not list never returns: the process dies with `SIGSYS`.
//!
//! Attempts: `none`, `open`, `socket`, `tcp-connect`, `tcp-bind`, `execve`, `ptrace`,
//! `kill-parent` (both act on the pid given as KERNEL_PID: the test's own, or a sibling
//! runtime's, which the probe's own pid namespace should hide; `kill-parent` sends
//! signal 0, i.e. only the permission check), `ptrace-child` and `kill-child` (the same
//! on a child the probe forks *before* locking down, i.e. outside its Landlock domain,
//! inside its pid namespace), `fork`, `io_uring`, `memfd`, `unshare`, `mount`,
//! `mmap-big` (512 MiB of writable memory, to meet `RLIMIT_DATA`), `spin` (burn CPU, to
//! meet `RLIMIT_CPU`), `thread` (start and join a named thread: the node profile's
//! thread rules), and `report` (print what `spawn` set up, then wait for a write to
//! descriptor 5).

use std::io::Write;
use std::process::ExitCode;

use policies::confine::{self, RuntimeProfile};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let layers = args.iter().find_map(|a| a.strip_prefix("--layers=")).unwrap_or("all").to_owned();
    let profile = match args.iter().find_map(|a| a.strip_prefix("--profile=")) {
        None | Some("wasm") => RuntimeProfile::Wasm,
        Some("node") => RuntimeProfile::Node,
        Some(other) => {
            eprintln!("unknown --profile={other}");
            return ExitCode::from(2);
        }
    };
    let positional: Vec<&str> =
        args.iter().filter(|a| !a.starts_with("--")).map(String::as_str).collect();
    let Some(&attempt) = positional.first() else {
        eprintln!("usage: confine-probe ATTEMPT [KERNEL_PID] [--layers=all|landlock|none]");
        return ExitCode::from(2);
    };
    let kernel_pid: libc::pid_t = positional.get(1).and_then(|p| p.parse().ok()).unwrap_or(0);

    if attempt == "report" {
        return report();
    }
    // A target outside the Landlock domain the lock-down creates, but inside the
    // probe's pid namespace (where nothing else is): a child forked now.
    let child_target = if matches!(attempt, "kill-child" | "ptrace-child") {
        // SAFETY: the probe is single-threaded here; the child only pauses until the
        // probe, pid 1 of the namespace, exits and the namespace ends.
        let pid = unsafe { libc::fork() };
        if pid == 0 {
            loop {
                // SAFETY: pause has no arguments.
                unsafe { libc::pause() };
            }
        }
        if pid < 0 {
            eprintln!("fork for the target child: {}", std::io::Error::last_os_error());
            return ExitCode::from(4);
        }
        pid
    } else {
        0
    };

    match layers.as_str() {
        "all" => match confine::lock_down(profile) {
            Ok(report) => eprintln!("lockdown: {report}"),
            Err(e) => {
                eprintln!("lockdown failed: {e}");
                return ExitCode::from(3);
            }
        },
        "landlock" => {
            let step =
                confine::fds::close_strays().and_then(|_| confine::landlock::restrict_self());
            match step {
                Ok(applied) => eprintln!("lockdown: landlock only: {applied:?}"),
                Err(e) => {
                    eprintln!("lockdown failed: {e}");
                    return ExitCode::from(3);
                }
            }
        }
        "none" => eprintln!("lockdown: none"),
        other => {
            eprintln!("unknown --layers={other}");
            return ExitCode::from(2);
        }
    }

    eprintln!("attempt: {attempt}");
    let result = match attempt {
        "none" => 0,
        "open" => open_passwd(),
        "socket" => {
            // SAFETY: socket takes integers only.
            unsafe { libc::socket(libc::AF_INET, libc::SOCK_STREAM, 0) }
        }
        "tcp-connect" => tcp(false),
        "tcp-bind" => tcp(true),
        "execve" => {
            let path = c"/bin/true";
            let argv = [path.as_ptr(), std::ptr::null()];
            let envp = [std::ptr::null()];
            // SAFETY: null-terminated argv/envp arrays of valid C strings.
            unsafe { libc::execve(path.as_ptr(), argv.as_ptr(), envp.as_ptr()) }
        }
        "ptrace" | "ptrace-child" => {
            let target = if attempt == "ptrace" { kernel_pid } else { child_target };
            // SAFETY: PTRACE_ATTACH takes a pid and ignores the pointers.
            unsafe { libc::ptrace(libc::PTRACE_ATTACH, target, 0usize, 0usize) as libc::c_int }
        }
        "kill-parent" | "kill-child" => {
            let target = if attempt == "kill-parent" { kernel_pid } else { child_target };
            // Signal 0: the permission checks of kill(2) without a signal. If every
            // layer failed, this must not take the test harness down with it.
            // SAFETY: kill takes integers only.
            unsafe { libc::kill(target, 0) }
        }
        "fork" => {
            // SAFETY: the child only calls _exit.
            let pid = unsafe { libc::fork() };
            if pid == 0 {
                // SAFETY: ends the child at once.
                unsafe { libc::_exit(0) };
            }
            pid
        }
        "io_uring" => {
            let mut params = [0u8; 120]; // struct io_uring_params
                                         // SAFETY: the kernel writes at most sizeof(io_uring_params) = 120 bytes.
            unsafe {
                libc::syscall(libc::SYS_io_uring_setup, 8, params.as_mut_ptr()) as libc::c_int
            }
        }
        "memfd" => {
            // SAFETY: a valid C string and flags.
            unsafe { libc::memfd_create(c"probe".as_ptr(), 0) }
        }
        "unshare" => {
            // SAFETY: flags only.
            unsafe { libc::unshare(libc::CLONE_NEWUSER) }
        }
        "mount" => {
            // SAFETY: valid C strings and a null data pointer.
            unsafe {
                libc::mount(
                    c"none".as_ptr(),
                    c"/tmp".as_ptr(),
                    c"tmpfs".as_ptr(),
                    0,
                    std::ptr::null(),
                )
            }
        }
        "mmap-big" => {
            // SAFETY: an anonymous mapping at an address of the kernel's choosing.
            let p = unsafe {
                libc::mmap(
                    std::ptr::null_mut(),
                    512 << 20,
                    libc::PROT_READ | libc::PROT_WRITE,
                    libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                    -1,
                    0,
                )
            };
            if p == libc::MAP_FAILED {
                -1
            } else {
                0
            }
        }
        "thread" => {
            let worker = std::thread::Builder::new().name("probe-worker".into()).spawn(|| 7);
            match worker.map(|w| w.join()) {
                Ok(Ok(7)) => 0,
                Ok(_) => {
                    eprintln!("thread: the worker failed");
                    return ExitCode::FAILURE;
                }
                Err(e) => {
                    eprintln!("thread: {e}");
                    // Report the spawn error's errno.
                    let errno = e.raw_os_error().unwrap_or(0);
                    eprintln!("result: errno={}", errno_name(errno));
                    return ExitCode::FAILURE;
                }
            }
        }
        "spin" => {
            let mut x = 0u64;
            loop {
                x = std::hint::black_box(x.wrapping_add(1));
            }
        }
        other => {
            eprintln!("unknown attempt {other}");
            return ExitCode::from(2);
        }
    };
    if result >= 0 {
        eprintln!("result: ok");
        ExitCode::SUCCESS
    } else {
        let errno = std::io::Error::last_os_error().raw_os_error().unwrap_or(0);
        eprintln!("result: errno={}", errno_name(errno));
        ExitCode::FAILURE
    }
}

fn open_passwd() -> libc::c_int {
    // SAFETY: a valid C string; the descriptor is leaked (the process exits next).
    unsafe {
        libc::openat(libc::AT_FDCWD, c"/etc/passwd".as_ptr(), libc::O_RDONLY | libc::O_CLOEXEC)
    }
}

/// A TCP socket bound to port 8080 or connected to 127.0.0.1:8080.
fn tcp(bind: bool) -> libc::c_int {
    // SAFETY: socket takes integers only.
    let fd = unsafe { libc::socket(libc::AF_INET, libc::SOCK_STREAM | libc::SOCK_CLOEXEC, 0) };
    if fd < 0 {
        return fd;
    }
    let addr = libc::sockaddr_in {
        sin_family: libc::AF_INET as libc::sa_family_t,
        sin_port: 8080u16.to_be(),
        sin_addr: libc::in_addr {
            s_addr: if bind {
                libc::INADDR_ANY
            } else {
                u32::from_be_bytes([127, 0, 0, 1]).to_be()
            },
        },
        sin_zero: [0; 8],
    };
    let ptr = (&addr as *const libc::sockaddr_in).cast::<libc::sockaddr>();
    let len = std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t;
    // SAFETY: `ptr` points at a live sockaddr_in of `len` bytes.
    unsafe {
        if bind {
            libc::bind(fd, ptr, len)
        } else {
            libc::connect(fd, ptr, len)
        }
    }
}

fn errno_name(errno: i32) -> String {
    format!("{:?}", nix::errno::Errno::from_raw(errno))
}

/// Prints, one `key: value` per line, what `spawn` set up, then waits until the test
/// writes to descriptor 5 (so it can inspect this process from outside meanwhile).
fn report() -> ExitCode {
    let mut out = String::new();
    let mut line = |k: &str, v: String| out.push_str(&format!("{k}: {v}\n"));
    line("env", std::env::vars_os().count().to_string());
    let fds: Vec<String> = std::fs::read_dir("/proc/self/fd")
        .map(|d| d.filter_map(|e| e.ok()?.file_name().into_string().ok()).collect())
        .unwrap_or_default();
    // One of the listed descriptors is the directory being read; report the others.
    let mut open: Vec<i32> = fds
        .iter()
        .filter_map(|f| f.parse().ok())
        // SAFETY: F_GETFD only inspects a descriptor number.
        .filter(|fd| unsafe { libc::fcntl(*fd, libc::F_GETFD) } >= 0)
        .collect();
    open.sort_unstable();
    line("fds", format!("{open:?}"));
    let mut sig: libc::c_int = 0;
    // SAFETY: PR_GET_PDEATHSIG writes one int through the pointer.
    unsafe { libc::prctl(libc::PR_GET_PDEATHSIG, &mut sig as *mut libc::c_int) };
    line("pdeathsig", sig.to_string());
    // SAFETY: getuid has no preconditions.
    line("uid", unsafe { libc::getuid() }.to_string());
    // In its own pid namespace: 1, and 0 for a parent outside it.
    line("pid", std::process::id().to_string());
    // SAFETY: getppid has no preconditions.
    line("ppid", unsafe { libc::getppid() }.to_string());
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    for key in ["NoNewPrivs", "Seccomp", "CapEff"] {
        let value = status.lines().find_map(|l| l.strip_prefix(&format!("{key}:"))).unwrap_or("?");
        line(key, value.trim().to_owned());
    }
    for (name, resource) in [
        ("RLIMIT_NOFILE", libc::RLIMIT_NOFILE),
        ("RLIMIT_CORE", libc::RLIMIT_CORE),
        ("RLIMIT_FSIZE", libc::RLIMIT_FSIZE),
        ("RLIMIT_MEMLOCK", libc::RLIMIT_MEMLOCK),
        ("RLIMIT_MSGQUEUE", libc::RLIMIT_MSGQUEUE),
        ("RLIMIT_CPU", libc::RLIMIT_CPU),
        ("RLIMIT_DATA", libc::RLIMIT_DATA),
        ("RLIMIT_NPROC", libc::RLIMIT_NPROC),
    ] {
        let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
        // SAFETY: `limit` is a valid out-pointer.
        unsafe { libc::getrlimit(resource, &mut limit) };
        let show = |v: libc::rlim_t| {
            if v == libc::RLIM_INFINITY {
                "unlimited".to_owned()
            } else {
                v.to_string()
            }
        };
        line(name, format!("{} {}", show(limit.rlim_cur), show(limit.rlim_max)));
    }
    for ns in ["user", "pid", "pid_for_children", "net", "ipc", "mnt", "uts", "cgroup"] {
        let target =
            std::fs::read_link(format!("/proc/self/ns/{ns}")).map(|p| p.display().to_string());
        line(&format!("ns.{ns}"), target.unwrap_or_else(|e| format!("error {e}")));
    }
    out.push_str("ready\n");
    let _ = std::io::stderr().write_all(out.as_bytes());
    let mut buf = [0u8; 8];
    // SAFETY: reads at most 8 bytes into `buf`; fd 5 is the eventfd the test handed over.
    let n = unsafe { libc::read(5, buf.as_mut_ptr().cast(), buf.len()) };
    if n == 8 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
