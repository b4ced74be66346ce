//! Namespaces: the runtime process leaves the host's user, pid, net, ipc, mount, uts
//! and cgroup namespaces, and is pid 1 of its own pid namespace.
//!
//! - **user**: the runtime ends up in a user namespace of its own, left **unmapped**.
//!   Inside it the process shows up as the overflow uid/gid (65534); before `execve`
//!   it holds every capability *in that namespace only*, and `execve` of a binary by
//!   a uid that is not mapped to 0 there drops them all. Nothing the runtime does
//!   needs an identity: it owns no files and signals no one. An unmapped namespace
//!   does **not** change the kernel-level uid the host sees, so when the kernel runs as
//!   root the child first drops to [`UNPRIVILEGED_ID`] (a root-owned runtime could
//!   otherwise signal root processes or read root-owned files if seccomp and Landlock
//!   both failed).
//! - **pid**: the runtime is created by `clone(CLONE_NEWPID)` (`spawn.rs`,
//!   `process.rs`) and so is pid 1 of a namespace with nothing else in it: it cannot
//!   name, signal, trace or open a pidfd of any other process (`kill`, `ptrace`,
//!   `pidfd_open` of a host pid fail with `ESRCH`; `pidfd_send_signal` on an inherited
//!   pidfd of an outer process fails with `EINVAL`). `unshare(CLONE_NEWPID)` would not
//!   do: it moves only the caller's future children, and afterwards the caller can no
//!   longer create threads (`clone(CLONE_THREAD)` fails with `EINVAL` while
//!   `pid_for_children` differs from the caller's own pid namespace). As pid 1 of its
//!   namespace, the runtime sees `getppid() == 0`; it can still create threads
//!   (`sandbox-node`). What being an init changes:
//!   - signals it has no handler for are ignored, except `SIGKILL` and `SIGSTOP` sent
//!     from an outer namespace. So the kernel's `SIGKILL` (kill, the parent-death
//!     signal, `RLIMIT_CPU`'s hard limit) still ends it, and so do faults (`SIGSEGV`,
//!     ... are forced) and seccomp's kill action; but `SIGTERM`/`SIGINT`/`SIGHUP` (a
//!     terminal's too) and `RLIMIT_CPU`'s soft-limit `SIGXCPU` are ignored unless the
//!     runtime installs a handler, and `abort()` (a self-sent `SIGABRT`) ends in glibc's
//!     fallback instead (a forced `SIGSEGV`);
//!   - when it exits, the namespace ends: anything else in it is killed.
//! - **net**: only a loopback interface, down: no route anywhere.
//! - **ipc**: no System V IPC objects or POSIX message queues of the host.
//! - **mount**: a private copy of the mount table (Landlock, not this, is what denies
//!   file access; this only keeps any mount change from propagating to the host).
//! - **uts**, **cgroup**: the host name and the cgroup paths stop being shared.
//!
//! # Order
//!
//! Creating a pid, net, ipc, mount, uts or cgroup namespace needs `CAP_SYS_ADMIN` in
//! the user namespace that will own it, and a uid can only be changed to one mapped in
//! the caller's user namespace. Hence two orders, chosen by [`clone_flags`]:
//!
//! - **kernel not root**: one `clone` with all of [`FLAGS`]. The user namespace is
//!   created first, and the child's full capabilities in it are what allow the other
//!   namespaces of the same `clone`, which it then owns. No identity change.
//! - **kernel root**: `clone` with [`FLAGS`] *without* `CLONE_NEWUSER` (root has
//!   `CAP_SYS_ADMIN` in its own user namespace), so the child is pid 1 in new
//!   namespaces owned by the kernel's user namespace, still root there. The child then
//!   drops to [`UNPRIVILEGED_ID`] ([`drop_identity`]: `setgroups([])`, `setresgid`,
//!   `setresuid`, which clears all its capabilities) and only then leaves the user
//!   namespace ([`enter_user_namespace`]: `unshare(CLONE_NEWUSER)` as an unprivileged
//!   user). The other way round cannot work: in a fresh unmapped user namespace uid
//!   65534 is not mapped, so `setresuid(65534)` fails with `EINVAL`. The runtime ends in
//!   the same state as with a non-root kernel, except that its pid, net, ... namespaces
//!   are owned by the kernel's user namespace, where it never held a capability.
//!
//! A root kernel without `CAP_SYS_ADMIN` (some containers) gets `EPERM` from the clone;
//! [`probe`] reports that, and the policy's `if_unsupported` decides.
//!
//! [`probe`] answers, before any runtime is spawned, whether this host allows all of
//! that, by doing exactly the same in a throw-away child.

use std::io;

use super::process::{clone_run, RuntimeChild};

/// Namespaces a runtime process leaves: all of these, in the `clone` that creates it
/// (`CLONE_NEWUSER` in an `unshare` right after, when the kernel is root: see the
/// module docs and [`clone_flags`]).
pub const FLAGS: libc::c_int = libc::CLONE_NEWUSER
    | libc::CLONE_NEWPID
    | libc::CLONE_NEWNET
    | libc::CLONE_NEWIPC
    | libc::CLONE_NEWNS
    | libc::CLONE_NEWUTS
    | libc::CLONE_NEWCGROUP;

/// The uid and gid a runtime process is dropped to when the kernel runs as root: the
/// conventional `nobody`/`nogroup` (also the kernel's overflow id).
pub const UNPRIVILEGED_ID: u32 = 65534;

/// The namespace flags for the `clone` that creates a runtime: [`FLAGS`], without
/// `CLONE_NEWUSER` when the kernel is `root` (the child enters its user namespace after
/// dropping its uid, see the module docs).
pub(super) fn clone_flags(root: bool) -> libc::c_int {
    if root {
        FLAGS & !libc::CLONE_NEWUSER
    } else {
        FLAGS
    }
}

/// `setgroups([])`, `setresgid` and `setresuid` to [`UNPRIVILEGED_ID`], as raw system
/// calls (glibc's wrappers would try to change the ids of the threads it believes
/// the process has: the kernel's, in a child made by a raw clone).
///
/// Async-signal-safe.
///
/// # Errors
/// The errno of the failing call.
pub(super) fn drop_identity() -> io::Result<()> {
    let id = libc::c_long::from(UNPRIVILEGED_ID);
    // SAFETY: these system calls take integers and a null group list only.
    let ok = unsafe {
        libc::syscall(libc::SYS_setgroups, 0 as libc::c_long, std::ptr::null::<libc::gid_t>()) == 0
            && libc::syscall(libc::SYS_setresgid, id, id, id) == 0
            && libc::syscall(libc::SYS_setresuid, id, id, id) == 0
    };
    if ok {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// `unshare(CLONE_NEWUSER)`: a new, unmapped user namespace.
///
/// Async-signal-safe (one system call).
///
/// # Errors
/// The `unshare(2)` errno: `EPERM` where unprivileged user namespaces are disabled or
/// blocked (sysctl, AppArmor, a container's seccomp profile), `ENOSPC` at the
/// `max_user_namespaces` limit.
pub(super) fn enter_user_namespace() -> io::Result<()> {
    // SAFETY: unshare takes only a flag word and touches no memory of ours.
    if unsafe { libc::unshare(libc::CLONE_NEWUSER) } == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// `CLONE_NEWUSER|CLONE_NEWPID|...` for the namespace flags in `flags`, for messages.
pub(super) fn describe(flags: libc::c_int) -> String {
    let names = [
        (libc::CLONE_NEWUSER, "CLONE_NEWUSER"),
        (libc::CLONE_NEWPID, "CLONE_NEWPID"),
        (libc::CLONE_NEWNET, "CLONE_NEWNET"),
        (libc::CLONE_NEWIPC, "CLONE_NEWIPC"),
        (libc::CLONE_NEWNS, "CLONE_NEWNS"),
        (libc::CLONE_NEWUTS, "CLONE_NEWUTS"),
        (libc::CLONE_NEWCGROUP, "CLONE_NEWCGROUP"),
    ];
    let set: Vec<&str> =
        names.iter().filter(|(flag, _)| flags & flag != 0).map(|(_, name)| *name).collect();
    if set.is_empty() {
        "no new namespaces".to_owned()
    } else {
        set.join("|")
    }
}

/// Whether a process spawned now could be created in new namespaces: tries exactly
/// what `spawn` does in a throw-away child (the `clone` with [`clone_flags`]; as
/// root, the drop to [`UNPRIVILEGED_ID`] and `unshare(CLONE_NEWUSER)` after it).
///
/// # Errors
/// Why namespaces are unavailable, as a sentence for the log.
pub fn probe() -> Result<(), String> {
    Probe::start().finish()
}

/// The namespace test of [`probe`], started and not yet waited for: the caller may do
/// other work while the test child runs.
pub struct Probe {
    flags: libc::c_int,
    child: Result<RuntimeChild, String>,
}

impl Probe {
    /// Starts the test child (or finds out at once that it cannot start).
    pub fn start() -> Probe {
        // SAFETY: geteuid has no preconditions.
        let root = unsafe { libc::geteuid() } == 0;
        let flags = clone_flags(root);
        let limit = std::fs::read_to_string("/proc/sys/user/max_user_namespaces").ok();
        if limit.as_deref().map(str::trim) == Some("0") {
            let why = "user namespaces are disabled (/proc/sys/user/max_user_namespaces is 0)";
            return Probe { flags, child: Err(why.into()) };
        }
        // SAFETY: the child makes raw system calls only and returns a number (its exit
        // code): async-signal-safe, no allocation, nothing of glibc's thread state.
        let started = unsafe {
            clone_run(flags, || {
                if root {
                    if drop_identity().is_err() {
                        return 255;
                    }
                    if let Err(e) = enter_user_namespace() {
                        return e.raw_os_error().unwrap_or(253).clamp(1, 253);
                    }
                }
                0
            })
        };
        let child = started
            .map(|(pid, pidfd)| RuntimeChild::new(pid, pidfd, None))
            .map_err(|e| format!("clone({}) fails: {e}", describe(flags)));
        Probe { flags, child }
    }

    /// Waits for the test child and reads its answer.
    ///
    /// # Errors
    /// Why namespaces are unavailable, as a sentence for the log.
    pub fn finish(self) -> Result<(), String> {
        let status = self
            .child?
            .wait()
            .map_err(|e| format!("cannot wait for the namespace test child: {e}"))?;
        match status.code() {
            Some(0) => Ok(()),
            Some(255) => Err(format!("cannot drop the test child to uid {UNPRIVILEGED_ID}")),
            Some(errno) => Err(format!(
                "unshare(CLONE_NEWUSER) as uid {UNPRIVILEGED_ID}, after clone({}), fails: {}",
                describe(self.flags),
                io::Error::from_raw_os_error(errno)
            )),
            None => Err(format!("the namespace test child died ({status})")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_enters_its_user_namespace_after_the_clone() {
        assert_eq!(clone_flags(false), FLAGS);
        assert_eq!(clone_flags(true) & libc::CLONE_NEWUSER, 0);
        assert_eq!(clone_flags(true) | libc::CLONE_NEWUSER, FLAGS);
        assert_ne!(FLAGS & libc::CLONE_NEWPID, 0);
    }

    #[test]
    fn flags_are_named() {
        assert_eq!(
            describe(FLAGS),
            "CLONE_NEWUSER|CLONE_NEWPID|CLONE_NEWNET|CLONE_NEWIPC|CLONE_NEWNS|CLONE_NEWUTS|\
             CLONE_NEWCGROUP"
        );
        assert_eq!(describe(0), "no new namespaces");
    }
}
