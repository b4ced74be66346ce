//! Namespaces: the runtime process leaves the host's user, net, ipc, mount, uts and
//! cgroup namespaces (not its pid namespace; see below).
//!
//! [`enter`] runs in the forked child before `execve` (see `spawn.rs`) and makes one
//! `unshare(2)` call with [`FLAGS`]:
//!
//! - **user**: created first (so no privilege is needed for the others) and left
//!   **unmapped**. Inside it the process shows up as the overflow uid/gid (65534); before
//!   `execve` it holds every capability *in the new namespace only*, and `execve` of a
//!   binary by a uid that is not mapped to 0 there drops them all. Nothing the runtime
//!   does needs an identity: it owns no files and signals no one. An unmapped namespace
//!   does **not** change the kernel-level uid the host sees, so when the kernel runs as
//!   root, `spawn.rs` first drops the child to [`UNPRIVILEGED_ID`] (a root-owned
//!   runtime could otherwise signal root processes or read root-owned files if seccomp
//!   and Landlock both failed).
//! - **net**: only a loopback interface, down: no route anywhere.
//! - **ipc**: no System V IPC objects or POSIX message queues of the host.
//! - **mount**: a private copy of the mount table (Landlock, not this, is what denies
//!   file access; this only keeps any mount change from propagating to the host).
//! - **uts**, **cgroup**: the host name and the cgroup paths stop being shared.
//! - **pid: not unshared, on purpose.** `unshare(CLONE_NEWPID)` does not move the caller;
//!   it only sets the namespace its *children* will be created in, and from then on the
//!   caller can no longer create threads (`clone(CLONE_THREAD)` fails with `EINVAL`
//!   while `pid_for_children` differs from the caller's own pid namespace; found by the
//!   `node_profile_allows_threads` test). So it would cost `sandbox-node` its threads and
//!   confine only processes the runtime cannot create anyway (seccomp kills every
//!   `clone` without `CLONE_THREAD`). Making the runtime itself pid 1 of a new namespace
//!   needs a `clone(CLONE_NEWPID)` from the kernel side, which `std::process::Command`
//!   cannot do: it would take either a supervising process per runtime that stays
//!   forked from the kernel (holding a copy-on-write image of the kernel's memory), or
//!   a dedicated spawner thread that `setns`/`unshare`s its own `pid_for_children`
//!   (root only). Instead the runtime stays in the kernel's pid namespace, and what a
//!   pid namespace would give is provided by other layers: seccomp kills `kill`,
//!   `tkill`, `tgkill`, `ptrace`, `pidfd_*` and `process_vm_*`; Landlock (ABI ≥ 6)
//!   scopes signals to the runtime's own domain and always denies ptrace outside it;
//!   separate user namespaces make every runtime lack `CAP_SYS_PTRACE` over every other;
//!   and a root kernel's runtimes run as [`UNPRIVILEGED_ID`], which may not signal it.
//!
//! [`probe`] answers, before any runtime is spawned, whether this host allows all of
//! that, by trying it in a throw-away child.

use std::io;

/// Namespaces a runtime process leaves, in one `unshare(2)`.
pub const FLAGS: libc::c_int = libc::CLONE_NEWUSER
    | libc::CLONE_NEWNET
    | libc::CLONE_NEWIPC
    | libc::CLONE_NEWNS
    | libc::CLONE_NEWUTS
    | libc::CLONE_NEWCGROUP;

/// The uid and gid a runtime process is dropped to when the kernel runs as root: the
/// conventional `nobody`/`nogroup` (also the kernel's overflow id).
pub const UNPRIVILEGED_ID: u32 = 65534;

/// Leaves the host namespaces ([`FLAGS`]).
///
/// Async-signal-safe (one system call), for use between `fork` and `execve`.
///
/// # Errors
/// The `unshare(2)` errno: `EPERM` where unprivileged user namespaces are disabled or
/// blocked (sysctl, AppArmor, a container's seccomp profile), `ENOSPC` at the
/// `max_*_namespaces` limits, `EINVAL` in a multithreaded process.
pub fn enter() -> io::Result<()> {
    // SAFETY: unshare takes only a flag word and touches no memory of ours.
    if unsafe { libc::unshare(FLAGS) } == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// Whether a process spawned now could [`enter`] new namespaces: tries it in a forked
/// child that, like a real runtime, first drops to [`UNPRIVILEGED_ID`] when we are root.
///
/// # Errors
/// Why namespaces are unavailable, as a sentence for the log.
pub fn probe() -> Result<(), String> {
    let limit = std::fs::read_to_string("/proc/sys/user/max_user_namespaces").ok();
    if limit.as_deref().map(str::trim) == Some("0") {
        return Err("user namespaces are disabled (/proc/sys/user/max_user_namespaces is 0)".into());
    }
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    // SAFETY: the child runs only async-signal-safe code (raw system calls and _exit)
    // before it exits, so forking a multithreaded process is sound here.
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        return Err(format!("cannot fork to test namespaces: {}", io::Error::last_os_error()));
    }
    if pid == 0 {
        // In the child: raw system calls only, then _exit with the errno (0: success).
        let id = UNPRIVILEGED_ID as libc::c_long;
        // SAFETY: these system calls take integer or null arguments only.
        let dropped = !root
            || unsafe {
                libc::syscall(libc::SYS_setgroups, 0, std::ptr::null::<libc::gid_t>()) == 0
                    && libc::syscall(libc::SYS_setresgid, id, id, id) == 0
                    && libc::syscall(libc::SYS_setresuid, id, id, id) == 0
            };
        let code = if !dropped {
            255
        } else {
            match enter() {
                Ok(()) => 0,
                Err(e) => e.raw_os_error().unwrap_or(254).clamp(1, 253),
            }
        };
        // SAFETY: _exit ends the child at once without running the parent's atexit or
        // destructors, as a forked child of a multithreaded process must.
        unsafe { libc::_exit(code) };
    }
    let mut status = 0;
    loop {
        // SAFETY: `status` is a valid out-pointer; `pid` is our own child.
        let r = unsafe { libc::waitpid(pid, &mut status, 0) };
        if r == pid {
            break;
        }
        let e = io::Error::last_os_error();
        if e.kind() != io::ErrorKind::Interrupted {
            return Err(format!("cannot wait for the namespace test child: {e}"));
        }
    }
    match (libc::WIFEXITED(status), libc::WEXITSTATUS(status)) {
        (true, 0) => Ok(()),
        (true, 255) => Err(format!("cannot drop the test child to uid {UNPRIVILEGED_ID}")),
        (true, errno) => Err(format!(
            "unshare(CLONE_NEWUSER|NEWNET|NEWIPC|NEWNS|NEWUTS|NEWCGROUP) fails: {}",
            io::Error::from_raw_os_error(errno)
        )),
        _ => Err(format!("the namespace test child died (wait status {status:#x})")),
    }
}
