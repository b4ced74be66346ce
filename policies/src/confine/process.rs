//! The runtime process as a process: how it is created ([`clone_run`]) and the kernel's
//! handle on it ([`RuntimeChild`]).
//!
//! `std::process::Command` cannot create the runtime as pid 1 of a new pid namespace:
//! that takes `CLONE_NEWPID` in the very system call that creates the process, since
//! `unshare(CLONE_NEWPID)` afterwards only moves the caller's future children (and
//! stops the caller from creating threads). So the kernel creates runtimes with a raw
//! `clone3` (falling back to `clone` where a container's seccomp profile answers
//! `ENOSYS` for `clone3`) without `CLONE_VM`: a fork-like copy of the calling process
//! that, with the namespace flags, starts out in the new namespaces, and with
//! `CLONE_PIDFD` hands the kernel a pidfd for it.
//!
//! The copy is made behind the C library's back. glibc's `fork` resets its own state
//! in the child (the thread list, the cached thread id, the allocator's locks); a raw
//! clone does not. So, in the child, beyond the usual rule after `fork` in a
//! multithreaded process (async-signal-safe code only: no allocation, no locks, no
//! panics), nothing may rely on that state: no `pthread_*`/`raise`/`abort`, and no
//! glibc `setuid`-family wrappers (they broadcast the change to the threads glibc
//! believes exist, i.e. the kernel's); system calls are made directly instead.

use std::fs::File;
use std::io;
use std::mem::MaybeUninit;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, FromRawFd, OwnedFd};
use std::os::unix::process::ExitStatusExt;
use std::process::ExitStatus;

/// A runtime process started by [`super::spawn`]: the subset of
/// `std::process::Child` the kernel uses.
///
/// The process is pid 1 of its own pid namespace (unless the policy let the spawn
/// degrade to no namespaces); [`id`](RuntimeChild::id) is its pid in the kernel's
/// namespace. Dropping the handle neither kills nor waits for the process.
#[derive(Debug)]
pub struct RuntimeChild {
    pid: libc::pid_t,
    pidfd: OwnedFd,
    /// The read end of the runtime's stderr (a pipe), like `Child::stderr`; `take` it
    /// to read it on another thread.
    pub stderr: Option<File>,
    /// Set once the process has been reaped.
    status: Option<ExitStatus>,
    /// User plus system CPU time it used, known once it has been reaped.
    cpu_time: Option<std::time::Duration>,
}

impl RuntimeChild {
    pub(super) fn new(pid: libc::pid_t, pidfd: OwnedFd, stderr: Option<File>) -> RuntimeChild {
        RuntimeChild { pid, pidfd, stderr, status: None, cpu_time: None }
    }

    /// The process id in the kernel's pid namespace (`Child::id`).
    pub fn id(&self) -> u32 {
        self.pid.unsigned_abs()
    }

    /// A pidfd for the process, from `clone(CLONE_PIDFD)`: it cannot refer to another
    /// process, even after this one has been reaped.
    pub fn pidfd(&self) -> BorrowedFd<'_> {
        self.pidfd.as_fd()
    }

    /// The CPU time (user and system) the process used, once it has been reaped.
    pub fn cpu_time(&self) -> Option<std::time::Duration> {
        self.cpu_time
    }

    /// Sends `SIGKILL` (through the pidfd). `Ok` if the process has already exited.
    ///
    /// `SIGKILL` from the kernel's namespace ends the runtime although it is pid 1 of
    /// its own: only signals sent from *inside* a pid namespace, and signals other than
    /// `SIGKILL`/`SIGSTOP` that it has no handler for, are ignored by its init.
    ///
    /// # Errors
    /// The errno of `pidfd_send_signal(2)`.
    pub fn kill(&mut self) -> io::Result<()> {
        if self.status.is_some() {
            return Ok(());
        }
        kill_pidfd(self.pidfd.as_fd())
    }

    /// Waits for the process to end and reaps it (`Child::wait`); later calls return the
    /// same status.
    ///
    /// # Errors
    /// The errno of `waitpid(2)` (`ECHILD` if someone else reaped it).
    pub fn wait(&mut self) -> io::Result<ExitStatus> {
        loop {
            if let Some(status) = self.wait_flags(0)? {
                return Ok(status);
            }
        }
    }

    /// The exit status if the process has ended (reaping it), `None` if it still runs
    /// (`Child::try_wait`).
    ///
    /// # Errors
    /// The errno of `waitpid(2)`.
    pub fn try_wait(&mut self) -> io::Result<Option<ExitStatus>> {
        self.wait_flags(libc::WNOHANG)
    }

    fn wait_flags(&mut self, flags: libc::c_int) -> io::Result<Option<ExitStatus>> {
        if let Some(status) = self.status {
            return Ok(Some(status));
        }
        loop {
            let mut raw = 0;
            // SAFETY: all-zero is a valid `rusage` (plain integers).
            let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
            // SAFETY: `raw` and `usage` are valid out-pointers; `pid` is our own child,
            // not yet reaped (`status` is unset), so the number still names it.
            let r = unsafe { libc::wait4(self.pid, &mut raw, flags, &mut usage) };
            if r == self.pid {
                let status = ExitStatus::from_raw(raw);
                self.status = Some(status);
                let time = |t: libc::timeval| {
                    std::time::Duration::new(
                        t.tv_sec.max(0) as u64,
                        (t.tv_usec.max(0) as u32) * 1000,
                    )
                };
                self.cpu_time = Some(time(usage.ru_utime) + time(usage.ru_stime));
                return Ok(Some(status));
            }
            if r == 0 {
                return Ok(None);
            }
            let e = io::Error::last_os_error();
            if e.kind() != io::ErrorKind::Interrupted {
                return Err(e);
            }
        }
    }
}

/// `struct clone_args` of `clone3(2)`, as far as its first version goes
/// (`CLONE_ARGS_SIZE_VER0`, Linux 5.3).
#[repr(C)]
struct CloneArgs {
    flags: u64,
    pidfd: u64,
    child_tid: u64,
    parent_tid: u64,
    exit_signal: u64,
    stack: u64,
    stack_size: u64,
    tls: u64,
}

/// Creates a new process with the namespace flags `namespaces` (`CLONE_NEW*`), exit
/// signal `SIGCHLD` and a pidfd, running `child` in it and then `_exit` with the code
/// `child` returns (if it does not `execve` first).
///
/// In the parent, every signal is blocked in the calling thread from just before the
/// clone until just after, so no signal handler of the kernel runs in the child before
/// the child has reset every disposition to the default and emptied its signal mask
/// (`std::process::Command` empties the mask and resets `SIGPIPE`, which `std` ignores;
/// here every disposition is reset, as the kernel's handlers must not run in the child
/// either).
///
/// Returns the child's pid (in the caller's pid namespace) and its pidfd.
///
/// # Safety
/// `child` runs in a copy of this (multithreaded) process made behind glibc's back
/// (see the module docs): it must be async-signal-safe, must not allocate, panic or
/// take locks, and must not call anything that relies on glibc's per-thread state
/// (the `setuid` family of wrappers, `pthread_*`, `raise`, `abort`). Everything it reads
/// must have been computed before the call.
///
/// # Errors
/// The errno of `clone3`/`clone` (`EPERM`, `ENOSPC`, `EINVAL`, `EUSERS` for a
/// namespace the host refuses; `EAGAIN`, `ENOMEM`), or of `pthread_sigmask`.
pub(super) unsafe fn clone_run(
    namespaces: libc::c_int,
    child: impl FnOnce() -> libc::c_int,
) -> io::Result<(libc::pid_t, OwnedFd)> {
    let mut all = MaybeUninit::<libc::sigset_t>::uninit();
    let mut old = MaybeUninit::<libc::sigset_t>::uninit();
    // SAFETY: sigfillset initialises `all`; pthread_sigmask reads it and writes the
    // calling thread's previous mask to `old`.
    let blocked = unsafe {
        libc::sigfillset(all.as_mut_ptr());
        libc::pthread_sigmask(libc::SIG_SETMASK, all.as_ptr(), old.as_mut_ptr())
    };
    if blocked != 0 {
        return Err(io::Error::from_raw_os_error(blocked));
    }
    // SAFETY: the child side only runs `reset_signals` and `child`, which the caller
    // promises are async-signal-safe and independent of glibc's per-thread state, and
    // then leaves through `_exit`.
    let parent = match unsafe { clone_pidfd(namespaces) } {
        Ok(None) => {
            reset_signals();
            let code = child();
            // SAFETY: _exit ends the child at once, without running the kernel's atexit
            // handlers or destructors, as a copy of a multithreaded process must.
            unsafe { libc::_exit(code) }
        }
        Ok(Some(parent)) => Ok(parent),
        Err(e) => Err(e),
    };
    // SAFETY: `old` was initialised by the successful pthread_sigmask above.
    unsafe { libc::pthread_sigmask(libc::SIG_SETMASK, old.as_ptr(), std::ptr::null_mut()) };
    parent
}

/// The raw clone: `clone3`, or `clone` where `clone3` is `ENOSYS` (a container's
/// seccomp profile, or a kernel before 5.3). `None` in the child; the child's pid and
/// pidfd in the parent.
///
/// # Safety
/// As for `fork` in a multithreaded process, and see [`clone_run`].
unsafe fn clone_pidfd(namespaces: libc::c_int) -> io::Result<Option<(libc::pid_t, OwnedFd)>> {
    let mut pidfd: libc::c_int = -1;
    let flags = namespaces | libc::CLONE_PIDFD;
    let args = CloneArgs {
        flags: flags as u64,
        pidfd: std::ptr::addr_of_mut!(pidfd) as u64,
        child_tid: 0,
        parent_tid: 0,
        exit_signal: libc::SIGCHLD as u64,
        // No stack of its own: without CLONE_VM the child runs on its copy of ours,
        // exactly as after fork.
        stack: 0,
        stack_size: 0,
        tls: 0,
    };
    // SAFETY: `args` is a valid clone_args of the size passed; the kernel writes the
    // pidfd through the pointer in it, which points at a live local. Without CLONE_VM
    // the child gets a copy of the address space and returns here with 0.
    let mut r = unsafe {
        libc::syscall(libc::SYS_clone3, &args as *const CloneArgs, std::mem::size_of::<CloneArgs>())
    };
    // The legacy clone's arguments: flags (with the exit signal in the low byte), new
    // stack (none), parent_tid (where CLONE_PIDFD stores the pidfd), then child_tid and
    // tls in an order that varies by architecture but does not matter as both are 0.
    // s390x swaps the first two; it keeps the ENOSYS.
    #[cfg(not(target_arch = "s390x"))]
    if r < 0 && io::Error::last_os_error().raw_os_error() == Some(libc::ENOSYS) {
        // SAFETY: as above; the kernel writes the pidfd through the parent_tid pointer.
        r = unsafe {
            libc::syscall(
                libc::SYS_clone,
                (flags | libc::SIGCHLD) as libc::c_ulong,
                0 as libc::c_ulong,
                std::ptr::addr_of_mut!(pidfd),
                0 as libc::c_ulong,
                0 as libc::c_ulong,
            )
        };
    }
    match r {
        0 => Ok(None),
        r if r > 0 => {
            // SAFETY: CLONE_PIDFD made the kernel store a new descriptor, owned by
            // nobody else, in `pidfd`.
            let pidfd = unsafe { OwnedFd::from_raw_fd(pidfd) };
            Ok(Some((r as libc::pid_t, pidfd)))
        }
        _ => Err(io::Error::last_os_error()),
    }
}

/// In the child, first thing: every signal's disposition back to the default (no
/// handler of the kernel's may run in the child), then an empty signal mask (the parent
/// blocked everything across the clone). Async-signal-safe.
fn reset_signals() {
    for sig in 1..=64 {
        // SAFETY: an all-zero sigaction is SIG_DFL with an empty mask and no flags;
        // sigaction only reads `default` and writes `old`. Numbers the kernel or glibc
        // refuse (SIGKILL, SIGSTOP, glibc's internal ones) fail harmlessly.
        unsafe {
            let mut old: libc::sigaction = std::mem::zeroed();
            if libc::sigaction(sig, std::ptr::null(), &mut old) == 0
                && old.sa_sigaction != libc::SIG_DFL
            {
                let default: libc::sigaction = std::mem::zeroed();
                libc::sigaction(sig, &default, std::ptr::null_mut());
            }
        }
    }
    let mut none = MaybeUninit::<libc::sigset_t>::uninit();
    // SAFETY: sigemptyset initialises `none`; sigprocmask only reads it.
    unsafe {
        libc::sigemptyset(none.as_mut_ptr());
        libc::sigprocmask(libc::SIG_SETMASK, none.as_ptr(), std::ptr::null_mut());
    }
}

/// Sends `SIGKILL` to the process behind `pidfd`. `Ok` if it has already exited.
///
/// # Errors
/// The errno of `pidfd_send_signal(2)` other than `ESRCH`.
pub fn kill_pidfd(pidfd: BorrowedFd<'_>) -> io::Result<()> {
    match pidfd_send_signal(pidfd, libc::SIGKILL) {
        Err(e) if e.raw_os_error() == Some(libc::ESRCH) => Ok(()),
        other => other,
    }
}

/// Sends `signo` to the process behind `pidfd` (never by pid, which could name another
/// process once this one is gone).
///
/// # Errors
/// The errno of `pidfd_send_signal(2)` (`ESRCH` when the process has exited).
pub fn pidfd_send_signal(pidfd: BorrowedFd<'_>, signo: i32) -> io::Result<()> {
    // SAFETY: pidfd_send_signal with a descriptor borrowed for the call, a signal
    // number, a null siginfo pointer (meaning "as kill(2) would") and no flags.
    let r = unsafe {
        libc::syscall(
            libc::SYS_pidfd_send_signal,
            pidfd.as_raw_fd(),
            signo,
            std::ptr::null::<libc::siginfo_t>(),
            0 as libc::c_uint,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clone_without_namespaces_runs_the_child_and_reports_its_status() {
        // SAFETY: the child only returns a constant.
        let (pid, pidfd) = unsafe { clone_run(0, || 42) }.unwrap();
        let mut child = RuntimeChild::new(pid, pidfd, None);
        assert_eq!(child.wait().unwrap().code(), Some(42));
        // Reaped: waiting again and killing are harmless.
        assert_eq!(child.try_wait().unwrap().and_then(|s| s.code()), Some(42));
        child.kill().unwrap();
    }

    #[test]
    fn kill_ends_a_waiting_child() {
        // SAFETY: the child only makes the pause system call (until killed).
        let (pid, pidfd) = unsafe {
            clone_run(0, || {
                libc::pause();
                0
            })
        }
        .unwrap();
        let mut child = RuntimeChild::new(pid, pidfd, None);
        assert_eq!(child.try_wait().unwrap(), None);
        child.kill().unwrap();
        assert_eq!(child.wait().unwrap().signal(), Some(libc::SIGKILL));
    }

    #[test]
    fn the_child_starts_with_default_signal_dispositions_and_an_empty_mask() {
        // SAFETY: the child makes sigaction/sigprocmask calls on locals only.
        let (pid, pidfd) = unsafe {
            clone_run(0, || {
                let mut old: libc::sigaction = std::mem::zeroed();
                // Rust's runtime ignores SIGPIPE in the test harness: reset here.
                if libc::sigaction(libc::SIGPIPE, std::ptr::null(), &mut old) != 0
                    || old.sa_sigaction != libc::SIG_DFL
                {
                    return 1;
                }
                let mut mask = MaybeUninit::<libc::sigset_t>::uninit();
                if libc::sigprocmask(libc::SIG_SETMASK, std::ptr::null(), mask.as_mut_ptr()) != 0 {
                    return 2;
                }
                if libc::sigismember(mask.as_ptr(), libc::SIGTERM) != 0 {
                    return 3;
                }
                0
            })
        }
        .unwrap();
        let mut child = RuntimeChild::new(pid, pidfd, None);
        assert_eq!(child.wait().unwrap().code(), Some(0));
    }

    #[test]
    fn falls_back_to_clone_where_clone3_is_enosys() {
        // As in a container whose seccomp profile answers ENOSYS for clone3. The filter
        // is installed in a forked child (it cannot be removed), compiled before.
        let json = r#"{"f": {"mismatch_action": "allow", "match_action": {"errno": 38},
                       "filter": [{"syscall": "clone3"}]}}"#;
        let arch = seccompiler::TargetArch::try_from(std::env::consts::ARCH).unwrap();
        let filter = seccompiler::compile_from_json(json.as_bytes(), arch).unwrap().remove("f");
        let filter = filter.unwrap();
        // Into new namespaces too, if the host allows: then the child must be pid 1.
        let namespaces = if super::super::namespaces::probe().is_ok() {
            // SAFETY: geteuid has no preconditions.
            super::super::namespaces::clone_flags(unsafe { libc::geteuid() } == 0)
        } else {
            0
        };
        // SAFETY: the forked child makes system calls only (seccompiler's apply_filter
        // builds its sock_fprog on the stack), then _exits.
        let pid = unsafe { libc::fork() };
        assert!(pid >= 0);
        if pid == 0 {
            let code = (|| {
                if seccompiler::apply_filter(&filter).is_err() {
                    return 10;
                }
                // SAFETY: clone3 with a null argument: ENOSYS from the filter.
                let r = unsafe { libc::syscall(libc::SYS_clone3, 0usize, 0usize) };
                if r != -1 || io::Error::last_os_error().raw_os_error() != Some(libc::ENOSYS) {
                    return 11;
                }
                // SAFETY: the grandchild makes one system call and returns a number.
                let started = unsafe {
                    clone_run(namespaces, || {
                        let pid1 = libc::getpid() == 1;
                        if pid1 == (namespaces != 0) {
                            0
                        } else {
                            1
                        }
                    })
                };
                let Ok((pid, pidfd)) = started else { return 12 };
                // SAFETY: F_GETFD only inspects the descriptor number.
                if unsafe { libc::fcntl(pidfd.as_raw_fd(), libc::F_GETFD) } != libc::FD_CLOEXEC {
                    return 15;
                }
                match RuntimeChild::new(pid, pidfd, None).wait().map(|s| s.code()) {
                    Ok(Some(0)) => 0,
                    Ok(Some(1)) => 13,
                    _ => 14,
                }
            })();
            // SAFETY: ends the forked child without running the harness's code.
            unsafe { libc::_exit(code) };
        }
        let mut status = 0;
        // SAFETY: waiting for our own child with a valid out-pointer.
        assert_eq!(unsafe { libc::waitpid(pid, &mut status, 0) }, pid);
        assert!(libc::WIFEXITED(status), "status {status:#x}");
        assert_eq!(libc::WEXITSTATUS(status), 0, "see the return codes in the child");
    }
}
