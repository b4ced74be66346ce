//! The event loop: run the program, then timers and immediates until nothing keeps
//! the loop alive, processing `process.nextTick` callbacks, microtasks and unhandled
//! rejections after every macrotask, as Node does.
//!
//! File calls are synchronous through the kernel. What the loop waits for is timers,
//! and — in the poll phase (`js/internal/io_watch.js`) — watched descriptors (a child's
//! pipes) and children, with one kernel `Poll` that a child's `SIGCHLD` interrupts;
//! with nothing watched it sleeps until the next timer (`TimeRequest::Sleep`).

use syscall_proto::time::TimeRequest;
use syscall_proto::{Reply, Request};

use crate::bootstrap::Hooks;
use crate::kernel::{self, SharedState, Stop};
use crate::ops::time::now_ms;

/// How the process ends.
#[derive(Debug, PartialEq, Eq)]
pub enum Ending {
    /// Tell the kernel the status with `Exit`, then exit with it.
    Exit(i32),
    /// Exit with the status at once: the kernel is gone, or is ending the process.
    Abandon(i32),
}

/// The runtime itself failed (as `env(1)` uses it).
pub const EXIT_RUNTIME_FAILURE: i32 = 125;
/// The kernel terminated the process: 128 + SIGKILL.
pub const EXIT_TERMINATED: i32 = 128 + 9;
/// An uncaught exception (Node's status for it).
pub const EXIT_UNCAUGHT: i32 = 1;

/// Runs the program and its event loop to the end.
pub fn run(scope: &mut v8::PinScope, hooks: &Hooks, state: &SharedState) -> Ending {
    match run_inner(scope, hooks, state) {
        Ok(code) => Ending::Exit(code & 0xff),
        Err(ending) => ending,
    }
}

fn run_inner(scope: &mut v8::PinScope, hooks: &Hooks, state: &SharedState) -> Result<i32, Ending> {
    call(scope, hooks, state, &hooks.main, None)?;
    call(scope, hooks, state, &hooks.after_task, None)?;
    let platform = v8::V8::get_current_platform();
    loop {
        // V8's own tasks, e.g. FinalizationRegistry cleanups (which free the native
        // state of collected zlib streams), then the microtasks they queued.
        if v8::Platform::pump_message_loop(&platform, scope, false) {
            while v8::Platform::pump_message_loop(&platform, scope, false) {}
            // A task runs with no JavaScript below it, so a termination it caused
            // (process.exit, the kernel ending us) is cleared when it returns: only the
            // recorded stop says so.
            if state.borrow().stop.is_some() {
                return Err(stopped(state));
            }
            call(scope, hooks, state, &hooks.after_task, None)?;
        }
        let deadline = number(call(scope, hooks, state, &hooks.next_deadline, None)?);
        if deadline < 0.0 {
            // Nothing keeps the loop alive: 'beforeExit' listeners may give it more.
            if bool::from(call(scope, hooks, state, &hooks.before_exit, None)?) {
                continue;
            }
            break;
        }
        let mut now = clock(scope, state)?;
        // Whole milliseconds for poll (-1: no timer, wait for I/O without limit).
        let timeout = if deadline.is_infinite() { -1.0 } else { (deadline - now).max(0.0).ceil() };
        let polled = bool::from(call(scope, hooks, state, &hooks.poll, Some(timeout))?);
        if !polled && deadline > now && deadline.is_finite() {
            // Whole nanoseconds; the kernel sleeps at least that long.
            let nanos = ((deadline - now) * 1e6).ceil() as u64;
            match kernel::call(scope, Request::Time(TimeRequest::Sleep { nanos })) {
                None => return Err(stopped(state)),
                Some(Ok(Reply::Unit)) => {}
                Some(Ok(other)) => {
                    let stop = Stop::UnexpectedReply { request: "Sleep", reply: Box::new(other) };
                    return Err(ending_for(stop));
                }
                // An interrupted sleep is only a shorter one: the loop looks again.
                Some(Err(_)) => {}
            }
        }
        if polled || deadline > now {
            now = clock(scope, state)?;
        }
        loop {
            let ran = call(scope, hooks, state, &hooks.run_next_task, Some(now))?;
            if !bool::from(ran) {
                break;
            }
            call(scope, hooks, state, &hooks.after_task, None)?;
        }
    }
    let code = number(call(scope, hooks, state, &hooks.exit_code, None)?);
    Ok(code as i32)
}

/// What a hook returned, reduced to what the loop needs from it.
#[derive(Debug, Clone, Copy)]
enum Returned {
    Number(f64),
    Bool(bool),
}

impl From<Returned> for bool {
    fn from(r: Returned) -> bool {
        matches!(r, Returned::Bool(true))
    }
}

fn number(r: Returned) -> f64 {
    match r {
        Returned::Number(n) => n,
        Returned::Bool(_) => -1.0,
    }
}

/// Calls a hook (with `now` as its argument when given). An exception that escapes it
/// is the program's uncaught exception: reported as Node reports it, status 1.
fn call(
    scope: &mut v8::PinScope,
    hooks: &Hooks,
    state: &SharedState,
    hook: &v8::Global<v8::Function>,
    now: Option<f64>,
) -> Result<Returned, Ending> {
    v8::tc_scope!(let tc, scope);
    let f = v8::Local::new(tc, hook);
    let recv = v8::undefined(tc).into();
    let arg: Option<v8::Local<v8::Value>> = now.map(|n| v8::Number::new(tc, n).into());
    if let Some(value) = f.call(tc, recv, arg.as_slice()) {
        return Ok(if value.is_boolean() {
            Returned::Bool(value.is_true())
        } else {
            Returned::Number(value.number_value(tc).unwrap_or(-1.0))
        });
    }
    if tc.has_terminated() || state.borrow().stop.is_some() {
        return Err(stopped(state));
    }
    let Some(exception) = tc.exception() else {
        return Err(stopped(state));
    };
    let header = tc.message().map(|m| header(tc, m)).unwrap_or_default();
    let header = v8::String::new(tc, &header).unwrap_or_else(|| v8::String::empty(tc));
    let uncaught = v8::Local::new(tc, &hooks.uncaught);
    match uncaught.call(tc, recv, &[exception, header.into()]) {
        // An 'uncaughtException' listener took it: the program goes on, as after a
        // task that ran.
        Some(handled) if handled.is_true() => return Ok(Returned::Bool(true)),
        Some(_) => {}
        // `process.exit()` in a listener, or a failure while reporting: the stop
        // recorded (if any) wins, else the uncaught status.
        None => {
            if state.borrow().stop.is_none() {
                let text = exception.to_rust_string_lossy(tc);
                let _ = write_stderr(state, &format!("Uncaught {text}\n"));
            }
        }
    }
    match state.borrow_mut().stop.take() {
        Some(stop) => Err(ending_for(stop)),
        None => Err(Ending::Exit(EXIT_UNCAUGHT)),
    }
}

/// `file:line`, the source line and a caret under the throw, as Node starts its
/// uncaught-exception report (`GetErrorSource` in Node's `node_errors.cc`).
pub fn header(scope: &mut v8::PinScope, message: v8::Local<v8::Message>) -> String {
    let name = message
        .get_script_resource_name(scope)
        .map(|n| n.to_rust_string_lossy(scope))
        .unwrap_or_default();
    let line = message.get_line_number(scope).unwrap_or(0);
    let source = message.get_source_line(scope).map(|s| s.to_rust_string_lossy(scope));
    let Some(source) = source else {
        return String::new();
    };
    let start = message.get_start_column();
    let end = message.get_end_column().max(start + 1);
    // Tabs stay tabs so the caret lines up under the same characters.
    let pad: String =
        source.chars().take(start).map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
    format!("{name}:{line}\n{source}\n{pad}{}\n", "^".repeat(end - start))
}

/// The kernel's monotonic clock in milliseconds.
fn clock(scope: &mut v8::PinScope, state: &SharedState) -> Result<f64, Ending> {
    now_ms(scope).ok_or_else(|| stopped(state))
}

/// The ending the recorded stop calls for (a stop is always recorded before JS is
/// terminated; if none was, the kernel connection is in an unknown state).
fn stopped(state: &SharedState) -> Ending {
    match state.borrow_mut().stop.take() {
        Some(stop) => ending_for(stop),
        None => Ending::Abandon(EXIT_RUNTIME_FAILURE),
    }
}

/// The ending a [`Stop`] calls for.
pub fn ending_for(stop: Stop) -> Ending {
    match stop {
        Stop::Exit(code) => Ending::Exit(code & 0xff),
        Stop::Terminated(_) => Ending::Abandon(EXIT_TERMINATED),
        broken @ (Stop::Transport(_) | Stop::UnexpectedReply { .. }) => {
            // The program's stderr is behind the broken connection: the runtime's own
            // stderr (the kernel's log) is the only place left to say why.
            eprintln!("sandbox-node: {broken}");
            Ending::Abandon(EXIT_RUNTIME_FAILURE)
        }
    }
}

/// Writes to the program's stderr through the kernel (best effort).
pub fn write_stderr(state: &SharedState, text: &str) -> Result<(), Stop> {
    let data = text.as_bytes().to_vec();
    // The errno of a failed write has nowhere to go: the program's stderr is the
    // place errors are reported.
    let _errno = state
        .borrow_mut()
        .call(Request::Fd(syscall_proto::fd::FdRequest::Write { fd: 2, data }))?;
    Ok(())
}
