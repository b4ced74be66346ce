//! The process family: handshake, start configuration and exit; spawning programs,
//! waiting for children, signals, process groups and sessions (`docs/processes.md`).
//!
//! Pids are the sandbox's virtual pids: the first program is 1, and no host pid is ever
//! visible or reachable.

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
    /// exit(2): the program is done. Replies `Unit`; the runtime then exits. Its parent
    /// sees `wait::exited(code)`; the kernel, for init, exits with `code & 0xff`.
    Exit { code: i32 },
    /// getpid(2). Replies `Fd` with the pid (a plain number).
    GetPid,
    /// getppid(2). Replies `Pid`: the parent, or 0 for the sandbox's init (pid 1),
    /// whose parent is outside the sandbox.
    GetPpid,
    /// posix_spawn(3): start `program` as a child of the caller. Replies `Pid` with the
    /// child's pid once its runtime is running. `ENOENT` no such program (a name
    /// without `/` is searched in `/bin` then `/usr/bin`); `EACCES` the policy's
    /// `[process] spawn` does not list the command (or its file may not be read);
    /// `ENOEXEC` no runtime runs it; `EAGAIN` at `[limits] processes`; `E2BIG` over
    /// `argv_bytes`/`env_bytes`; `EINVAL` for a NUL in an argument or variable, or an
    /// empty name or one with `=`; the errno of a failed file action (`EBADF`, ...).
    Spawn(Box<SpawnRequest>),
    /// waitpid(2): `pid > 0` that child, `-1` any child, `0` any child in the caller's
    /// process group, `< -1` any child in group `-pid`; `options` are [`wait`] bits.
    /// Replies `Waited`; with `WNOHANG` and no child ready, `Waited { pid: 0, status: 0 }`.
    /// `ECHILD` when no child matches; `EINTR` when a handled signal arrives first;
    /// `EINVAL` for unknown option bits.
    Wait { pid: i32, options: u32 },
    /// kill(2): `pid > 0` that process, `0` the caller's group, `-1` every process of
    /// the sandbox but init and the caller (as Linux), `< -1` group `-pid`. `signo` 0
    /// checks only. Only processes of the caller's sandbox exist: any other pid is
    /// `ESRCH`. Init (pid 1) gets only the signals it handles, as a pid namespace's init
    /// does. `EINVAL` for a bad signal. Replies `Unit`.
    Kill { pid: i32, signo: i32 },
    /// sigaction(2) of the dispositions the kernel acts on. `EINVAL` for a bad signal,
    /// or a disposition other than `Default` for `SIGKILL`/`SIGSTOP`. Replies
    /// `Disposition` with the previous one.
    SigAction { signo: i32, action: Disposition },
    /// sigprocmask(2) over a [`SigSet`]; `SIGKILL` and `SIGSTOP` are silently left
    /// out. Replies `SigSet` with the previous mask.
    SigProcMask { how: SigHow, set: SigSet },
    /// sigpending(2). Replies `SigSet`.
    SigPending,
    /// setpgid(2): `pid` 0 is the caller, `pgid` 0 is `pid`. `ESRCH` not the caller or
    /// its child; `EPERM` a session leader, a child in another session, or a group
    /// that does not exist in the caller's session; `EINVAL` a negative `pgid`.
    /// Replies `Unit`.
    SetPgid { pid: i32, pgid: i32 },
    /// getpgid(2) (`pid` 0 is the caller). Replies `Pid`; `ESRCH`.
    GetPgid { pid: i32 },
    /// setsid(2). Replies `Pid` with the new session id; `EPERM` for a group leader.
    SetSid,
    /// getsid(2) (`pid` 0 is the caller). Replies `Pid`; `ESRCH`.
    GetSid { pid: i32 },
    /// The runtime enforced a limit of the policy that only it can see (its engine's
    /// memory, its CPU clock): the kernel writes the audit record the operator reads.
    /// Recorded once per process and limit. Replies `Unit`.
    LimitReached { limit: RuntimeLimit },
    /// getcwd(2): the caller's working directory, absolute. Replies `Data`.
    GetCwd,
}

/// A limit a runtime enforces itself ([`ProcRequest::LimitReached`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RuntimeLimit {
    /// `[limits] memory_mb`: an allocation or memory growth was refused.
    Memory,
    /// `[limits] cpu_ms`: the program was stopped for its CPU time.
    Cpu,
}

/// A program to start ([`ProcRequest::Spawn`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpawnRequest {
    /// A sandbox path (relative to the child's working directory), or a command name
    /// without `/`: a registered command (`node`) or a file in `/bin`, `/usr/bin`.
    pub program: Vec<u8>,
    /// `argv`, including `argv[0]`.
    pub argv: Vec<Vec<u8>>,
    /// The child's whole environment: nothing else is added.
    pub env: Vec<(Vec<u8>, Vec<u8>)>,
    /// The child's working directory; the caller's when `None`.
    pub cwd: Option<Vec<u8>>,
    /// Applied in order to the child's copy of the caller's descriptor table; then
    /// every descriptor with `FD_CLOEXEC` is closed.
    pub fd_actions: Vec<FdAction>,
    /// `POSIX_SPAWN_SETPGROUP`: `Some(0)` a new group led by the child, `Some(g)` join
    /// group `g` of the caller's session.
    pub pgroup: Option<i32>,
    /// `POSIX_SPAWN_SETSID`: the child leads a new session (and group).
    pub setsid: bool,
}

/// One `posix_spawn_file_actions` entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FdAction {
    /// `adddup2`: `to` becomes `from` without `FD_CLOEXEC` (also when equal).
    Dup2 { from: i32, to: i32 },
    /// `addclose`.
    Close { fd: i32 },
    /// `addopen`: open `path` (relative to the child's working directory) at `fd`.
    Open { fd: i32, path: Vec<u8>, flags: u32, mode: u32 },
}

/// What a process does with a signal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Disposition {
    /// `SIG_DFL`: the signal's default action (terminate, ignore, stop or continue).
    Default,
    /// `SIG_IGN`: discarded.
    Ignore,
    /// A handler: the runtime receives `Event::Signal` and runs it; a blocked call
    /// answers `EINTR` first.
    Handle,
}

/// How [`ProcRequest::SigProcMask`] changes the mask.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SigHow {
    Block,
    Unblock,
    SetMask,
}

/// A set of signals: bit `n - 1` is signal `n` (1..=64), as Linux's `sigset_t`.
pub type SigSet = u64;

/// The largest signal number (Linux's `_NSIG - 1`).
pub const MAX_SIGNAL: i32 = 64;

/// waitpid(2) options and status encoding (Linux values).
pub mod wait {
    pub const WNOHANG: u32 = 1;
    pub const WUNTRACED: u32 = 2;
    pub const WCONTINUED: u32 = 8;

    /// The status of a process that exited with `code`.
    pub const fn exited(code: i32) -> i32 {
        (code & 0xff) << 8
    }

    /// The status of a process killed by `signo`.
    pub const fn signaled(signo: i32) -> i32 {
        signo & 0x7f
    }

    /// The status of a process stopped by `signo`.
    pub const fn stopped(signo: i32) -> i32 {
        ((signo & 0xff) << 8) | 0x7f
    }

    /// The status of a process continued by `SIGCONT`.
    pub const CONTINUED: i32 = 0xffff;
}
