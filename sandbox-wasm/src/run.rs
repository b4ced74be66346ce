//! The life of the process, in order: engine, CPU-time timer, the precompiled module
//! (when the kernel passed one), kernel connection, lock-down, handshake, load and
//! compile (without a precompiled module), instantiate, run `_start`, report the exit.
//! The exit statuses are the table in the crate documentation (`main.rs`); the
//! constants below name them.

use std::process;

use policies::confine::{lock_down, RuntimeProfile};
use syscall_proto::client::Client;
use syscall_proto::fd::{FdRequest, AT_FDCWD};
use syscall_proto::path::PathRequest;
use syscall_proto::proc::{ProcRequest, RuntimeKind, RuntimeLimit};
use syscall_proto::{Errno, Reply, Request};
use wasmtime::{Engine, Linker, Module, Store, Trap};

use crate::cputime::{self, EXIT_CPU_LIMIT};
use crate::engine::{self, Images};
use crate::wasi::{self, Stop, WasiCtx};

/// Where the kernel puts the precompiled module (`--precompiled`): an artifact of its
/// module cache, written by `precompile.rs` with the same engine configuration.
pub const ARTIFACT_FD: i32 = 6;

/// What the kernel said on the command line (trusted: it is the kernel's).
#[derive(Debug, Default)]
pub struct Options {
    /// `--cpu-ms N`: the program's CPU-time budget (`limits.cpu_ms`).
    pub cpu_ms: Option<u64>,
    /// `--precompiled`: the module is compiled already, at [`ARTIFACT_FD`].
    pub precompiled: bool,
}

/// The runtime itself failed: the kernel connection broke (the kernel notices on its
/// own), or the engine could not be built. As `env(1)` and container runners use it.
pub const EXIT_RUNTIME_FAILURE: i32 = 125;
/// The program cannot be run: lock-down failed, or the module could not be read,
/// compiled, linked or instantiated (what a shell reports for a file it cannot exec).
pub const EXIT_CANNOT_EXECUTE: i32 = 126;
/// The program does not exist (`ENOENT`), as a shell's "command not found".
pub const EXIT_NOT_FOUND: i32 = 127;
/// The program trapped: 128 + SIGABRT, what a shell shows for a native program that
/// crashed in `abort()` (which is how Rust and C guests end on a panic or assert).
pub const EXIT_TRAP: i32 = 128 + 6;
/// The kernel terminated the process: 128 + SIGKILL.
pub const EXIT_TERMINATED: i32 = 128 + 9;

/// How the process ends.
#[derive(Debug, PartialEq, Eq)]
enum Ending {
    /// Tell the kernel the status with `Exit`, then exit with it.
    Exit(i32),
    /// Exit with the status at once: the kernel is gone, or is ending the process.
    Abandon(i32),
}

/// Runs the whole process; never returns.
pub fn main(options: &Options) -> ! {
    // 1. The engine is trusted configuration: built before lock-down. The artifact is
    // the kernel's, from its own cache (never from the sandbox), so mapping it is
    // trusted work, done while the calls it takes (fstat) are allowed. Its code runs
    // only after lock-down. When it cannot be used, the module is compiled from its
    // bytes as without one, by an engine that copies memory images (engine::Images).
    let build = |images| {
        engine::build(images)
            .unwrap_or_else(|e| before_start(EXIT_RUNTIME_FAILURE, &format!("engine: {e:#}")))
    };
    let (engine, precompiled) = if options.precompiled {
        let engine = build(Images::FromArtifact);
        match load_artifact(&engine) {
            Some(module) => (engine, Some(module)),
            None => (build(Images::Copied), None),
        }
    } else {
        (build(Images::Copied), None)
    };
    if let Some(ms) = options.cpu_ms {
        if let Err(e) = cputime::arm(&engine, ms) {
            before_start(EXIT_RUNTIME_FAILURE, &format!("CPU-time timer: {e}"));
        }
    }
    // 2. The rings the kernel handed over at fds 3, 4, 5.
    let mut client = Client::from_inherited_fds()
        .unwrap_or_else(|e| before_start(EXIT_RUNTIME_FAILURE, &format!("kernel connection: {e}")));
    // 3. From here on, nothing but the rings.
    if let Err(e) = lock_down(RuntimeProfile::Wasm) {
        before_start(EXIT_CANNOT_EXECUTE, &format!("lock-down: {e}"));
    }
    // 4. What to run.
    let start = client
        .hello(RuntimeKind::Wasm)
        .unwrap_or_else(|e| before_start(EXIT_RUNTIME_FAILURE, &format!("handshake: {e}")));
    let mut store = Store::new(&engine, WasiCtx::new(Box::new(client), &start));
    store.limiter(|ctx| &mut ctx.limiter);
    // One epoch tick is the CPU budget spent (cputime.rs); without a budget the epoch
    // never moves.
    store.set_epoch_deadline(1);
    // 5-7. Untrusted input from here on.
    let ending = run(&engine, &mut store, &start.program, precompiled);
    finish(&mut store, ending)
}

/// Maps the artifact at [`ARTIFACT_FD`] (`None`, with a note on the runtime's stderr,
/// when it cannot be used).
#[allow(clippy::disallowed_types)] // a descriptor the kernel passed, not a host path
fn load_artifact(engine: &Engine) -> Option<Module> {
    use std::os::fd::{FromRawFd, OwnedFd};
    // SAFETY: the kernel installed ARTIFACT_FD for `--precompiled`, and nothing else in
    // this process owns it.
    let file = std::fs::File::from(unsafe { OwnedFd::from_raw_fd(ARTIFACT_FD) });
    // SAFETY: the artifact was written by `sandbox-wasm --precompile` with
    // engine::config(FromArtifact) and is never modified in place (the kernel replaces cache
    // entries by rename), which is the contract of deserialize_open_file.
    match unsafe { Module::deserialize_open_file(engine, file) } {
        Ok(m) => Some(m),
        Err(e) => {
            eprintln!(
                "sandbox-wasm: precompiled module unusable, compiling: {}",
                one_line(&format!("{e:#}"))
            );
            None
        }
    }
}

/// A failure before the kernel handshake: there is no program stderr yet, only the
/// runtime's own (which the kernel may have pointed anywhere, or closed).
fn before_start(status: i32, message: &str) -> ! {
    eprintln!("sandbox-wasm: {message}");
    process::exit(status)
}

/// Loads, compiles (unless `precompiled`), instantiates and runs the program.
fn run(
    engine: &Engine,
    store: &mut Store<WasiCtx>,
    program: &[u8],
    precompiled: Option<Module>,
) -> Ending {
    let name = String::from_utf8_lossy(program).into_owned();
    let module = match precompiled {
        Some(m) => m,
        None => match compile(engine, store, &name, program) {
            Ok(m) => m,
            Err(ending) => return ending,
        },
    };
    let mut linker = Linker::new(engine);
    if let Err(e) = wasi::add_to_linker(&mut linker) {
        say(store, &format!("linker: {}", one_line(&format!("{e:#}"))));
        return Ending::Exit(EXIT_RUNTIME_FAILURE);
    }
    if cputime::expired() {
        return cpu_limit(store);
    }
    // Instantiation can run the module's start function, so it can exit or trap too.
    let instance = match linker.instantiate(&mut *store, &module) {
        Ok(i) => i,
        Err(e) => return failed(store, &name, e, EXIT_CANNOT_EXECUTE),
    };
    let Ok(entry) = instance.get_typed_func::<(), ()>(&mut *store, "_start") else {
        say(store, &format!("{name}: no `_start` function: not a WASI command"));
        return Ending::Exit(EXIT_CANNOT_EXECUTE);
    };
    match entry.call(&mut *store, ()) {
        Ok(()) => Ending::Exit(0),
        Err(e) => failed(store, &name, e, EXIT_TRAP),
    }
}

/// The program stopped at its CPU-time limit.
fn cpu_limit(store: &mut Store<WasiCtx>) -> Ending {
    say(store, "CPU time limit reached (limits.cpu_ms)");
    Ending::Exit(EXIT_CPU_LIMIT)
}

/// Reads the program through the kernel and compiles it.
fn compile(
    engine: &Engine,
    store: &mut Store<WasiCtx>,
    name: &str,
    program: &[u8],
) -> Result<Module, Ending> {
    let read = Request::Path(PathRequest::ReadFile { dirfd: AT_FDCWD, path: program.to_vec() });
    let bytes = match store.data_mut().call_raw(read) {
        Ok(Ok(Reply::Data(bytes))) => bytes,
        Ok(Ok(other)) => {
            return Err(stopped(Stop::UnexpectedReply {
                request: "ReadFile",
                reply: Box::new(other),
            }));
        }
        Ok(Err(errno)) => {
            say(store, &format!("{name}: {}", errno.message()));
            return Err(Ending::Exit(if errno == Errno::ENOENT {
                EXIT_NOT_FOUND
            } else {
                EXIT_CANNOT_EXECUTE
            }));
        }
        Err(stop) => return Err(stopped(stop)),
    };
    let module = match Module::new(engine, &bytes) {
        Ok(m) => m,
        Err(e) => {
            say(
                store,
                &format!("{name}: not a valid WebAssembly module: {}", one_line(&format!("{e:#}"))),
            );
            return Err(Ending::Exit(EXIT_CANNOT_EXECUTE));
        }
    };
    Ok(module)
}

/// Sorts out an error that came out of wasm: the [`Stop`] a WASI function raised, a
/// trap, or (with `otherwise` as the status) anything else, such as an unknown import.
fn failed(store: &mut Store<WasiCtx>, name: &str, e: wasmtime::Error, otherwise: i32) -> Ending {
    let e = match e.downcast::<Stop>() {
        Ok(stop) => return stopped(stop),
        Err(e) => e,
    };
    if let Some(trap) = e.downcast_ref::<Trap>() {
        if *trap == Trap::Interrupt {
            return cpu_limit(store);
        }
        let reason = trap.to_string();
        let reason = reason.strip_prefix("wasm trap: ").unwrap_or(&reason);
        say(store, &format!("trap: {reason}"));
        return Ending::Exit(EXIT_TRAP);
    }
    let text = format!("{e:#}");
    let text = one_line(&text);
    if otherwise == EXIT_TRAP {
        say(store, &format!("trap: {text}"));
    } else {
        say(store, &format!("{name}: {text}"));
    }
    Ending::Exit(otherwise)
}

/// The ending a [`Stop`] calls for.
fn stopped(stop: Stop) -> Ending {
    match stop {
        // As exit(3): only the low 8 bits of the status survive.
        Stop::Exit(code) => Ending::Exit((code & 0xff) as i32),
        Stop::Terminated(_) => Ending::Abandon(EXIT_TERMINATED),
        broken @ (Stop::Transport(_) | Stop::UnexpectedReply { .. } | Stop::BadReply(_)) => {
            // The program's stderr is behind the broken connection: the runtime's own
            // stderr is the only place left to say why.
            eprintln!("sandbox-wasm: {broken}");
            Ending::Abandon(EXIT_RUNTIME_FAILURE)
        }
    }
}

/// Writes `sandbox-wasm: <message>` to the program's stderr, through the kernel. Best
/// effort: a failure here shows again when the exit is reported.
fn say(store: &mut Store<WasiCtx>, message: &str) {
    let data = format!("sandbox-wasm: {message}\n").into_bytes();
    let _ = store.data_mut().call_raw(Request::Fd(FdRequest::Write { fd: 2, data }));
}

/// Tells the kernel how the program ended, then exits.
fn finish(store: &mut Store<WasiCtx>, ending: Ending) -> ! {
    if store.data().limiter.refused && matches!(ending, Ending::Exit(_)) {
        // The operator's record of the memory limit; the program already saw the
        // failed growth. Best effort: the exit report below says if the kernel is gone.
        let limit = RuntimeLimit::Memory;
        let _ = store.data_mut().call_raw(Request::Proc(ProcRequest::LimitReached { limit }));
    }
    match ending {
        Ending::Exit(status) => {
            match store.data_mut().call_raw(Request::Proc(ProcRequest::Exit { code: status })) {
                Ok(_) => process::exit(status),
                Err(stop) => {
                    eprintln!("sandbox-wasm: reporting exit status {status}: {stop}");
                    process::exit(EXIT_RUNTIME_FAILURE)
                }
            }
        }
        Ending::Abandon(status) => process::exit(status),
    }
}

/// The first line of a message, so that every report is one line.
fn one_line(text: &str) -> &str {
    text.lines().next().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wasi::testing::{self, body};

    /// What a run ended with, and what the program wrote to stdout and stderr.
    struct Ran {
        ending: Ending,
        stdout: String,
        stderr: String,
    }

    /// Runs `module` (or, for `None`, a program the kernel cannot find) under a
    /// scripted kernel whose only scripted request is the program's `ReadFile`.
    fn run_module(module: Option<Vec<u8>>, memory_bytes: Option<u64>) -> Ran {
        let mut start = testing::start_info();
        start.limits.memory_bytes = memory_bytes;
        let read =
            Request::Path(PathRequest::ReadFile { dirfd: AT_FDCWD, path: start.program.clone() });
        let answer = module.map(Reply::Data).ok_or(Errno::ENOENT);
        let (ctx, output) = testing::capturing(vec![(read, answer)], &start);
        let engine = engine::build(Images::Copied).unwrap();
        let mut store = Store::new(&engine, ctx);
        store.limiter(|ctx| &mut ctx.limiter);
        store.set_epoch_deadline(1);
        let ending = run(&engine, &mut store, &start.program, None);
        let out = output.borrow();
        let text = |b: &[u8]| String::from_utf8(b.to_vec()).unwrap();
        Ran { ending, stdout: text(&out.stdout), stderr: text(&out.stderr) }
    }

    #[test]
    fn start_returning_is_status_0() {
        let ran = run_module(Some(testing::module(body::WRITE)), None);
        assert_eq!(
            (ran.ending, ran.stdout.as_str(), ran.stderr.as_str()),
            (Ending::Exit(0), "hi\n", "")
        );
    }

    #[test]
    fn proc_exit_is_the_status() {
        let ran = run_module(Some(testing::module(body::WRITE_EXIT_7)), None);
        assert_eq!((ran.ending, ran.stdout.as_str()), (Ending::Exit(7), "hi\n"));
    }

    #[test]
    fn a_bad_pointer_is_efault_to_the_program() {
        let ran = run_module(Some(testing::module(body::EFAULT_EXIT)), None);
        assert_eq!(ran.ending, Ending::Exit(i32::from(crate::errno::WasiErrno::EFAULT.0)));
    }

    #[test]
    fn a_trap_is_134_with_a_one_line_message() {
        let ran = run_module(Some(testing::module(body::TRAP)), None);
        assert_eq!(ran.ending, Ending::Exit(EXIT_TRAP));
        assert_eq!(ran.stderr, "sandbox-wasm: trap: wasm `unreachable` instruction executed\n");
    }

    #[test]
    fn a_missing_program_is_127() {
        let ran = run_module(None, None);
        assert_eq!(ran.ending, Ending::Exit(EXIT_NOT_FOUND));
        assert_eq!(ran.stderr, "sandbox-wasm: /app/prog.wasm: No such file or directory\n");
    }

    #[test]
    fn an_invalid_module_is_126() {
        let mut module = testing::module(body::WRITE);
        module.truncate(module.len() - 1);
        let ran = run_module(Some(module), None);
        assert_eq!(ran.ending, Ending::Exit(EXIT_CANNOT_EXECUTE));
        assert!(
            ran.stderr
                .starts_with("sandbox-wasm: /app/prog.wasm: not a valid WebAssembly module: "),
            "{}",
            ran.stderr
        );
        assert_eq!(ran.stderr.lines().count(), 1);
    }

    #[test]
    fn an_unknown_import_is_126() {
        let mut module = testing::module(body::TRAP);
        let at = module.windows(9).position(|w| w == b"proc_exit").unwrap();
        module[at + 7] = b'y';
        let ran = run_module(Some(module), None);
        assert_eq!(ran.ending, Ending::Exit(EXIT_CANNOT_EXECUTE));
        assert!(ran.stderr.contains("proc_exyt"), "{}", ran.stderr);
        assert_eq!(ran.stderr.lines().count(), 1);
    }

    #[test]
    fn no_start_is_126() {
        let module = testing::module(body::TRAP);
        let at = module.windows(6).position(|w| w == b"_start").unwrap();
        let mut module = module;
        module[at + 1] = b'S';
        let ran = run_module(Some(module), None);
        assert_eq!(ran.ending, Ending::Exit(EXIT_CANNOT_EXECUTE));
        assert_eq!(
            ran.stderr,
            "sandbox-wasm: /app/prog.wasm: no `_start` function: not a WASI command\n"
        );
    }

    #[test]
    fn a_memory_over_the_limit_cannot_start() {
        let ran = run_module(Some(testing::module(body::WRITE)), Some(64 << 10));
        assert_eq!(ran.ending, Ending::Exit(0));
        let ran = run_module(Some(testing::module(body::WRITE)), Some((64 << 10) - 1));
        assert_eq!(ran.ending, Ending::Exit(EXIT_CANNOT_EXECUTE));
        assert!(ran.stderr.starts_with("sandbox-wasm: /app/prog.wasm: "), "{}", ran.stderr);
    }

    #[test]
    fn exit_statuses_keep_their_low_byte() {
        assert_eq!(stopped(Stop::Exit(0)), Ending::Exit(0));
        assert_eq!(stopped(Stop::Exit(3)), Ending::Exit(3));
        assert_eq!(stopped(Stop::Exit(255)), Ending::Exit(255));
        assert_eq!(stopped(Stop::Exit(256)), Ending::Exit(0));
        assert_eq!(stopped(Stop::Exit(u32::MAX)), Ending::Exit(255));
    }

    #[test]
    fn a_broken_kernel_ends_at_once() {
        assert_eq!(stopped(Stop::BadReply("x")), Ending::Abandon(EXIT_RUNTIME_FAILURE));
        assert_eq!(stopped(Stop::Terminated("policy".into())), Ending::Abandon(EXIT_TERMINATED));
    }

    #[test]
    fn statuses_are_distinct() {
        let all =
            [EXIT_RUNTIME_FAILURE, EXIT_CANNOT_EXECUTE, EXIT_NOT_FOUND, EXIT_TRAP, EXIT_TERMINATED];
        for (i, a) in all.iter().enumerate() {
            assert!(all[i + 1..].iter().all(|b| a != b));
        }
        assert_eq!(EXIT_TRAP, 134);
    }

    #[test]
    fn messages_are_one_line() {
        assert_eq!(one_line("a\nb"), "a");
        assert_eq!(one_line(""), "");
    }
}
