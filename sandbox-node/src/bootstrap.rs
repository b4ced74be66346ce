//! Loads the Node API (`js/`) into the context and keeps the entry points the event
//! loop calls.
//!
//! Every file under `js/` is compiled into the binary (`include_str!`) and evaluated
//! at start-up, in this order: each internal module (a function expression named by
//! its `node:` path, [`NATIVES`]), then `js/bootstrap.js`, which is called with the
//! modules, the [`ops`](crate::ops) object and the start information, installs the
//! globals (`console`, `process`, `Buffer`, timers) and returns the [`Hooks`]. A
//! startup snapshot of this state is the next step for start-up time (see
//! docs/node.md); the sources are written so that nothing in them depends on the
//! start information until `bootstrap` is called.

use syscall_proto::proc::StartInfo;

use crate::errno;
use crate::ops;

/// The internal modules, by the name `js/bootstrap.js` requires them with. Their stack
/// frames read `node:<name>`, as Node's own.
const NATIVES: &[(&str, &str)] = &[
    ("internal/errors", include_str!("../js/internal/errors.js")),
    ("internal/util/inspect", include_str!("../js/internal/util/inspect.js")),
    ("internal/util/comparisons", include_str!("../js/internal/util/comparisons.js")),
    ("internal/task_queues", include_str!("../js/internal/task_queues.js")),
    ("internal/io_watch", include_str!("../js/internal/io_watch.js")),
    ("internal/process_start", include_str!("../js/internal/process_start.js")),
    ("internal/url", include_str!("../js/internal/url.js")),
    ("internal/fs/streams", include_str!("../js/internal/fs/streams.js")),
    ("internal/encoding", include_str!("../js/internal/encoding.js")),
    ("internal/dom_exception", include_str!("../js/internal/dom_exception.js")),
    ("internal/event_target", include_str!("../js/internal/event_target.js")),
    ("internal/structured_clone", include_str!("../js/internal/structured_clone.js")),
    ("internal/modules/paths", include_str!("../js/internal/modules/paths.js")),
    ("internal/modules/package", include_str!("../js/internal/modules/package.js")),
    ("internal/modules/builtins", include_str!("../js/internal/modules/builtins.js")),
    ("internal/modules/cjs", include_str!("../js/internal/modules/cjs.js")),
    ("internal/modules/esm", include_str!("../js/internal/modules/esm.js")),
    ("assert", include_str!("../js/node/assert.js")),
    ("buffer", include_str!("../js/node/buffer.js")),
    ("child_process", include_str!("../js/node/child_process.js")),
    ("console", include_str!("../js/node/console.js")),
    ("crypto", include_str!("../js/node/crypto.js")),
    ("events", include_str!("../js/node/events.js")),
    ("path", include_str!("../js/node/path.js")),
    ("perf_hooks", include_str!("../js/node/perf_hooks.js")),
    ("fs", include_str!("../js/node/fs.js")),
    ("os", include_str!("../js/node/os.js")),
    ("process", include_str!("../js/node/process.js")),
    ("querystring", include_str!("../js/node/querystring.js")),
    ("string_decoder", include_str!("../js/node/string_decoder.js")),
    ("timers", include_str!("../js/node/timers.js")),
    ("timers/promises", include_str!("../js/node/timers_promises.js")),
    ("tty", include_str!("../js/node/tty.js")),
    ("url", include_str!("../js/node/url.js")),
    ("util", include_str!("../js/node/util.js")),
    ("zlib", include_str!("../js/node/zlib.js")),
];

/// Vendored CommonJS sources (`js/deps/`, fetched by `js/deps/vendor.sh` and kept
/// byte for byte as published), each by its path: `internal/deps/<package>/<file>`
/// (listed by build.rs), wrapped here as internal modules.
const DEPS: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/deps.rs"));

const BOOTSTRAP: &str = include_str!("../js/bootstrap.js");

/// The Node version whose API this runtime implements (`process.version`; the last
/// line of an uncaught-exception report).
pub const NODE_VERSION: &str = "v20.0.0";

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

/// Evaluates `js/` in the current context and calls `bootstrap`.
///
/// # Errors
/// A message when our own JavaScript fails to load (a bug: the runtime cannot start).
pub fn load(scope: &mut v8::PinScope, start: &StartInfo) -> Result<Hooks, String> {
    v8::tc_scope!(let tc, scope);
    let natives = v8::Object::new(tc);
    for (name, source) in NATIVES {
        let f = evaluate(tc, &format!("node:{name}"), source)?;
        let key = v8::String::new(tc, name).ok_or("module name")?;
        natives.set(tc, key.into(), f);
    }
    for (name, source) in DEPS {
        let wrapped = format!("(function (exports, require, ops, info, module) {{{source}\n}})");
        let f = evaluate(tc, &format!("node:{name}"), &wrapped)?;
        let key = v8::String::new(tc, name).ok_or("module name")?;
        natives.set(tc, key.into(), f);
    }
    let bootstrap = evaluate(tc, "node:internal/bootstrap", BOOTSTRAP)?;
    let bootstrap = v8::Local::<v8::Function>::try_from(bootstrap)
        .map_err(|_| "js/bootstrap.js does not evaluate to a function".to_string())?;
    let ops = ops::install(tc);
    let info = start_info(tc, start);
    let recv = v8::undefined(tc).into();
    let hooks = bootstrap
        .call(tc, recv, &[natives.into(), ops.into(), info.into()])
        .ok_or_else(|| describe_exception(tc, "bootstrap"))?;
    let hooks = v8::Local::<v8::Object>::try_from(hooks)
        .map_err(|_| "bootstrap did not return its hooks".to_string())?;
    let hook = |tc: &mut v8::PinScope, name: &str| -> Result<v8::Global<v8::Function>, String> {
        let key = v8::String::new(tc, name).ok_or("hook name")?;
        let value = hooks.get(tc, key.into()).ok_or_else(|| format!("hook {name}"))?;
        let f = v8::Local::<v8::Function>::try_from(value)
            .map_err(|_| format!("bootstrap hook {name} is not a function"))?;
        Ok(v8::Global::new(tc, f))
    };
    Ok(Hooks {
        main: hook(tc, "main")?,
        after_task: hook(tc, "afterTask")?,
        next_deadline: hook(tc, "nextDeadline")?,
        run_next_task: hook(tc, "runNextTask")?,
        poll: hook(tc, "poll")?,
        before_exit: hook(tc, "beforeExit")?,
        exit_code: hook(tc, "exitCode")?,
        uncaught: hook(tc, "uncaught")?,
    })
}

/// Compiles and runs one of our sources, returning its value.
fn evaluate<'s>(
    tc: &mut v8::PinnedRef<'s, v8::TryCatch<v8::HandleScope>>,
    name: &str,
    source: &str,
) -> Result<v8::Local<'s, v8::Value>, String> {
    let code = v8::String::new(tc, source).ok_or("source too long")?;
    let resource = v8::String::new(tc, name).ok_or("name")?;
    let origin =
        v8::ScriptOrigin::new(tc, resource.into(), 0, 0, false, 0, None, false, false, false, None);
    v8::Script::compile(tc, code, Some(&origin))
        .and_then(|script| script.run(tc))
        .ok_or_else(|| describe_exception(tc, name))
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

/// The `info` object `bootstrap` receives: what the kernel's `StartInfo` says, plus
/// the errno table and the version.
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
    let version = string(scope, NODE_VERSION.as_bytes());
    set(scope, "version", version);
    let table: Vec<_> = errno::table()
        .map(|(num, node)| {
            let items = [
                v8::Integer::new(scope, -num).into(),
                string(scope, node.code.as_bytes()),
                string(scope, node.message.as_bytes()),
            ];
            v8::Array::new_with_elements(scope, &items).into()
        })
        .collect();
    let table = v8::Array::new_with_elements(scope, &table);
    set(scope, "errors", table.into());
    info
}

fn string<'s>(scope: &mut v8::PinScope<'s, '_>, bytes: &[u8]) -> v8::Local<'s, v8::Value> {
    v8::String::new_from_utf8(scope, bytes, v8::NewStringType::Normal)
        .unwrap_or_else(|| v8::String::empty(scope))
        .into()
}
