//! The validated policy: what the kernel enforces. Produced only by [`crate::load`].
//!
//! These types are the *output* of validation: every path here is checked, every limit
//! is in range. The serde structs that mirror the file's syntax are private to
//! [`crate::load`]; nothing else parses `policy.toml`.

use std::collections::BTreeMap;
use std::path::PathBuf;

pub use crate::fs::{FsOp, FsOps, FsRule, PathPattern};
pub use crate::net::NetPattern;

/// A whole validated `policy.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// The file it was read from (for messages).
    pub source: PathBuf,
    /// `[[mount]]` entries, in file order; their `path`s are unique.
    pub mounts: Vec<Mount>,
    /// `[[fs]]` rules, in file order (`fs[0]` is the first).
    pub fs: Vec<FsRule>,
    /// `[env]`.
    pub env: EnvPolicy,
    /// `[process]`.
    pub process: ProcessPolicy,
    /// `[net]`.
    pub net: NetPolicy,
    /// `[audit]`.
    pub audit: AuditPolicy,
    /// `[limits]`.
    pub limits: Limits,
    /// `[confinement]`: what to do on a host that lacks a confinement feature.
    pub confinement: Confinement,
}

/// `[[mount]]`: a host directory made visible inside the sandbox, or (`type =
/// "tmpfs"`) an in-memory file system of its own size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mount {
    /// What is mounted.
    pub source: MountSource,
    /// Absolute, normalised sandbox path (`path`), never `/`, never under `/dev` or
    /// `/proc` (the sandbox owns those).
    pub path: String,
    /// `mode`: `"ro"` (the default) or `"rw"`; a tmpfs is always `"rw"`.
    pub mode: MountMode,
}

/// What a `[[mount]]` makes visible.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MountSource {
    /// `type = "host"` (the default): the absolute, canonical host directory (`host`,
    /// resolved relative to the policy file).
    Host(PathBuf),
    /// `type = "tmpfs"`: a new, empty in-memory file system.
    Tmpfs(TmpfsSize),
}

/// The capacity of a `tmpfs` mount: past it, `ENOSPC`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TmpfsSize {
    /// `size_mb` in bytes: file contents (holes cost nothing).
    pub bytes: u64,
    /// `inodes` (default 65,536): what the program makes in it (its root not counted).
    pub inodes: u64,
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

/// `[process]`: what a program may start (enforced by the process work; stored now).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProcessPolicy {
    /// `spawn`: the commands a program may start.
    pub spawn: SpawnList,
}

/// `[process] spawn`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpawnList {
    /// `["*"]`: every command installed in the sandbox.
    Any,
    /// These command names only (the default: none).
    Names(Vec<String>),
}

impl Default for SpawnList {
    fn default() -> Self {
        SpawnList::Names(Vec::new())
    }
}

impl SpawnList {
    /// Whether the command `name` (a bare name such as `ls`) may be started.
    ///
    /// # Examples
    /// ```
    /// use policies::schema::SpawnList;
    /// assert!(SpawnList::Names(vec!["ls".into()]).allows("ls"));
    /// assert!(!SpawnList::default().allows("ls"));
    /// assert!(SpawnList::Any.allows("sh"));
    /// ```
    pub fn allows(&self, name: &str) -> bool {
        match self {
            SpawnList::Any => true,
            SpawnList::Names(names) => names.iter().any(|n| n == name),
        }
    }
}

/// `[net]`: reserved for the networking work. Nothing is reachable today; these lists
/// are validated and kept.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NetPolicy {
    /// `connect`: `host:port` patterns a program may connect to.
    pub connect: Vec<NetPattern>,
    /// `listen`: `host:port` patterns a program may listen on.
    pub listen: Vec<NetPattern>,
}

/// `[audit]`: where denial records go.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditPolicy {
    /// `file`: JSON lines appended to this host file (resolved against the policy
    /// file's directory); `None`: the kernel's stderr.
    pub file: Option<PathBuf>,
}

/// `[limits]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Memory per process in MiB (enforced by the runtime, backed by an rlimit).
    pub memory_mb: Option<u64>,
    /// CPU time per process in milliseconds.
    pub cpu_ms: Option<u64>,
    /// Wall-clock time of the whole sandbox in milliseconds: past it, every process is
    /// killed and the kernel exits with status 124 (as `timeout(1)`). The only limit
    /// that ends a program that waits forever (a pipe deadlock, a hung runtime).
    pub wall_ms: Option<u64>,
    /// Open descriptors per process (`EMFILE` beyond).
    pub open_files: u32,
    /// Processes of the sandbox alive at once (`EAGAIN` beyond; enforced by the
    /// process work).
    pub processes: u32,
    /// Bytes of file contents the in-memory file system (`/`, `/tmp`) holds
    /// (`ENOSPC` beyond).
    pub fs_bytes: u64,
    /// Inodes the in-memory file system holds, its skeleton included (`ENOSPC`
    /// beyond).
    pub fs_inodes: u64,
    /// Bytes a process may write to its stdout and stderr together (`EFBIG` for the
    /// write that would pass it); `None`: no limit.
    pub output_bytes: Option<u64>,
    /// Bytes of the program's arguments, each counted with its terminating NUL, as
    /// `execve` counts them (`E2BIG`).
    pub argv_bytes: u64,
    /// Bytes of the program's environment, `NAME=value` and a NUL per variable
    /// (`E2BIG`).
    pub env_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            memory_mb: None,
            cpu_ms: None,
            wall_ms: None,
            open_files: Limits::DEFAULT_OPEN_FILES,
            processes: Limits::DEFAULT_PROCESSES,
            fs_bytes: Limits::DEFAULT_FS_BYTES,
            fs_inodes: Limits::DEFAULT_FS_INODES,
            output_bytes: None,
            argv_bytes: Limits::DEFAULT_ARGV_BYTES,
            env_bytes: Limits::DEFAULT_ENV_BYTES,
        }
    }
}

impl Limits {
    /// `open_files` when the policy does not say.
    pub const DEFAULT_OPEN_FILES: u32 = 256;
    /// The range `open_files` must be in: room for stdin/stdout/stderr at least, and a
    /// bound on the kernel's per-process table.
    pub const OPEN_FILES_RANGE: std::ops::RangeInclusive<u32> = 3..=65536;
    /// `processes` when the policy does not say.
    pub const DEFAULT_PROCESSES: u32 = 64;
    /// The range `processes` must be in.
    pub const PROCESSES_RANGE: std::ops::RangeInclusive<u32> = 1..=4096;
    /// `fs_bytes` when the policy does not say: 256 MiB.
    pub const DEFAULT_FS_BYTES: u64 = 256 << 20;
    /// The range `fs_bytes` must be in: up to 1 TiB (the largest in-memory file).
    pub const FS_BYTES_RANGE: std::ops::RangeInclusive<u64> = 0..=1 << 40;
    /// `fs_inodes` when the policy does not say.
    pub const DEFAULT_FS_INODES: u64 = 65_536;
    /// The range `fs_inodes` must be in.
    pub const FS_INODES_RANGE: std::ops::RangeInclusive<u64> = 1..=1 << 24;
    /// The range `output_bytes` must be in (0: the program may write nothing).
    pub const OUTPUT_BYTES_RANGE: std::ops::RangeInclusive<u64> = 0..=i64::MAX as u64;
    /// `argv_bytes` when the policy does not say: 1 MiB.
    pub const DEFAULT_ARGV_BYTES: u64 = 1 << 20;
    /// `env_bytes` when the policy does not say: 1 MiB.
    pub const DEFAULT_ENV_BYTES: u64 = 1 << 20;
    /// The range `argv_bytes` and `env_bytes` must be in: the start-up message that
    /// carries them must fit a ring message (128 MiB) with room to spare.
    pub const ARG_BYTES_RANGE: std::ops::RangeInclusive<u64> = 1..=64 << 20;
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
