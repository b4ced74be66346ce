//! The kernel side: starting a runtime process already confined.
//!
//! In the parent, before `fork`: check the host's layers against the policy
//! (`if_unsupported`), validate the descriptors and compute every value the child
//! needs ([`Placement`], [`rlimit::Plan`]). In the child, between `fork` and `execve`,
//! only async-signal-safe code runs (the kernel is multithreaded; another thread may
//! have held the allocator's lock at `fork`): system calls on precomputed data, no
//! allocation, no locks. The order there:
//!
//! 0. (`std`) stdin/stdout ← `/dev/null`, stderr ← pipe; when the kernel is root,
//!    `setgroups([])`, `setgid`/`setuid` to [`namespaces::UNPRIVILEGED_ID`].
//! 1. descriptors moved to their numbers, every other one from 3 up close-on-exec;
//! 2. `PR_SET_PDEATHSIG(SIGKILL)`, after the uid change (which would clear it), then a
//!    check that the parent did not already exit before it was set;
//! 3. `unshare` of user, pid, net, ipc, mount, uts and cgroup namespaces;
//! 4. resource limits (`RLIMIT_NPROC` only inside the new user namespace);
//! 5. `PR_SET_NO_NEW_PRIVS`;
//! 6. (`std`) `execve` with an empty environment.

use std::io;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};

use super::fds::Placement;
use super::{host_support, namespaces, rlimit, ConfineError, SpawnSpec};
use crate::schema::IfUnsupported;

pub(super) fn spawn(spec: SpawnSpec) -> Result<Child, ConfineError> {
    let host = host_support();
    if let Some(detail) = &host.seccomp_missing {
        return Err(ConfineError::Unsupported { layer: "seccomp", detail: detail.clone() });
    }
    let use_namespaces = match &host.namespaces_missing {
        None => true,
        Some(detail) => {
            allow_missing(spec.if_unsupported, "user namespaces", detail, spec.profile.name())?;
            false
        }
    };
    if host.landlock_abi.is_none() {
        allow_missing(
            spec.if_unsupported,
            "Landlock",
            "the kernel has no Landlock or it is disabled",
            spec.profile.name(),
        )?;
    }

    let mut holders = Vec::new();
    let placement = Placement::new(&spec.fds, &mut holders)?;
    let limits = rlimit::Plan::new(spec.profile, spec.memory_mb, spec.cpu_ms);
    // SAFETY: getpid/geteuid have no preconditions.
    let (parent, root) = unsafe { (libc::getpid(), libc::geteuid() == 0) };

    let mut command = Command::new(&spec.program);
    command
        .args(&spec.args)
        .env_clear()
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if root {
        command.uid(namespaces::UNPRIVILEGED_ID).gid(namespaces::UNPRIVILEGED_ID);
    }
    let child_setup = move || -> io::Result<()> {
        placement.apply()?;
        set_parent_death_signal(parent)?;
        if use_namespaces {
            namespaces::enter()?;
        }
        limits.apply(use_namespaces)?;
        // SAFETY: prctl with integer arguments only.
        if unsafe { libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) } != 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(())
    };
    // SAFETY: `child_setup` runs between fork and execve and is async-signal-safe: it
    // only reads data computed before the fork (`placement`, `limits`, plain integers)
    // and makes system calls; it neither allocates nor takes locks.
    unsafe { command.pre_exec(child_setup) };
    let child = command.spawn().map_err(|source| ConfineError::Spawn { program: spec.program.clone(), source })?;
    // The child has its copies now; close the kernel's.
    drop(holders);
    drop(spec);
    Ok(child)
}

/// A layer is missing: refuse, or log and go on, as the policy says.
fn allow_missing(
    if_unsupported: IfUnsupported,
    layer: &'static str,
    detail: &str,
    runtime: &str,
) -> Result<(), ConfineError> {
    match if_unsupported {
        IfUnsupported::Refuse => Err(ConfineError::Unsupported { layer, detail: detail.to_owned() }),
        IfUnsupported::Degrade => {
            tracing::warn!(
                runtime,
                layer,
                detail,
                "CONFINEMENT DEGRADED: running without {layer} because the policy says \
                 `if_unsupported = \"degrade\"`"
            );
            Ok(())
        }
    }
}

/// `PR_SET_PDEATHSIG(SIGKILL)`, then make sure `parent` did not exit before that: if it
/// had, the child was reparented and will never get the signal.
///
/// Async-signal-safe.
fn set_parent_death_signal(parent: libc::pid_t) -> io::Result<()> {
    // SAFETY: prctl with integer arguments only.
    if unsafe { libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL, 0, 0, 0) } != 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: getppid has no preconditions.
    if unsafe { libc::getppid() } != parent {
        return Err(io::Error::from_raw_os_error(libc::ESRCH));
    }
    Ok(())
}
