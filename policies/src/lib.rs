//! The policy model and the confinement profiles.
//!
//! - [`schema`] and [`load`]: `policy.toml`, validated with errors that name file, line
//!   and key. `policies/examples/example.toml` shows every key.
//! - [`confine`]: how a runtime process is locked down (namespaces, rlimits,
//!   no_new_privs, Landlock, seccomp from the reviewable data in `policies/seccomp/`).

pub mod confine;
pub mod load;
pub mod schema;

pub use load::{load, PolicyError};
pub use schema::{Confinement, EnvPolicy, IfUnsupported, Limits, Mount, MountMode, Policy};
