//! `sandbox-wasm`: runs one WASI preview 1 module under wasmtime, with every system call
//! sent to the kernel.
//!
//! The `wasi_snapshot_preview1` functions are implemented here ([`wasi`]), over
//! `syscall_proto::client::Client`; nothing in this crate touches the host (see
//! `clippy.toml`). The process is started by the kernel with its rings at fds 3, 4, 5.
//!
//! Modules: [`run`] (the process from start to exit), [`engine`] (wasmtime
//! configuration and the memory limiter), [`wasi`] (the host functions, one file per
//! family), [`errno`] (kernel errno to WASI errno).
//!
//! # Exit status
//!
//! | status | meaning |
//! | --- | --- |
//! | 0–255 | the program's own: `proc_exit(code)` (low 8 bits, as `exit(3)`), or 0 when `_start` returns |
//! | 125 | the runtime failed: kernel connection broken, protocol violated by the kernel, engine not built |
//! | 126 | the program cannot run: lock-down failed; the module is unreadable, invalid, has unknown imports, exceeds the memory limit at instantiation, or has no `_start` |
//! | 127 | the program does not exist (`ENOENT` from the kernel) |
//! | 134 | the program trapped (128 + SIGABRT, as a native program that aborted); `sandbox-wasm: trap: <reason>` is on its stderr |
//! | 137 | the kernel terminated the process (128 + SIGKILL) |
//!
//! Every status from the handshake on is first reported to the kernel with
//! `ProcRequest::Exit`, except 125 and 137 (the kernel is gone, or ended us itself).

mod engine;
mod errno;
mod run;
mod wasi;

fn main() {
    run::main()
}
