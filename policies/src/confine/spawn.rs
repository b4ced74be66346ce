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
//! 3. `unshare` of user, net, ipc, mount, uts and cgroup namespaces (not pid: see
//!    `namespaces.rs`);
//! 4. resource limits (`RLIMIT_NPROC` only inside the new user namespace);
//! 5. `PR_SET_NO_NEW_PRIVS`;
//! 6. `fexecve` of the runtime binary, opened by the kernel before the fork, with an
//!    empty environment. Executing from a descriptor means the unprivileged uid needs
//!    execute permission on the binary only, not search permission on every directory
//!    above it (a build tree under a `0700` home directory works).

use std::ffi::{c_char, CString};
use std::io;
use std::os::fd::{AsRawFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
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

    let spawn_error = |source| ConfineError::Spawn { program: spec.program.clone(), source };
    let binary = std::fs::File::open(&spec.program).map_err(spawn_error)?;
    // Above every target number, so placing the runtime's descriptors cannot clobber it.
    let binary: OwnedFd = nix::fcntl::fcntl(
        &binary,
        nix::fcntl::FcntlArg::F_DUPFD_CLOEXEC(super::fds::MAX_INHERITED_FD + 1),
    )
    .map_err(|e| spawn_error(e.into()))
    // SAFETY: F_DUPFD_CLOEXEC returned a new descriptor that nothing else owns.
    .map(|fd| unsafe { <OwnedFd as std::os::fd::FromRawFd>::from_raw_fd(fd) })?;
    let exec = ExecArgs::new(&spec.program, &spec.args).map_err(spawn_error)?;

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
        exec.fexecve(binary.as_raw_fd())
    };
    // SAFETY: `child_setup` runs between fork and execve and is async-signal-safe: it
    // only reads data computed before the fork (`placement`, `limits`, plain integers)
    // and makes system calls; it neither allocates nor takes locks.
    unsafe { command.pre_exec(child_setup) };
    let child = command.spawn().map_err(|source| {
        let source = if root && source.kind() == io::ErrorKind::PermissionDenied {
            io::Error::new(
                source.kind(),
                format!(
                    "{source} (the runtime runs as uid {}: the binary and every directory \
                     above it must be accessible to that uid)",
                    namespaces::UNPRIVILEGED_ID
                ),
            )
        } else {
            source
        };
        ConfineError::Spawn { program: spec.program.clone(), source }
    })?;
    // The child has its copies now; close the kernel's.
    drop(holders);
    drop(spec);
    Ok(child)
}

/// `argv` and an empty `envp` as the NUL-terminated pointer arrays `fexecve` takes,
/// built before the fork so the child does not allocate.
struct ExecArgs {
    _strings: Vec<CString>,
    argv: Vec<*const c_char>,
    envp: [*const c_char; 1],
}

// SAFETY: the pointers point into `_strings`, which the struct owns and never changes;
// they are only read, in the forked child.
unsafe impl Send for ExecArgs {}
// SAFETY: as above: shared access only reads.
unsafe impl Sync for ExecArgs {}

impl ExecArgs {
    fn new(program: &std::path::Path, args: &[String]) -> io::Result<ExecArgs> {
        let nul = |_| io::Error::new(io::ErrorKind::InvalidInput, "NUL byte in an argument");
        let mut strings = vec![CString::new(program.as_os_str().as_bytes()).map_err(nul)?];
        for a in args {
            strings.push(CString::new(a.as_bytes()).map_err(nul)?);
        }
        let argv = strings.iter().map(|c| c.as_ptr()).chain([std::ptr::null()]).collect();
        Ok(ExecArgs { _strings: strings, argv, envp: [std::ptr::null()] })
    }

    /// Replaces the process image; returns only on failure. Async-signal-safe.
    fn fexecve(&self, fd: i32) -> io::Result<()> {
        // SAFETY: `argv` and `envp` are NULL-terminated arrays of valid C strings that
        // live as long as `self`; `fd` is an open descriptor of the binary.
        unsafe { libc::fexecve(fd, self.argv.as_ptr(), self.envp.as_ptr()) };
        Err(io::Error::last_os_error())
    }
}

/// A layer is missing: refuse, or log and go on, as the policy says.
fn allow_missing(
    if_unsupported: IfUnsupported,
    layer: &'static str,
    detail: &str,
    runtime: &str,
) -> Result<(), ConfineError> {
    match if_unsupported {
        IfUnsupported::Refuse => {
            Err(ConfineError::Unsupported { layer, detail: detail.to_owned() })
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuse_names_the_layer_and_the_way_out() {
        let err =
            allow_missing(IfUnsupported::Refuse, "Landlock", "ENOSYS", "sandbox-wasm").unwrap_err();
        let message = err.to_string();
        assert!(
            message.starts_with("this host cannot provide Landlock (ENOSYS); refusing to run"),
            "{message}"
        );
        assert!(message.contains("if_unsupported = \"degrade\""), "{message}");
    }

    #[test]
    fn degrade_goes_on() {
        allow_missing(IfUnsupported::Degrade, "user namespaces", "EPERM", "sandbox-wasm").unwrap();
    }
}
