//! The wire contract between the `kernel` process and the runtime processes
//! (`sandbox-wasm`, `sandbox-node`).
//!
//! Every effect a sandboxed program has on the world is one [`Request`] sent by its
//! runtime over a shared-memory [`ring`] and answered by one [`Response`]. The kernel
//! may also push an unsolicited [`Event`] down the completion ring.
//!
//! Layout, after the syscall families of the kernel:
//! - [`request`]: the top-level [`Request`] (one variant per family), [`Reply`], [`Event`]
//!   and the envelopes that carry a request id;
//! - [`proc`], [`fd`], [`path`], [`time`]: one file per syscall family;
//! - [`errno`]: Linux errno numbers with their names;
//! - [`codec`]: the only module that touches the encoding (bincode), with bounded decoding;
//! - [`ring`]: the memfd-backed submission/completion rings with doorbells;
//! - [`client`]: the runtime side: submit a request, wait for its reply.

pub mod client;
pub mod codec;
pub mod errno;
pub mod fd;
pub mod path;
pub mod proc;
pub mod random;
pub mod request;
pub mod ring;
pub mod time;

pub use errno::Errno;
pub use request::{Event, FromKernel, Reply, Request, Response, ToKernel};

/// Version of this protocol. The runtime states it in its [`proc::Hello`]; the kernel
/// refuses a runtime that speaks another one.
pub const PROTOCOL_VERSION: u32 = 2;

/// Upper bound on any single path sent to the kernel (Linux's `PATH_MAX`).
pub const PATH_MAX: usize = 4096;
