//! The kernel's self-confinement, probed: confines itself exactly as the `kernel` binary
//! does (`policies::confine::kernel::confine_self`), then tries what a compromised
//! kernel would, and prints one line per attempt: `<name>: ok` or `<name>: errno=<NAME>`.
//!
//! ```text
//! kernel-confine-probe <ro-dir> <rw-dir> <executable> <tcp-port>
//! ```
//!
//! `ro-dir` and `rw-dir` stand for the policy's mounts and `executable` for a runtime
//! binary; `tcp-port` is a port the test listens on, on loopback. `tests/tests/
//! kernel_confinement.rs` asserts each outcome, and that the same attempts succeed
//! without the confinement (`--control`).

use std::ffi::CString;
use std::io::Read;
use std::os::fd::AsRawFd;
use std::path::PathBuf;
use std::process::ExitCode;

use policies::confine::kernel::{confine_self, KernelPaths};

fn errno_name(e: &std::io::Error) -> String {
    let code = e.raw_os_error().unwrap_or(0);
    let name = match code {
        libc::EPERM => "EPERM",
        libc::EACCES => "EACCES",
        libc::ENOENT => "ENOENT",
        libc::ECONNREFUSED => "ECONNREFUSED",
        libc::EXDEV => "EXDEV",
        libc::ENOSYS => "ENOSYS",
        _ => return format!("errno {code}"),
    };
    name.to_owned()
}

fn report(name: &str, result: std::io::Result<()>) {
    match result {
        Ok(()) => println!("{name}: ok"),
        Err(e) => println!("{name}: errno={}", errno_name(&e)),
    }
}

fn check(r: libc::c_long) -> std::io::Result<()> {
    if r < 0 {
        Err(std::io::Error::last_os_error())
    } else {
        Ok(())
    }
}

/// Runs `f` in a forked child and reports its exit status as the result: 0 is ok,
/// anything else the errno the child exited with.
fn in_child(f: impl FnOnce() -> i32) -> std::io::Result<()> {
    // SAFETY: the probe is single-threaded; the child only makes system calls and exits.
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        return Err(std::io::Error::last_os_error());
    }
    if pid == 0 {
        let code = f();
        // SAFETY: _exit ends the child without running the parent's destructors.
        unsafe { libc::_exit(code) };
    }
    let mut status = 0;
    // SAFETY: waits for the child forked above; status points at a live local.
    unsafe { libc::waitpid(pid, &mut status, 0) };
    match libc::WEXITSTATUS(status) {
        0 => Ok(()),
        errno => Err(std::io::Error::from_raw_os_error(errno)),
    }
}

/// A child that pauses until killed.
fn in_child_paused() -> libc::pid_t {
    // SAFETY: the probe is single-threaded; the child only pauses.
    let pid = unsafe { libc::fork() };
    if pid == 0 {
        loop {
            // SAFETY: pause has no arguments.
            unsafe { libc::pause() };
        }
    }
    pid
}

fn exec_fd(fd: i32) -> i32 {
    let argv0 = CString::new("probe-exec").expect("no NUL");
    let argv = [argv0.as_ptr(), std::ptr::null()];
    let envp: [*const libc::c_char; 1] = [std::ptr::null()];
    // SAFETY: argv and envp are NULL-terminated arrays of live C strings.
    unsafe { libc::fexecve(fd, argv.as_ptr(), envp.as_ptr()) };
    std::io::Error::last_os_error().raw_os_error().unwrap_or(1)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let control = args.iter().any(|a| a == "--control");
    let pos: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let [ro, rw, exe, port] = pos.as_slice() else {
        eprintln!("usage: kernel-confine-probe <ro-dir> <rw-dir> <executable> <tcp-port>");
        return ExitCode::from(2);
    };
    let (ro, rw, exe) = (PathBuf::from(ro), PathBuf::from(rw), PathBuf::from(exe));
    let port: u16 = port.parse().expect("a port");
    if !control {
        let paths = KernelPaths {
            read_only: vec![ro.clone()],
            read_write: vec![rw.clone()],
            executables: vec![exe.clone()],
        };
        if let Err(e) = confine_self(&paths) {
            eprintln!("confine_self: {e}");
            return ExitCode::from(3);
        }
    }

    report(
        "read-ro-mount",
        std::fs::File::open(ro.join("f"))
            .and_then(|mut f| f.read_to_end(&mut Vec::new()))
            .map(drop),
    );
    report("write-ro-mount", std::fs::OpenOptions::new().append(true).open(ro.join("f")).map(drop));
    report("create-in-rw-mount", std::fs::write(rw.join("new"), b"x"));
    report("rename-in-rw-mount", std::fs::rename(rw.join("new"), rw.join("renamed")));
    let fifo = CString::new(rw.join("fifo").into_os_string().into_encoded_bytes()).expect("path");
    // SAFETY: mkfifo reads the NUL-terminated path.
    report("mkfifo-in-rw-mount", check(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }.into()));
    report("read-host-file", std::fs::read("/etc/passwd").map(drop));
    report("list-host-dir", std::fs::read_dir("/home").map(drop));
    let escape = std::env::temp_dir().join(format!("kernel-confine-probe-{}", std::process::id()));
    report("write-host-tmp", std::fs::write(&escape, b"x"));
    let _ = std::fs::remove_file(&escape);
    report("read-proc-self", std::fs::read("/proc/self/status").map(drop));
    report(
        "exec-runtime-binary",
        std::fs::File::open(&exe).and_then(|f| in_child(|| exec_fd(f.as_raw_fd()))),
    );
    report("open-host-binary", std::fs::File::open("/usr/bin/env").map(drop));
    report(
        "execve-by-path",
        in_child(|| {
            let prog =
                CString::new(exe.clone().into_os_string().into_encoded_bytes()).expect("path");
            let argv = [prog.as_ptr(), std::ptr::null()];
            let envp: [*const libc::c_char; 1] = [std::ptr::null()];
            // SAFETY: NULL-terminated arrays of live C strings.
            unsafe { libc::execve(prog.as_ptr(), argv.as_ptr(), envp.as_ptr()) };
            std::io::Error::last_os_error().raw_os_error().unwrap_or(1)
        }),
    );
    // SAFETY: getppid has no arguments; kill with signal 0 only checks permission.
    report("signal-parent", check(unsafe { libc::kill(libc::getppid(), 0) }.into()));
    if !control {
        // Only confined: unfiltered, these would act on the host. Even then they are
        // harmless: ptrace targets a child of ours, and the mount names no file system.
        let child = in_child_paused();
        report(
            "ptrace",
            // SAFETY: PTRACE_ATTACH takes a pid and ignores the pointers.
            check(unsafe { libc::ptrace(libc::PTRACE_ATTACH, child, 0usize, 0usize) }),
        );
        // SAFETY: the child was forked by us and only pauses.
        unsafe {
            libc::kill(child, libc::SIGKILL);
            libc::waitpid(child, std::ptr::null_mut(), 0);
        }
        // SAFETY: bpf with a null attribute only reports an error.
        report("bpf", check(unsafe { libc::syscall(libc::SYS_bpf, 0, 0usize, 0usize) }));
        let target = CString::new(rw.into_os_string().into_encoded_bytes()).expect("path");
        // SAFETY: NUL-terminated strings and no data.
        let mounted = unsafe {
            libc::mount(
                c"none".as_ptr(),
                target.as_ptr(),
                c"kernel-confine-probe-no-such-fs".as_ptr(),
                0,
                std::ptr::null(),
            )
        };
        report("mount", check(mounted.into()));
    }
    report("tcp-connect-loopback", std::net::TcpStream::connect(("127.0.0.1", port)).map(drop));
    ExitCode::SUCCESS
}
