//! The validated policy: what the kernel enforces. Produced only by [`crate::load`].
//!
//! These types are the *output* of validation: every path here is checked, every limit
//! is in range. The serde structs that mirror the file's syntax are private to
//! [`crate::load`]; nothing else parses `policy.toml`.

use std::collections::BTreeMap;
use std::path::PathBuf;

/// A whole validated `policy.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// The file it was read from (for messages).
    pub source: PathBuf,
    /// `[[mount]]` entries, in file order; their `path`s are unique.
    pub mounts: Vec<Mount>,
    /// `[env]`.
    pub env: EnvPolicy,
    /// `[limits]`.
    pub limits: Limits,
    /// `[confinement]`: what to do on a host that lacks a confinement feature.
    pub confinement: Confinement,
}

/// `[[mount]]`: a host directory made visible inside the sandbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mount {
    /// Absolute, canonical host directory (`host`, resolved relative to the policy file).
    pub host: PathBuf,
    /// Absolute, normalised sandbox path (`path`), never `/`, never under `/dev` or
    /// `/proc` (the sandbox owns those).
    pub path: String,
    /// `mode`: `"ro"` (the default) or `"rw"`.
    pub mode: MountMode,
}

/// `mode` of a `[[mount]]`.
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
        Limits { memory_mb: None, cpu_ms: None, open_files: Limits::DEFAULT_OPEN_FILES }
    }
}

impl Limits {
    /// `open_files` when the policy does not say.
    pub const DEFAULT_OPEN_FILES: u32 = 256;
    /// The range `open_files` must be in: room for stdin/stdout/stderr at least, and a
    /// bound on the kernel's per-process table.
    pub const OPEN_FILES_RANGE: std::ops::RangeInclusive<u32> = 3..=65536;
}

/// `[confinement]`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Confinement {
    /// `if_unsupported`: what to do when the host lacks a confinement layer.
    pub if_unsupported: IfUnsupported,
}

/// `[confinement] if_unsupported`: what to do when the host lacks a confinement layer
/// (unprivileged user namespaces, Landlock).
///
/// Seccomp is not negotiable: a host without it cannot run runtimes under either
/// setting.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum IfUnsupported {
    /// `"refuse"` (the default): do not start a runtime with less confinement than
    /// designed.
    #[default]
    Refuse,
    /// `"degrade"`: start it with the layers the host has, and log each missing one
    /// as a warning.
    Degrade,
}
