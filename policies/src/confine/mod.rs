//! How a runtime process is confined. (Implementation in progress.)
//!
//! Two phases, both here so the kernel, the runtimes and the probe share one code path:
//! 1. [`spawn`]: the kernel starts the runtime binary with only the descriptors it
//!    names, an empty environment, new namespaces, rlimits and no_new_privs.
//! 2. [`lock_down`]: the runtime, before it reads a byte of untrusted input, applies
//!    Landlock and its seccomp profile.

use std::os::fd::OwnedFd;
use std::path::PathBuf;

/// Which confinement profile to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuntimeProfile {
    Wasm,
    Node,
}

/// What was applied, for the runtime to report.
#[derive(Debug, Clone)]
pub struct LockdownReport {
    pub landlock_abi: Option<i32>,
    pub seccomp: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfineError {
    #[error("{0}")]
    Failed(String),
}

/// What the kernel asks of a spawned runtime process.
#[derive(Debug)]
pub struct SpawnSpec {
    pub program: PathBuf,
    pub args: Vec<String>,
    /// Descriptors to install at the given numbers; every other one is closed.
    pub fds: Vec<(OwnedFd, i32)>,
    pub profile: RuntimeProfile,
    pub memory_mb: Option<u64>,
    pub cpu_ms: Option<u64>,
}

/// Starts a confined runtime process.
///
/// # Errors
/// When the process cannot be started with the requested confinement.
pub fn spawn(_spec: SpawnSpec) -> Result<std::process::Child, ConfineError> {
    todo!()
}

/// Locks the calling process down under `profile`.
///
/// # Errors
/// When a layer the host supports cannot be applied.
pub fn lock_down(_profile: RuntimeProfile) -> Result<LockdownReport, ConfineError> {
    todo!()
}
