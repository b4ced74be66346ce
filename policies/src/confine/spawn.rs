//! The kernel side: starting a runtime process already confined.
//!
//! In the parent, before the clone: check the host's layers against the policy
//! (`if_unsupported`), validate the descriptors and compute every value the child
//! needs ([`Placement`], [`rlimit::Plan`], the `argv` for `fexecve`), and open every
//! descriptor it will use, at numbers above the ones it hands over (the binary,
//! `/dev/null`, the write end of the stderr pipe, its end of the report socket).
//!
//! The process is created by a raw `clone` ([`process::clone_run`], not
//! `std::process::Command`) so that it is pid 1 of a new pid namespace; see
//! `namespaces.rs` for why and for which flags. In the child, between the clone and
//! `execve`, only async-signal-safe code runs (the kernel is multithreaded, and the
//! copy is made behind glibc's back): system calls on precomputed data, no allocation,
//! no locks. The order there, and why:
//!
//! 0. (`clone_run`) every signal disposition back to the default, empty signal mask:
//!    no handler of the kernel's may run in the child;
//! 1. stdin/stdout ← `/dev/null`, stderr ← the pipe the kernel reads;
//! 2. when the kernel is root: `setgroups([])`, `setresgid`/`setresuid` to
//!    [`namespaces::UNPRIVILEGED_ID`] (raw system calls), then, with namespaces,
//!    `unshare(CLONE_NEWUSER)`: the uid must be dropped while still in the kernel's user
//!    namespace, where 65534 is mapped (the clone left `CLONE_NEWUSER` out for that);
//! 3. `PR_SET_PDEATHSIG(SIGKILL)`, after every credential change (a uid change clears
//!    it), then the handshake that proves the kernel's spawning thread outlived that
//!    moment (below);
//! 4. descriptors moved to their numbers, every other one from 3 up close-on-exec;
//! 5. resource limits (`RLIMIT_NPROC` only once inside the new user namespace);
//! 6. `PR_SET_NO_NEW_PRIVS`;
//! 7. `fexecve` of the runtime binary, opened by the kernel before the clone, with an
//!    empty environment. Executing from a descriptor means the unprivileged uid needs
//!    execute permission on the binary only, not search permission on every directory
//!    above it (a build tree under a `0700` home directory works).
//!
//! **The report socket.** A `socketpair` (close-on-exec) connects the child and the
//! `spawn` call. The child sends `READY` after step 3 and a `(step, errno)` record if a
//! step fails (then `_exit`s); `execve` closes its end, so end-of-file after `READY`
//! means the runtime is running. That is how `spawn` still returns a precise error.
//!
//! **The parent-death signal.** `PR_SET_PDEATHSIG` fires when the *thread* that created
//! the child exits; a child whose parent died before it set the signal never gets it.
//! The usual check, `getppid()` against the parent's pid, cannot work here: pid 1
//! of a namespace sees `getppid() == 0` whoever its parent is. Instead, after setting
//! the signal the child sends `READY` and waits for the kernel's reply. A reply can only
//! come from the spawning thread, alive after the signal was set, so its exit (even
//! with the whole kernel) will deliver the `SIGKILL`: sent from the kernel's (outer) pid
//! namespace, it is not one that pid 1 ignores. End-of-file instead of a reply means
//! the kernel died first: the child `_exit`s. The spawning thread cannot leave `spawn`
//! without replying or the kernel dying, since it waits for the report.

use std::ffi::{c_char, CString};
use std::fs::File;
use std::io::{self, Read};
use std::os::fd::{AsRawFd, OwnedFd, RawFd};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::net::UnixStream;

use super::fds::{self, Placement};
use super::process::{self, RuntimeChild};
use super::{host_support, namespaces, rlimit, ConfineError, SpawnSpec};
use crate::schema::IfUnsupported;

pub(super) fn spawn(spec: SpawnSpec) -> Result<RuntimeChild, ConfineError> {
    let host = host_support();
    if let Some(detail) = &host.seccomp_missing {
        return Err(ConfineError::Unsupported { layer: "seccomp", detail: detail.clone() });
    }
    let use_namespaces = match &host.namespaces_missing {
        None => true,
        Some(detail) => {
            allow_missing(
                spec.if_unsupported,
                "namespaces (user, pid, net, ipc, mount)",
                detail,
                spec.profile.name(),
            )?;
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

    let SpawnSpec { program, args, fds: handed_over, profile, memory_mb, cpu_ms, .. } = spec;
    let mut holders = Vec::new();
    let placement = Placement::new(&handed_over, &mut holders)?;
    let limits = rlimit::Plan::new(profile, memory_mb, cpu_ms);
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;

    let spawn_error = |source| ConfineError::Spawn { program: program.clone(), source };
    let binary = File::open(&program).and_then(|f| high(f.into())).map_err(spawn_error)?;
    let exec = ExecArgs::new(&program, &args).map_err(spawn_error)?;
    let setup = (|| -> io::Result<_> {
        let null = File::options().read(true).write(true).open("/dev/null")?;
        let (stderr_read, stderr_write) = nix::unistd::pipe2(nix::fcntl::OFlag::O_CLOEXEC)?;
        let (report, report_child) = nix::sys::socket::socketpair(
            nix::sys::socket::AddressFamily::Unix,
            nix::sys::socket::SockType::Stream,
            None,
            nix::sys::socket::SockFlag::SOCK_CLOEXEC,
        )?;
        Ok((
            high(null.into())?,
            File::from(stderr_read),
            high(stderr_write)?,
            UnixStream::from(report),
            high(report_child)?,
        ))
    })();
    let (null, stderr_read, stderr_write, report, report_child) = setup.map_err(spawn_error)?;

    let plan = ChildPlan {
        null: null.as_raw_fd(),
        stderr: stderr_write.as_raw_fd(),
        report: report_child.as_raw_fd(),
        binary: binary.as_raw_fd(),
        drop_identity: root,
        unshare_user: root && use_namespaces,
        user_namespace: use_namespaces,
        placement: &placement,
        limits: &limits,
        exec: &exec,
    };
    let flags = if use_namespaces { namespaces::clone_flags(root) } else { 0 };
    // SAFETY: `plan.run` is async-signal-safe and independent of glibc's thread state:
    // it reads only data computed above (plain integers, `placement`, `limits`,
    // `exec`), makes system calls (raw ones for the identity change), neither allocates
    // nor takes locks nor panics, and ends in fexecve or a return to `clone_run`.
    let started = unsafe { process::clone_run(flags, || plan.run()) };
    // The child has its copies now (or there is no child); close the kernel's.
    drop((null, stderr_write, report_child, binary, holders, handed_over));
    let (pid, pidfd) = started.map_err(|e| {
        let what = if flags == 0 {
            "clone".to_owned()
        } else {
            format!("clone({})", namespaces::describe(flags))
        };
        spawn_error(io::Error::new(e.kind(), format!("{what}: {e}")))
    })?;
    let mut child = RuntimeChild::new(pid, pidfd, Some(stderr_read));

    let outcome = handshake(report);
    if let Ok(Report::Running) = outcome {
        return Ok(child);
    }
    // The child reported a failure and exits, or something went wrong with the report:
    // make sure it is gone, and reap it.
    let _ = child.kill();
    let status = child.wait();
    let source = match outcome {
        Ok(Report::Failed(Step::Exec, errno)) => {
            let source = io::Error::from_raw_os_error(errno);
            if root && source.kind() == io::ErrorKind::PermissionDenied {
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
            }
        }
        Ok(Report::Failed(step, errno)) => {
            let os = io::Error::from_raw_os_error(errno);
            io::Error::new(os.kind(), format!("in the new process, {}: {os}", step.what()))
        }
        Ok(Report::Ended) => io::Error::other(match status {
            Ok(status) => format!("the new process ended before execve ({status})"),
            Err(e) => format!("the new process ended before execve (and waiting failed: {e})"),
        }),
        Ok(Report::Running) => unreachable!("returned above"),
        Err(e) => io::Error::new(e.kind(), format!("reading the new process's report: {e}")),
    };
    Err(spawn_error(source))
}

/// `fd` again, close-on-exec, at a number above [`fds::MAX_INHERITED_FD`], so that
/// placing the runtime's descriptors and its stdio cannot clobber it.
fn high(fd: OwnedFd) -> io::Result<OwnedFd> {
    fds::dup_at_least(fd.as_raw_fd(), fds::MAX_INHERITED_FD + 1)
}

/// A step in the child, as reported on the report socket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u32)]
enum Step {
    /// Not a failure: the parent-death signal is set; the child waits for the reply.
    Ready = 1,
    Stdio,
    Identity,
    UserNamespace,
    ParentDeathSignal,
    Descriptors,
    Limits,
    NoNewPrivs,
    Exec,
}

impl Step {
    const ALL: [Step; 9] = [
        Step::Ready,
        Step::Stdio,
        Step::Identity,
        Step::UserNamespace,
        Step::ParentDeathSignal,
        Step::Descriptors,
        Step::Limits,
        Step::NoNewPrivs,
        Step::Exec,
    ];

    fn what(self) -> String {
        match self {
            Step::Ready => "the handshake".to_owned(),
            Step::Stdio => "redirecting stdin, stdout and stderr (dup2)".to_owned(),
            Step::Identity => format!(
                "dropping to uid/gid {} (setgroups, setresgid, setresuid)",
                namespaces::UNPRIVILEGED_ID
            ),
            Step::UserNamespace => "unshare(CLONE_NEWUSER)".to_owned(),
            Step::ParentDeathSignal => {
                "setting the parent-death signal (prctl, then the handshake)".to_owned()
            }
            Step::Descriptors => "placing the runtime's descriptors".to_owned(),
            Step::Limits => "setrlimit".to_owned(),
            Step::NoNewPrivs => "prctl(PR_SET_NO_NEW_PRIVS)".to_owned(),
            Step::Exec => "fexecve".to_owned(),
        }
    }

    /// The 8 bytes the child sends: the step and an errno.
    fn record(self, errno: i32) -> [u8; 8] {
        let mut record = [0; 8];
        let (step, err) = record.split_at_mut(4);
        step.copy_from_slice(&(self as u32).to_ne_bytes());
        err.copy_from_slice(&errno.to_ne_bytes());
        record
    }

    fn parse(record: [u8; 8]) -> Option<(Step, i32)> {
        let [s0, s1, s2, s3, e0, e1, e2, e3] = record;
        let step = u32::from_ne_bytes([s0, s1, s2, s3]);
        let step = Step::ALL.into_iter().find(|s| *s as u32 == step)?;
        Some((step, i32::from_ne_bytes([e0, e1, e2, e3])))
    }
}

/// What the report socket said.
enum Report {
    /// `READY`, the reply, then end-of-file: `execve` succeeded.
    Running,
    /// A step failed with this errno.
    Failed(Step, i32),
    /// End-of-file before `READY`: the child died (killed, or the kernel was going away).
    Ended,
}

/// The parent's half of the report protocol (see the module docs).
fn handshake(mut report: UnixStream) -> io::Result<Report> {
    match read_record(&mut report)? {
        None => return Ok(Report::Ended),
        Some((Step::Ready, _)) => {}
        Some((step, errno)) => return Ok(Report::Failed(step, errno)),
    }
    loop {
        // SAFETY: sends one byte from a live buffer; MSG_NOSIGNAL: a child that died
        // meanwhile gives EPIPE, not SIGPIPE.
        let sent =
            unsafe { libc::send(report.as_raw_fd(), [1u8].as_ptr().cast(), 1, libc::MSG_NOSIGNAL) };
        if sent == 1 {
            break;
        }
        let e = io::Error::last_os_error();
        match e.kind() {
            io::ErrorKind::Interrupted => continue,
            io::ErrorKind::BrokenPipe | io::ErrorKind::ConnectionReset => return Ok(Report::Ended),
            _ => return Err(e),
        }
    }
    match read_record(&mut report)? {
        None => Ok(Report::Running),
        Some((Step::Ready, _)) => {
            Err(io::Error::new(io::ErrorKind::InvalidData, "READY sent twice"))
        }
        Some((step, errno)) => Ok(Report::Failed(step, errno)),
    }
}

/// One 8-byte record, or `None` at end-of-file.
fn read_record(report: &mut UnixStream) -> io::Result<Option<(Step, i32)>> {
    let mut record = [0u8; 8];
    let mut got = 0;
    while got < record.len() {
        match report.read(&mut record[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            // The child closed its end with our reply unread: it died.
            Err(e) if e.kind() == io::ErrorKind::ConnectionReset && got == 0 => break,
            Err(e) => return Err(e),
        }
    }
    match got {
        0 => Ok(None),
        8 => Step::parse(record)
            .map(Some)
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "unknown step")),
        _ => Err(io::Error::new(io::ErrorKind::UnexpectedEof, "truncated record")),
    }
}

/// Everything the child does between the clone and `execve`, on values computed before
/// the clone.
struct ChildPlan<'a> {
    /// `/dev/null`, read-write: stdin and stdout.
    null: RawFd,
    /// The write end of the stderr pipe.
    stderr: RawFd,
    /// The child's end of the report socket.
    report: RawFd,
    /// The runtime binary, for `fexecve`.
    binary: RawFd,
    /// Drop to [`namespaces::UNPRIVILEGED_ID`] (the kernel is root).
    drop_identity: bool,
    /// `unshare(CLONE_NEWUSER)` after the drop (the kernel is root and the clone made
    /// the other namespaces).
    unshare_user: bool,
    /// The process will be in a new user namespace (for `RLIMIT_NPROC`).
    user_namespace: bool,
    placement: &'a Placement,
    limits: &'a rlimit::Plan,
    exec: &'a ExecArgs,
}

/// The child's exit code when a step failed (after reporting it).
const EXIT_FAILED: libc::c_int = 127;
/// The child's exit code when the kernel died before replying to `READY`.
const EXIT_ORPHANED: libc::c_int = 126;

impl ChildPlan<'_> {
    /// Runs the steps in the child; returns (an exit code) only if one failed.
    ///
    /// Async-signal-safe and independent of glibc's per-thread state: system calls on
    /// the plan's data, no allocation (every error is an OS error, which does not
    /// allocate), no panics.
    fn run(&self) -> libc::c_int {
        match self.steps() {
            Ok(()) => EXIT_ORPHANED,
            Err((step, errno)) => {
                self.send(&step.record(errno));
                EXIT_FAILED
            }
        }
    }

    /// The steps; `Ok` only if the kernel went away before replying.
    fn steps(&self) -> Result<(), (Step, i32)> {
        let failed = |step: Step| move |e: io::Error| (step, e.raw_os_error().unwrap_or(0));
        for (from, to) in [(self.null, 0), (self.null, 1), (self.stderr, 2)] {
            // SAFETY: dup2 on descriptor numbers; the copies are not close-on-exec.
            if unsafe { libc::dup2(from, to) } < 0 {
                return Err(failed(Step::Stdio)(io::Error::last_os_error()));
            }
        }
        if self.drop_identity {
            namespaces::drop_identity().map_err(failed(Step::Identity))?;
        }
        if self.unshare_user {
            namespaces::enter_user_namespace().map_err(failed(Step::UserNamespace))?;
        }
        // SAFETY: prctl with integer arguments only.
        if unsafe { libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL, 0, 0, 0) } != 0 {
            return Err(failed(Step::ParentDeathSignal)(io::Error::last_os_error()));
        }
        if !self.send(&Step::Ready.record(0)) || !self.await_reply()? {
            return Ok(());
        }
        self.placement.apply().map_err(failed(Step::Descriptors))?;
        self.limits.apply(self.user_namespace).map_err(failed(Step::Limits))?;
        // SAFETY: prctl with integer arguments only.
        if unsafe { libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) } != 0 {
            return Err(failed(Step::NoNewPrivs)(io::Error::last_os_error()));
        }
        Err(failed(Step::Exec)(self.exec.fexecve(self.binary)))
    }

    /// Sends a record to the kernel; `false` if it is gone.
    fn send(&self, record: &[u8; 8]) -> bool {
        loop {
            // SAFETY: sends 8 bytes from a live buffer; MSG_NOSIGNAL: no SIGPIPE if the
            // kernel is gone. A unix stream socket with an empty buffer takes 8 bytes
            // at once.
            let n = unsafe {
                libc::send(self.report, record.as_ptr().cast(), record.len(), libc::MSG_NOSIGNAL)
            };
            if n == 8 {
                return true;
            }
            if n >= 0 || io::Error::last_os_error().kind() != io::ErrorKind::Interrupted {
                return false;
            }
        }
    }

    /// Waits for the kernel's one-byte reply to `READY`: `true` when it came, `false` at
    /// end-of-file (the kernel died).
    fn await_reply(&self) -> Result<bool, (Step, i32)> {
        let mut byte = 0u8;
        loop {
            // SAFETY: reads at most one byte into a live local.
            let n = unsafe { libc::read(self.report, (&mut byte as *mut u8).cast(), 1) };
            match n {
                1 => return Ok(true),
                0 => return Ok(false),
                _ => {
                    let e = io::Error::last_os_error();
                    if e.kind() != io::ErrorKind::Interrupted {
                        return Err((Step::ParentDeathSignal, e.raw_os_error().unwrap_or(0)));
                    }
                }
            }
        }
    }
}

/// `argv` and an empty `envp` as the NUL-terminated pointer arrays `fexecve` takes,
/// built before the clone so the child does not allocate.
struct ExecArgs {
    _strings: Vec<CString>,
    argv: Vec<*const c_char>,
    envp: [*const c_char; 1],
}

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

    /// Replaces the process image; returns (the error) only on failure.
    /// Async-signal-safe.
    fn fexecve(&self, fd: RawFd) -> io::Error {
        // SAFETY: `argv` and `envp` are NULL-terminated arrays of valid C strings that
        // live as long as `self`; `fd` is an open descriptor of the binary.
        unsafe { libc::fexecve(fd, self.argv.as_ptr(), self.envp.as_ptr()) };
        io::Error::last_os_error()
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
