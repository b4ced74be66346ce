//! Starts the Node API the startup snapshot holds (`snapshot/`) and keeps the entry
//! points the event loop calls.
//!
//! The snapshot's context has run `js/bootstrap.js` up to what depends on the
//! process: the globals (`console`, `process`, `Buffer`, timers) exist, and the object
//! `bootstrap` returned is the context's data. Its `start(info)` hook receives this
//! process's start information (argv, environment, pid, working directory, memory
//! limit) and reads the clock's origin; the other hooks are the
//! [`Hooks`] the event loop calls.

use syscall_proto::proc::StartInfo;

use crate::snapshot::HOOKS_DATA_INDEX;

/// The functions `js/bootstrap.js` returns; the event loop calls them.
pub struct Hooks {
    /// `main()`: parses `process.argv` as Node's command line and runs the program.
    pub main: v8::Global<v8::Function>,
    /// `afterTask()`: `process.nextTick` callbacks, microtasks and unhandled
    /// rejections, as Node processes them after every macrotask.
    pub after_task: v8::Global<v8::Function>,
    /// `nextDeadline()`: when the next timer or immediate is due (monotonic ms), or -1
    /// when nothing keeps the loop alive.
    pub next_deadline: v8::Global<v8::Function>,
    /// `runNextTask(now)`: runs one timer, I/O callback or immediate due at `now`;
    /// `false` if none.
    pub run_next_task: v8::Global<v8::Function>,
    /// `poll(timeoutMs)`: the poll phase. Collects delivered signals and, when
    /// descriptors or children are watched, waits for them (at most `timeoutMs`, -1
    /// without limit) and queues their callbacks; `false` when nothing is watched (the
    /// loop then only sleeps until the next timer).
    pub poll: v8::Global<v8::Function>,
    /// `beforeExit()`: emits `'beforeExit'` when the loop has run dry; `true` when
    /// its listeners scheduled more work (the loop goes on).
    pub before_exit: v8::Global<v8::Function>,
    /// `exitCode()`: emits `'exit'` and returns the status (`process.exitCode`).
    pub exit_code: v8::Global<v8::Function>,
    /// `uncaught(error, header)`: prints an uncaught exception as Node does (`header`
    /// is the `file:line`, source line and caret) and emits `'exit'` with status 1.
    pub uncaught: v8::Global<v8::Function>,
}

/// Takes the bootstrap's hooks from the snapshot's context and calls `start`.
///
/// # Errors
/// A message when the snapshot or our own JavaScript fails (a bug: the runtime
/// cannot start).
pub fn start(scope: &mut v8::PinScope, start: &StartInfo) -> Result<Hooks, String> {
    v8::tc_scope!(let tc, scope);
    let hooks = tc
        .get_context_data_from_snapshot_once::<v8::Object>(HOOKS_DATA_INDEX)
        .map_err(|e| format!("no bootstrap hooks in the startup snapshot: {e}"))?;
    let start_hook = hook(tc, hooks, "start")?;
    let info = start_info(tc, start);
    let recv = v8::undefined(tc).into();
    start_hook.call(tc, recv, &[info.into()]).ok_or_else(|| describe_exception(tc, "start"))?;
    let mut global = |name: &str| -> Result<_, String> {
        let f = hook(tc, hooks, name)?;
        Ok(v8::Global::new(tc, f))
    };
    Ok(Hooks {
        main: global("main")?,
        after_task: global("afterTask")?,
        next_deadline: global("nextDeadline")?,
        run_next_task: global("runNextTask")?,
        poll: global("poll")?,
        before_exit: global("beforeExit")?,
        exit_code: global("exitCode")?,
        uncaught: global("uncaught")?,
    })
}

/// The function `bootstrap` left as `hooks[name]`.
fn hook<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    hooks: v8::Local<'s, v8::Object>,
    name: &str,
) -> Result<v8::Local<'s, v8::Function>, String> {
    let key = v8::String::new(scope, name).ok_or("hook name")?;
    let value = hooks.get(scope, key.into()).ok_or_else(|| format!("hook {name}"))?;
    v8::Local::<v8::Function>::try_from(value)
        .map_err(|_| format!("bootstrap hook {name} is not a function"))
}

/// One line about the exception caught by `tc`, for a start-up failure.
fn describe_exception(tc: &mut v8::PinnedRef<v8::TryCatch<v8::HandleScope>>, what: &str) -> String {
    let exception = tc
        .exception()
        .map(|e| e.to_rust_string_lossy(tc))
        .unwrap_or_else(|| "terminated".to_string());
    let line = tc.message().and_then(|m| m.get_line_number(tc)).unwrap_or(0);
    format!("{what}:{line}: {exception}")
}

/// The `info` object `start` receives: what the kernel's `StartInfo` says (the version
/// and the errno table are in the snapshot already).
fn start_info<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    start: &StartInfo,
) -> v8::Local<'s, v8::Object> {
    let info = v8::Object::new(scope);
    let set = |scope: &mut v8::PinScope<'s, '_>, key: &str, value: v8::Local<v8::Value>| {
        let key = v8::String::new(scope, key).expect("key");
        info.set(scope, key.into(), value);
    };
    // Node decodes its command line and environment as UTF-8, replacing what is not.
    let argv: Vec<_> = start.argv.iter().map(|a| string(scope, a)).collect();
    let argv = v8::Array::new_with_elements(scope, &argv);
    set(scope, "argv", argv.into());
    let env = v8::Object::new(scope);
    for (k, v) in &start.env {
        let (k, v) = (string(scope, k), string(scope, v));
        env.set(scope, k, v);
    }
    set(scope, "env", env.into());
    let cwd = string(scope, &start.cwd);
    set(scope, "cwd", cwd);
    let pid = v8::Integer::new_from_unsigned(scope, start.pid).into();
    set(scope, "pid", pid);
    // `os.totalmem()`: the sandbox's memory is its limit.
    let memory = v8::Number::new(scope, start.limits.memory_bytes.unwrap_or(0) as f64).into();
    set(scope, "memoryBytes", memory);
    info
}

fn string<'s>(scope: &mut v8::PinScope<'s, '_>, bytes: &[u8]) -> v8::Local<'s, v8::Value> {
    v8::String::new_from_utf8(scope, bytes, v8::NewStringType::Normal)
        .unwrap_or_else(|| v8::String::empty(scope))
        .into()
}
