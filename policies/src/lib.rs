//! The policy model and the confinement profiles.
//!
//! - [`schema`]/[`load`]: `policy.toml`, validated with errors that name file, line and key.
//! - [`confine`]: how a runtime process is locked down (namespaces, rlimits, no_new_privs,
//!   Landlock, seccomp from the reviewable data in `policies/seccomp/`).
