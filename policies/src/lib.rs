//! The policy model and the confinement profiles.
//!
//! - [`schema`] and [`load`]: `policy.toml`, validated with errors that name file, line
//!   and key (every problem of a file, not only the first). `policies/examples/example.toml`
//!   shows every key; `docs/policy.md` documents them.
//! - [`fs`]: `[[fs]]` rules (path patterns and operations); [`net`]: `[net]` patterns.
//! - [`confine`]: how a runtime process is locked down (namespaces, rlimits,
//!   no_new_privs, Landlock, seccomp from the reviewable data in `policies/seccomp/`).

pub mod confine;
pub mod fs;
pub mod load;
pub mod net;
pub mod schema;

pub use load::{load, PolicyError};
pub use schema::{
    AuditPolicy, Confinement, EnvPolicy, FsOp, FsOps, FsRule, IfUnsupported, Limits, Mount,
    MountMode, MountSource, NetPolicy, PathPattern, Policy, ProcessPolicy, SpawnList, TmpfsSize,
};
