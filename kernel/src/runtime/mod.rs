//! Runtime processes: what a program name means (`program.rs`), starting a process
//! confined on a serving thread of its own (`launch.rs`), and serving its rings until
//! it ends (`serve.rs`); the commands installed at `/bin` (`commands.rs`) and the
//! cache of precompiled WebAssembly modules (`modcache.rs`).

pub mod commands;
mod launch;
pub mod modcache;
pub mod program;
mod serve;

pub use launch::{launch, run, LaunchError, RunError, RunOptions, Runtimes, Start, HELLO_TIMEOUT};
pub use modcache::ModuleCache;

/// Exit statuses the kernel itself uses, after Docker's: the program's own status
/// passes through unchanged; these mean the program never ran or its runtime died.
pub mod status {
    /// The kernel could not start the sandbox (bad policy, runtime missing or failed).
    pub const KERNEL_ERROR: i32 = 125;
    /// The program exists but no runtime can run it.
    pub const CANNOT_RUN: i32 = 126;
    /// The program does not exist in the sandbox.
    pub const NOT_FOUND: i32 = 127;
    /// The sandbox ran past `[limits] wall_ms` and was ended (as `timeout(1)`).
    pub const TIMED_OUT: i32 = 124;
    /// The program used its CPU time (`[limits] cpu_ms`): 128 + SIGXCPU, what a shell
    /// shows for a native process stopped by `RLIMIT_CPU` (sandbox-wasm reports it).
    pub const CPU_LIMIT: i32 = 152;
    /// A runtime killed by signal N ends with 128 + N (SIGSYS, 159, is a confinement
    /// violation; SIGKILL, 137, includes a protocol violation the kernel punished).
    pub const SIGNAL_BASE: i32 = 128;
}
