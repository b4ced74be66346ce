//! `sandbox-node`: runs one JavaScript program under V8 with (a growing part of) the
//! Node.js API, every system call sent to the kernel.
//!
//! The Node API is JavaScript (`js/`, compiled into the binary) over a small set of
//! native ops ([`ops`], one file per family) that each turn V8 values into a
//! `syscall_proto` request and the reply (or errno) back into V8 values. Nothing in
//! this crate touches the host (see `clippy.toml`); the process is started by the
//! kernel with its rings at fds 3, 4, 5.
//!
//! Modules: [`run`] (the process from start to exit), [`engine`] (the V8 platform and
//! isolate), [`heap`] (the heap limit), [`esm`] (ES module records and callbacks), [`kernel`] (the connection to the kernel and the runtime's state),
//! [`snapshot`] (the V8 startup snapshot of `js/`, made at build time), [`bootstrap`]
//! (starts the snapshot's Node API and calls into it), [`event_loop`] (timers, ticks,
//! microtasks), [`ops`] (the native functions), [`errno`] (kernel errno to Node's
//! `err.code` and message).
//!
//! # Exit status
//!
//! | status | meaning |
//! | --- | --- |
//! | 0–255 | the program's own: `process.exit(code)` / `process.exitCode` (low 8 bits), 0 when the event loop runs dry |
//! | 1 | an uncaught exception or unhandled rejection (as Node); the error is on the program's stderr |
//! | 9 | an unknown command-line option (Node's "invalid argument" status) |
//! | 13 | the main ES module's top-level await never settled (Node's status) |
//! | 125 | the runtime failed: kernel connection broken, protocol violated by the kernel, V8 not started |
//! | 126 | lock-down failed |
//! | 134 | the JavaScript heap limit (`[limits] memory_mb`) was reached: Node's "JavaScript heap out of memory" on stderr, Node's status ([`heap`]) |
//! | 137 | the kernel terminated the process (128 + SIGKILL), or the CPU time limit (`[limits] cpu_ms`) was reached, measured on the JavaScript thread's clock ([`cpu`]): the status the OS backstop gives too |
//!
//! Every status from the handshake on is first reported to the kernel with
//! `ProcRequest::Exit`, except 125 and 137 (the kernel is gone, or ended us itself).

mod bootstrap;
mod cpu;
mod engine;
// The errno table goes into the startup snapshot (build.rs includes this file); the
// runtime compiles it only for its tests.
#[cfg(test)]
mod errno;
mod esm;
mod event_loop;
mod heap;
mod kernel;
mod ops;
mod run;
mod snapshot;

fn main() {
    run::main()
}
