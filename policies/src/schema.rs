//! The validated policy: what the kernel enforces. Produced only by [`crate::load`].

use std::collections::BTreeMap;
use std::path::PathBuf;

/// A whole validated `policy.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// The file it was read from (for messages).
    pub source: PathBuf,
    pub mounts: Vec<Mount>,
    pub env: EnvPolicy,
    pub limits: Limits,
}

/// `[[mount]]`: a host directory made visible inside the sandbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mount {
    /// Absolute, canonical host directory (`host`, resolved relative to the policy file).
    pub host: PathBuf,
    /// Absolute, normalised sandbox path (`path`), never `/`.
    pub path: String,
    pub mode: MountMode,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MountMode {
    /// `"ro"`: reads only; every write is `EROFS`.
    ReadOnly,
    /// `"rw"`: reads and writes.
    ReadWrite,
}

/// `[env]`: the only environment the program sees.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnvPolicy {
    /// Host variables passed through when set on the host.
    pub pass: Vec<String>,
    /// Fixed values; they win over `pass`.
    pub set: BTreeMap<String, String>,
}

/// `[limits]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Memory per process in MiB (enforced by the runtime, backed by an rlimit).
    pub memory_mb: Option<u64>,
    /// CPU time per process in milliseconds.
    pub cpu_ms: Option<u64>,
    /// Open descriptors per process (`EMFILE` beyond).
    pub open_files: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { memory_mb: None, cpu_ms: None, open_files: 256 }
    }
}
