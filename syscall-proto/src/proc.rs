//! The process family: handshake, start configuration and exit. Spawn, wait, signals and
//! process groups join this family as the process model grows.

use serde::{Deserialize, Serialize};

/// Which runtime is speaking; the kernel picks the confinement profile and the start
/// configuration from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RuntimeKind {
    /// `sandbox-wasm`: a WASI preview 1 module under wasmtime.
    Wasm,
    /// `sandbox-node`: JavaScript under V8.
    Node,
}

/// The first request of every runtime. Nothing else is served before it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hello {
    /// Must equal [`crate::PROTOCOL_VERSION`].
    pub version: u32,
    pub runtime: RuntimeKind,
}

/// A directory the program starts with open (WASI preopens).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preopen {
    /// The descriptor number in the process's table.
    pub fd: i32,
    /// The sandbox path it names.
    pub path: Vec<u8>,
}

/// Limits the runtime enforces itself (the kernel cannot see inside the engine's heap or
/// count its instructions); every other limit is enforced by the kernel.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuntimeLimits {
    /// Maximum linear memory / heap in bytes; `None` means the engine's default.
    pub memory_bytes: Option<u64>,
    /// CPU time in milliseconds; `None` means unlimited.
    pub cpu_ms: Option<u64>,
}

/// Reply to [`ProcRequest::Hello`]: the program and its environment, as the policy
/// allows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StartInfo {
    /// The virtual pid of the process.
    pub pid: u32,
    /// Sandbox path of the program to run (read through the kernel like any file).
    pub program: Vec<u8>,
    /// `argv`, including `argv[0]`.
    pub argv: Vec<Vec<u8>>,
    /// `KEY=VALUE` pairs exactly as the policy gives them.
    pub env: Vec<(Vec<u8>, Vec<u8>)>,
    /// Initial working directory.
    pub cwd: Vec<u8>,
    /// Directories already open in the descriptor table.
    pub preopens: Vec<Preopen>,
    pub limits: RuntimeLimits,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProcRequest {
    /// Handshake. Replies `Reply::Started`, or `EPROTO` for a version the kernel does
    /// not speak (after which the kernel ends the runtime).
    Hello(Hello),
    /// exit(2): the program is done. Replies `Unit`; the runtime then exits.
    Exit { code: i32 },
    /// getpid(2). Replies `Fd` with the pid (a plain number).
    GetPid,
}
