//! `sandbox-wasm`: runs one WASI preview 1 module under wasmtime, with every system call
//! sent to the kernel.
//!
//! The `wasi_snapshot_preview1` functions are implemented here ([`wasi`]), over
//! `syscall_proto::client::Client`; nothing in this crate touches the host (see
//! `clippy.toml`). The process is started by the kernel with its rings at fds 3, 4, 5
//! (and, with `--precompiled`, its compiled module at fd 6).
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
//! | 152 | the program used its CPU time (`limits.cpu_ms`; 128 + SIGXCPU, as a native process at its `RLIMIT_CPU`); `sandbox-wasm: CPU time limit reached (limits.cpu_ms)` is on its stderr |
//!
//! Every status from the handshake on is first reported to the kernel with
//! `ProcRequest::Exit`, except 125 and 137 (the kernel is gone, or ended us itself).
//!
//! # Command line (the kernel's; nothing here comes from the sandbox)
//!
//! - `sandbox-wasm [--cpu-ms N] [--precompiled]`: run the program the handshake names;
//!   with `--precompiled`, its module is already compiled, at fd 6 ([`run::Options`]).
//! - `sandbox-wasm --precompile`: compile the module at fd 3 into fd 4 ([`precompile`]).
//! - `sandbox-wasm --engine-fingerprint`: print what precompiled artifacts are
//!   compatible with ([`engine::fingerprint`]) on stderr (the kernel gives runtimes no
//!   stdout).

mod cputime;
mod engine;
mod errno;
mod precompile;
mod run;
mod wasi;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut options = run::Options::default();
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--precompile" => precompile::main(),
            "--engine-fingerprint" => match engine::build(engine::Images::FromArtifact) {
                Ok(engine) => {
                    eprintln!("{}", engine::fingerprint(&engine));
                    std::process::exit(0)
                }
                Err(e) => usage(&format!("engine: {e:#}")),
            },
            "--precompiled" => options.precompiled = true,
            "--cpu-ms" => {
                i += 1;
                options.cpu_ms = Some(
                    args.get(i)
                        .and_then(|v| v.parse().ok())
                        .unwrap_or_else(|| usage("--cpu-ms needs a number of milliseconds")),
                );
            }
            other => usage(&format!("unknown argument {other:?}")),
        }
        i += 1;
    }
    run::main(&options)
}

fn usage(message: &str) -> ! {
    eprintln!("sandbox-wasm: {message}");
    std::process::exit(run::EXIT_RUNTIME_FAILURE)
}
