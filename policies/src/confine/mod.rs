//! How a runtime process is confined.
//!
//! Two phases, both here so the kernel, the runtimes and the confinement probe
//! (`tests/src/bin/confine-probe.rs`) share one code path:
//!
//! 1. [`spawn`] (kernel side, `spawn.rs`): the kernel starts the runtime binary as pid 1
//!    of a new pid namespace, in new user, net, ipc, mount, uts and cgroup namespaces
//!    too ([`namespaces`]; a raw `clone`, see `process.rs`), with an empty environment,
//!    `/dev/null` as stdin/stdout, a pipe as stderr, only the descriptors it names
//!    ([`fds`]), its uid dropped when the kernel is root, a parent-death signal,
//!    resource limits ([`rlimit`]) and `no_new_privs`.
//! 2. [`lock_down`] (runtime side): the runtime, before it reads a byte of untrusted
//!    input, closes stray descriptors and applies Landlock ([`landlock`]: no file
//!    system, no TCP, scoped signals) and its seccomp profile ([`seccomp`]: a
//!    kill-by-default allow-list from `policies/seccomp/<runtime>.json`).
//!
//! Which layers the host has is found out once, before the first spawn
//! ([`host_support`]); the policy's `[confinement] if_unsupported` decides whether a
//! missing layer refuses the spawn or only logs a warning. Seccomp is never optional.

pub mod fds;
pub mod kernel;
pub mod landlock;
pub mod namespaces;
mod process;
pub mod rlimit;
pub mod seccomp;
mod spawn;

pub use process::{kill_pidfd, pidfd_send_signal, RuntimeChild};

use std::fmt;
use std::os::fd::OwnedFd;
use std::path::PathBuf;
use std::sync::OnceLock;

use crate::schema::{IfUnsupported, Policy};

/// Which confinement profile to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuntimeProfile {
    /// `sandbox-wasm`: wasmtime, single-threaded.
    Wasm,
    /// `sandbox-node`: V8 with its worker threads.
    Node,
}

impl RuntimeProfile {
    /// Every profile: one per runtime binary.
    pub const ALL: [RuntimeProfile; 2] = [RuntimeProfile::Wasm, RuntimeProfile::Node];

    /// The runtime binary's name, which is also the name of its seccomp profile
    /// (`policies/seccomp/<name>.json`).
    pub fn name(self) -> &'static str {
        match self {
            RuntimeProfile::Wasm => "sandbox-wasm",
            RuntimeProfile::Node => "sandbox-node",
        }
    }
}

/// What [`lock_down`] applied, for the runtime to report (it implements `Display` as
/// one log line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockdownReport {
    /// The host's Landlock ABI; `None`: the host has no Landlock and none was applied.
    pub landlock_abi: Option<i32>,
    /// The seccomp profile is installed (always `true` in a report: [`lock_down`] fails
    /// otherwise).
    pub seccomp: bool,
    /// Landlock denies TCP bind/connect (ABI ≥ 4).
    pub landlock_net: bool,
    /// Landlock scopes signals and abstract UNIX sockets to the domain (ABI ≥ 6).
    pub landlock_scopes: bool,
    /// Landlock was applied to all threads at once (ABI ≥ 8); without it [`lock_down`]
    /// insists on a single-threaded process.
    pub landlock_all_threads: bool,
    /// Descriptors above [`fds::MAX_INHERITED_FD`] that were open and have been closed.
    /// Empty when the process was started by [`spawn`].
    pub closed_fds: Vec<i32>,
}

impl fmt::Display for LockdownReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.landlock_abi {
            Some(abi) => {
                write!(f, "landlock ABI {abi} (fs")?;
                if self.landlock_net {
                    write!(f, ", tcp")?;
                }
                if self.landlock_scopes {
                    write!(f, ", signal+abstract-unix scopes")?;
                }
                write!(f, ")")?;
            }
            None => write!(f, "landlock UNAVAILABLE")?,
        }
        write!(f, "; seccomp {}", if self.seccomp { "on" } else { "OFF" })?;
        if !self.closed_fds.is_empty() {
            write!(f, "; closed stray descriptors {:?}", self.closed_fds)?;
        }
        Ok(())
    }
}

/// Why a runtime process could not be started or locked down.
#[derive(Debug, thiserror::Error)]
pub enum ConfineError {
    /// Anything else.
    #[error("{0}")]
    Failed(String),
    /// The host lacks a confinement layer and the policy says to refuse.
    #[error(
        "this host cannot provide {layer} ({detail}); refusing to run \
         (set `[confinement] if_unsupported = \"degrade\"` in the policy to run with less confinement)"
    )]
    Unsupported {
        /// The missing layer: "namespaces (user, pid, net, ipc, mount)", "Landlock" or
        /// "seccomp".
        layer: &'static str,
        /// What the detection found.
        detail: String,
    },
    /// The runtime binary could not be started.
    #[error("cannot start {program}: {source}")]
    Spawn {
        /// The binary.
        program: PathBuf,
        /// From opening the binary, from `clone`/`fexecve`, or from a confinement step
        /// between them (named in the message).
        source: std::io::Error,
    },
    /// The descriptors to hand over are not usable.
    #[error("runtime descriptors: {0}")]
    Descriptors(String),
    /// Landlock is present but could not be applied.
    #[error("landlock: {0}")]
    Landlock(String),
    /// The seccomp profile could not be compiled or installed.
    #[error("seccomp: {0}")]
    Seccomp(String),
    /// `lock_down` ran with several threads on a host that can only Landlock one.
    #[error(
        "lock_down called with {0} threads running, but this host's Landlock restricts only \
         the calling thread (ABI < 8): lock down before starting threads"
    )]
    Threads(usize),
    /// A `prctl` or `/proc` step failed.
    #[error("{what}: {source}")]
    Os {
        /// The step.
        what: &'static str,
        /// Its error.
        source: std::io::Error,
    },
}

/// What the kernel asks of a spawned runtime process.
#[derive(Debug)]
pub struct SpawnSpec {
    /// The runtime binary.
    pub program: PathBuf,
    /// Its arguments (after `argv[0]`, which is `program`).
    pub args: Vec<String>,
    /// Descriptors to install at the given numbers (3..=[`fds::MAX_INHERITED_FD`]);
    /// every other one is closed. The kernel's copies are closed when `spawn` returns.
    pub fds: Vec<(OwnedFd, i32)>,
    /// The runtime's profile (rlimit headroom and thread allowance).
    pub profile: RuntimeProfile,
    /// `[limits] memory_mb`: backs `RLIMIT_DATA` (plus headroom).
    pub memory_mb: Option<u64>,
    /// `[limits] cpu_ms`: backs `RLIMIT_CPU` (rounded up, plus a second).
    pub cpu_ms: Option<u64>,
    /// `[confinement] if_unsupported`: refuse or degrade on a host lacking namespaces
    /// (then the runtime runs in none of them: the kernel's pid, user, net, ...
    /// namespaces) or Landlock.
    pub if_unsupported: IfUnsupported,
}

impl SpawnSpec {
    /// A spec for `program` under `profile` with the limits and confinement setting of
    /// `policy`, no arguments and no descriptors yet.
    ///
    /// # Examples
    /// ```
    /// use policies::confine::{RuntimeProfile, SpawnSpec};
    /// let policy = policies::load::parse("[limits]\ncpu_ms = 500\n", "p.toml".as_ref()).unwrap();
    /// let spec = SpawnSpec::new("/usr/lib/sandbox/sandbox-wasm".into(), RuntimeProfile::Wasm, &policy);
    /// assert_eq!(spec.cpu_ms, Some(500));
    /// ```
    pub fn new(program: PathBuf, profile: RuntimeProfile, policy: &Policy) -> SpawnSpec {
        SpawnSpec {
            program,
            args: Vec::new(),
            fds: Vec::new(),
            profile,
            memory_mb: policy.limits.memory_mb,
            cpu_ms: policy.limits.cpu_ms,
            if_unsupported: policy.confinement.if_unsupported,
        }
    }
}

/// Starts a confined runtime process, pid 1 of its own pid namespace. See `spawn.rs`
/// for the steps and their order, `namespaces.rs` for what being pid 1 changes.
///
/// Returns once the runtime binary is executing (or failed to); the [`RuntimeChild`]
/// stands in for `std::process::Child` (`id`, `stderr`, `kill`, `wait`, `try_wait`).
///
/// The child gets `SIGKILL` when the *thread* that called `spawn` exits
/// (`PR_SET_PDEATHSIG` follows the thread, not the process): call it from a thread that
/// lives as long as the runtime should (the kernel's main or a long-lived worker
/// thread, not a short-lived blocking-pool thread).
///
/// # Errors
/// [`ConfineError::Unsupported`] when the host lacks a layer the policy requires,
/// [`ConfineError::Descriptors`] for bad descriptor targets, [`ConfineError::Spawn`]
/// when `clone`, a confinement step in the child (named in the message) or `fexecve`
/// fails (`EACCES` for a binary the unprivileged uid cannot execute when the kernel
/// runs as root).
///
/// # Examples
/// ```no_run
/// use policies::confine::{spawn, RuntimeProfile, SpawnSpec};
/// use policies::IfUnsupported;
/// # fn ring() -> Vec<(std::os::fd::OwnedFd, i32)> { Vec::new() }
/// let child = spawn(SpawnSpec {
///     program: "/usr/lib/sandbox/sandbox-wasm".into(),
///     args: vec!["--module".into(), "/app/main.wasm".into()],
///     fds: ring(), // memfd at 3, doorbells at 4 and 5
///     profile: RuntimeProfile::Wasm,
///     memory_mb: Some(256),
///     cpu_ms: Some(10_000),
///     if_unsupported: IfUnsupported::Refuse,
/// })?;
/// # Ok::<(), policies::confine::ConfineError>(())
/// ```
pub fn spawn(spec: SpawnSpec) -> Result<RuntimeChild, ConfineError> {
    spawn::spawn(spec)
}

/// Locks the calling process down under `profile`. A runtime calls this once, after
/// attaching its rings and before reading any untrusted input or starting threads:
///
/// 1. closes every descriptor above [`fds::MAX_INHERITED_FD`] (reported; the runtime
///    must not hold any it still needs);
/// 2. sets `no_new_privs` (again; it is idempotent);
/// 3. applies Landlock with every right handled and none granted (best effort: a host
///    without Landlock was already accepted or refused by [`spawn`] per the policy;
///    here it is reported and logged);
/// 4. installs the seccomp profile on all threads; from then on any system call
///    outside `policies/seccomp/<runtime>.json` kills the process with `SIGSYS`.
///
/// # Errors
/// When a layer the host supports cannot be applied, or when several threads run on a
/// host whose Landlock cannot restrict them all ([`ConfineError::Threads`]).
///
/// # Examples
/// ```no_run
/// use policies::confine::{lock_down, RuntimeProfile};
/// let report = lock_down(RuntimeProfile::Wasm)?;
/// eprintln!("confined: {report}");
/// # Ok::<(), policies::confine::ConfineError>(())
/// ```
pub fn lock_down(profile: RuntimeProfile) -> Result<LockdownReport, ConfineError> {
    // Compile first: it allocates freely and fails without having changed anything.
    let programs = seccomp::compile(profile)?;
    let threads = thread_count()?;
    let closed_fds = fds::close_strays()?;
    set_no_new_privs()?;
    if threads > 1 && landlock::detect_abi().is_some_and(|abi| abi < 8) {
        return Err(ConfineError::Threads(threads));
    }
    let applied = landlock::restrict_self()?;
    if applied.abi.is_none() {
        tracing::warn!(
            runtime = profile.name(),
            "Landlock is unavailable on this host: running without the file-system and TCP layer \
             (seccomp still applies)"
        );
    }
    if !closed_fds.is_empty() {
        tracing::warn!(runtime = profile.name(), fds = ?closed_fds, "closed stray descriptors");
    }
    seccomp::apply(&programs)?;
    Ok(LockdownReport {
        landlock_abi: applied.abi,
        seccomp: true,
        landlock_net: applied.net,
        landlock_scopes: applied.scopes,
        landlock_all_threads: applied.all_threads,
        closed_fds,
    })
}

/// The confinement layers this host offers, found out once per process (the first call
/// clones a short-lived test child into new namespaces, exactly as [`spawn`] would;
/// later calls return the cached answer).
///
/// The namespace test `waitpid`s its own child: a kernel that reaps children with
/// `waitpid(-1, ..)` should call this once before it starts doing so. [`spawn`] calls
/// it; a kernel may call it at start-up to log what the host offers.
///
/// # Examples
/// ```
/// let host = policies::confine::host_support();
/// if let Some(why) = &host.namespaces_missing {
///     eprintln!("no namespaces: {why}");
/// }
/// println!("Landlock ABI: {:?}", host.landlock_abi);
/// ```
pub fn host_support() -> &'static HostSupport {
    HostProbe::start().finish()
}

static HOST_SUPPORT: OnceLock<HostSupport> = OnceLock::new();

/// [`host_support`] in two steps, so a kernel can start the namespace test child
/// first thing and do its own set-up while it runs (the child takes about a
/// millisecond, most of it the kernel building the namespaces).
pub struct HostProbe(Option<namespaces::Probe>);

impl HostProbe {
    /// Starts the namespace test child, unless the answer is already known.
    pub fn start() -> HostProbe {
        HostProbe(HOST_SUPPORT.get().is_none().then(namespaces::Probe::start))
    }

    /// Waits for the test child (see [`host_support`] on reaping) and returns the
    /// answer, found out once per process.
    pub fn finish(self) -> &'static HostSupport {
        let mut probe = self.0;
        let support = HOST_SUPPORT.get_or_init(|| HostSupport {
            namespaces_missing: probe
                .take()
                .unwrap_or_else(namespaces::Probe::start)
                .finish()
                .err(),
            landlock_abi: landlock::detect_abi(),
            seccomp_missing: seccomp::probe().err(),
        });
        // Answered by another caller meanwhile: this probe's child must still be reaped.
        if let Some(unused) = probe {
            let _ = unused.finish();
        }
        support
    }
}

/// Which confinement layers the host offers (see [`host_support`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostSupport {
    /// Why a process cannot be created in new namespaces ([`namespaces::FLAGS`], pid
    /// included) here; `None` if it can.
    pub namespaces_missing: Option<String>,
    /// The kernel's Landlock ABI; `None` without Landlock.
    pub landlock_abi: Option<i32>,
    /// Why our seccomp profiles cannot be enforced here; `None` if they can.
    pub seccomp_missing: Option<String>,
}

/// Threads of the calling process, from `/proc/self/task`.
pub(crate) fn thread_count() -> Result<usize, ConfineError> {
    std::fs::read_dir("/proc/self/task")
        .map(Iterator::count)
        .map_err(|source| ConfineError::Os { what: "counting threads in /proc/self/task", source })
}

/// `prctl(PR_SET_NO_NEW_PRIVS, 1)`.
fn set_no_new_privs() -> Result<(), ConfineError> {
    // SAFETY: prctl with integer arguments only.
    if unsafe { libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) } == 0 {
        Ok(())
    } else {
        Err(ConfineError::Os {
            what: "prctl(PR_SET_NO_NEW_PRIVS)",
            source: std::io::Error::last_os_error(),
        })
    }
}
