//! The kernel: the one privileged process of a sandbox. It owns every piece of OS
//! state a sandboxed program can touch and serves each of its system calls, arriving
//! over shared-memory rings from confined runtime processes, under the policy.
//!
//! Follow a call through: `runtime/serve.rs` (ring reader) → `syscalls/mod.rs` (the
//! table) → `syscalls/<family>.rs` → the subsystem that owns the state (`vfs/`, `fd/`,
//! `process.rs`, `pipe.rs`) → reply. A call that must wait parks its process's thread
//! as `wait.rs` describes.
//!
//! Every process of a sandbox has a runtime process of its own and a kernel thread that
//! serves it (`runtime/launch.rs`); the process table (`proctable.rs`) links them:
//! parents, children, groups, sessions, zombies, and signals (`signal.rs`).

pub mod audit;
pub mod cli;
pub mod confine;
pub mod explain;
pub mod fd;
pub mod limits;
pub mod log;
pub mod perm;
pub mod pipe;
pub mod process;
pub mod proctable;
pub mod runtime;
pub mod sandbox;
pub mod signal;
pub mod spawn;
pub mod syscalls;
pub mod vfs;
pub mod wait;
