//! The life of the process, in order: V8, kernel connection, lock-down, handshake,
//! isolate, the Node API, the program and its event loop, the exit report. The exit
//! statuses are the table in the crate documentation (`main.rs`).

use std::os::unix::thread::JoinHandleExt;
use std::process;

use policies::confine::{lock_down, RuntimeProfile};
use syscall_proto::client::Client;
use syscall_proto::proc::{ProcRequest, RuntimeKind, StartInfo};
use syscall_proto::Request;

use crate::bootstrap;
use crate::cpu;
use crate::engine;
use crate::event_loop::{self, Ending, EXIT_RUNTIME_FAILURE};
use crate::heap;
use crate::kernel::{SharedState, State};
use crate::ops;

/// Lock-down failed: the program cannot be run confined.
pub const EXIT_CANNOT_EXECUTE: i32 = 126;

/// Stack of the JavaScript thread: V8's own limit (`--stack-size`, about 1 MiB as in
/// Node) plus room for the native frames of ops and the GC.
const JS_STACK_BYTES: usize = 8 << 20;

/// Runs the whole process; never returns.
pub fn main() -> ! {
    // `sandbox-node --snapshot-info`: a description of the embedded startup snapshot,
    // for the operator and the tests; never what the kernel runs.
    if std::env::args().nth(1).as_deref() == Some("--snapshot-info") {
        engine::init();
        match crate::snapshot::describe() {
            Ok(text) => {
                print!("{text}");
                process::exit(0)
            }
            Err(e) => before_start(EXIT_RUNTIME_FAILURE, &format!("startup snapshot: {e}")),
        }
    }
    // 1. V8 is trusted configuration: initialised before lock-down. The platform is
    //    single-threaded (engine.rs): V8 starts no threads of its own.
    engine::init();
    // 2. The rings the kernel handed over at fds 3, 4, 5.
    let mut client = Client::from_inherited_fds()
        .unwrap_or_else(|e| before_start(EXIT_RUNTIME_FAILURE, &format!("kernel connection: {e}")));
    // 3. From here on, nothing but the rings. The process has one thread, so Landlock
    //    applies whatever the host's ABI.
    if let Err(e) = lock_down(RuntimeProfile::Node) {
        before_start(EXIT_CANNOT_EXECUTE, &format!("lock-down: {e}"));
    }
    // 4. What to run.
    let start = client
        .hello(RuntimeKind::Node)
        .unwrap_or_else(|e| before_start(EXIT_RUNTIME_FAILURE, &format!("handshake: {e}")));
    // 5. JavaScript runs on a thread of its own, created after lock-down so it inherits
    //    Landlock and seccomp. Not on the main thread: for the main thread glibc finds
    //    the stack bounds V8 asks for (at isolate creation and at every GC) by reading
    //    /proc/self/maps, which the confined process cannot open; for any other thread
    //    it knows them without a file.
    //    One malloc arena for both threads: glibc shrinks a thread's own arena only
    //    after reading /proc/sys/vm/overcommit_memory, another file it cannot open.
    // SAFETY: mallopt takes two integers and changes allocator tuning only; called
    // while the process has one thread.
    unsafe { libc::mallopt(libc::M_ARENA_MAX, 1) };
    let cpu_ms = start.limits.cpu_ms;
    // The JavaScript thread hands back its isolate's thread-safe handle, for the CPU
    // watchdog.
    let (handle_tx, handle_rx) = std::sync::mpsc::channel();
    let js = std::thread::Builder::new()
        .name("js".into())
        .stack_size(JS_STACK_BYTES)
        .spawn(move || run_js(client, &start, &handle_tx));
    // 6. With `[limits] cpu_ms`, this thread watches the JavaScript thread's CPU clock
    //    (cpu.rs); it has nothing else to do.
    if let (Ok(thread), Some(limit)) = (&js, cpu_ms) {
        if let Ok(handle) = handle_rx.recv() {
            cpu::watch(thread.as_pthread_t(), &handle, limit);
        }
    }
    match js.map(std::thread::JoinHandle::join) {
        Ok(_) => before_start(EXIT_RUNTIME_FAILURE, "the JavaScript thread ended without an exit"),
        Err(e) => {
            before_start(EXIT_RUNTIME_FAILURE, &format!("starting the JavaScript thread: {e}"))
        }
    }
}

/// The program on the JavaScript thread: the isolate, the Node API, the program and
/// its event loop, the exit report. Never returns: it ends the process.
fn run_js(
    client: Client,
    start: &StartInfo,
    handle_tx: &std::sync::mpsc::Sender<v8::IsolateHandle>,
) -> ! {
    let state = State::new(Box::new(client));
    // The isolate, its heap capped by the policy.
    let mut isolate = engine::isolate(start.limits.memory_bytes);
    // Nobody listens when there is no CPU limit: nothing to do then.
    let _ = handle_tx.send(isolate.thread_safe_handle());
    if start.limits.memory_bytes.is_some() {
        heap::install(&mut isolate, &state);
    }
    isolate.set_slot(state.clone());
    crate::esm::install(&mut isolate);
    isolate.set_promise_reject_callback(ops::process::promise_reject_callback);
    let ending = {
        v8::scope!(let scope, &mut isolate);
        let context = v8::Context::new(scope, Default::default());
        let scope = &mut v8::ContextScope::new(scope, context);
        // The Node API, from the snapshot, started with this process's information;
        // then the program (untrusted input from here on).
        match bootstrap::start(scope, start) {
            Ok(hooks) => event_loop::run(scope, &hooks, &state),
            Err(e) => {
                let _ = event_loop::write_stderr(&state, &format!("sandbox-node: start-up: {e}\n"));
                Ending::Exit(EXIT_RUNTIME_FAILURE)
            }
        }
    };
    // The heap limit wins over the CPU limit when both were reached.
    let ending = if heap::exhausted() {
        limit_ending(
            &state,
            ending,
            heap::limit_reached(),
            heap::MESSAGE,
            heap::EXIT_HEAP_EXHAUSTED,
        )
    } else if cpu::exhausted() {
        limit_ending(&state, ending, cpu::limit_reached(), cpu::MESSAGE, cpu::EXIT_CPU_EXHAUSTED)
    } else {
        ending
    };
    finish(&state, ending)
}

/// A program stopped at a limit the runtime enforces itself — the heap (`heap.rs`,
/// ended as Node ends it, whatever stop the termination caused) or the CPU watchdog
/// (`cpu.rs`) — ends with `message` on its stderr and `status`, after the operator's
/// record (`report`: the kernel audits it). Unless the kernel is gone or ending us:
/// then there is nothing to add.
fn limit_ending(
    state: &SharedState,
    ending: Ending,
    report: Request,
    message: &str,
    status: i32,
) -> Ending {
    match ending {
        Ending::Abandon(code) if code != EXIT_RUNTIME_FAILURE => ending,
        _ => {
            let _ = state.borrow_mut().call(report);
            let _ = event_loop::write_stderr(state, message);
            Ending::Exit(status)
        }
    }
}

/// A failure before the kernel handshake: there is no program stderr yet, only the
/// runtime's own (which the kernel logs).
fn before_start(status: i32, message: &str) -> ! {
    eprintln!("sandbox-node: {message}");
    process::exit(status)
}

/// Tells the kernel how the program ended, then exits. The isolate is not torn down:
/// the process ends, and with it everything V8 holds.
fn finish(state: &SharedState, ending: Ending) -> ! {
    match ending {
        Ending::Exit(status) => {
            let reported =
                state.borrow_mut().call(Request::Proc(ProcRequest::Exit { code: status }));
            match reported {
                Ok(_) => process::exit(status),
                Err(stop) => {
                    eprintln!("sandbox-node: reporting exit status {status}: {stop}");
                    process::exit(EXIT_RUNTIME_FAILURE)
                }
            }
        }
        Ending::Abandon(status) => process::exit(status),
    }
}
