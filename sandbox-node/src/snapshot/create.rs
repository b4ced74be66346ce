//! Makes the startup snapshot, at build time (`build.rs` runs it on the build host,
//! with the same V8 and flags as the runtime): a context in which every file under
//! `js/` has been evaluated and `js/bootstrap.js` has run, up to the point where it
//! needs the process — its argv, environment, pid, working directory, clock, the
//! kernel. The runtime deserialises that context and calls the `start` hook the
//! snapshot keeps (`bootstrap.rs`).
//!
//! No op may run here: the ops are the runtime's, which the build script does not
//! have. The `ops` object is made of stand-ins with the ops' names, one distinct
//! callback each, whose addresses become the snapshot's external references in the
//! order of `ops/table.rs`; the runtime lists the real callbacks in that order
//! (`ops::external_references`), so V8 binds each function to its op. A stand-in
//! that is called aborts the build, naming the op.

use std::collections::HashSet;

use crate::shared::{HOOKS_DATA_INDEX, NODE_VERSION, V8_FLAGS};

/// Declares [`ops`] from the op list in `ops/table.rs`.
macro_rules! ops_table {
    ($($family:ident::$op:ident,)*) => {
        /// Every op's name with its stand-in callback, in the order of the table.
        fn ops() -> Vec<(&'static str, v8::FunctionCallback)> {
            vec![$({
                // Each stand-in prints its own op's name, so no two have the same
                // code and the linker cannot fold them into one address (which
                // would bind two ops to one external reference).
                extern "C" fn stand_in(_: *const v8::FunctionCallbackInfo) {
                    eprintln!(concat!(
                        "sandbox-node snapshot: ",
                        stringify!($op),
                        " was called while the snapshot was being made: ops belong to the runtime"
                    ));
                    std::process::abort();
                }
                (stringify!($op), stand_in as v8::FunctionCallback)
            },)*]
        }
    };
}
include!("../ops/table.rs");

/// The sources the snapshot is made of (`build.rs` finds them under `js/`).
pub struct Sources {
    /// The internal modules (each a function expression), by the name
    /// `js/bootstrap.js` requires them with; their stack frames read `node:<name>`,
    /// as Node's own.
    pub natives: Vec<(String, String)>,
    /// The vendored files (`internal/deps/<package>/<path>`), kept as published and
    /// wrapped here as internal modules.
    pub deps: Vec<(String, String)>,
    /// `js/bootstrap.js`.
    pub bootstrap: String,
}

/// The snapshot blob.
///
/// # Errors
/// A message when our own JavaScript fails to load, or V8 makes no usable blob.
pub fn create(sources: &Sources) -> Result<Vec<u8>, String> {
    v8::V8::set_flags_from_string(V8_FLAGS);
    v8::V8::initialize_platform(v8::new_single_threaded_default_platform(false).make_shared());
    v8::V8::initialize();
    let ops = ops();
    let distinct: HashSet<usize> = ops.iter().map(|(_, f)| *f as usize).collect();
    if distinct.len() != ops.len() {
        return Err("two ops' stand-ins share an address".into());
    }
    let references: Vec<_> =
        ops.iter().map(|(_, f)| v8::ExternalReference { function: *f }).collect();
    let mut isolate = v8::Isolate::snapshot_creator(Some(references.into()), None);
    isolate.set_microtasks_policy(v8::MicrotasksPolicy::Explicit);
    let bootstrapped = (|| -> Result<(), String> {
        v8::scope!(let scope, &mut isolate);
        let context = v8::Context::new(scope, Default::default());
        let scope = &mut v8::ContextScope::new(scope, context);
        v8::tc_scope!(let tc, scope);
        let natives = v8::Object::new(tc);
        for (name, source) in &sources.natives {
            let f = evaluate(tc, &format!("node:{name}"), source)?;
            let key = v8::String::new(tc, name).ok_or("module name")?;
            natives.set(tc, key.into(), f);
        }
        for (name, source) in &sources.deps {
            let wrapped =
                format!("(function (exports, require, ops, info, module) {{{source}\n}})");
            let f = evaluate(tc, &format!("node:{name}"), &wrapped)?;
            let key = v8::String::new(tc, name).ok_or("module name")?;
            natives.set(tc, key.into(), f);
        }
        let bootstrap = evaluate(tc, "node:internal/bootstrap", &sources.bootstrap)?;
        let bootstrap = v8::Local::<v8::Function>::try_from(bootstrap)
            .map_err(|_| "js/bootstrap.js does not evaluate to a function".to_string())?;
        let ops_object = v8::Object::new(tc);
        for (name, callback) in &ops {
            let f = v8::Function::new_raw(tc, *callback).ok_or("creating an op function")?;
            let key = v8::String::new(tc, name).ok_or("op name")?;
            f.set_name(key);
            ops_object.set(tc, key.into(), f.into());
        }
        // What is the same for every run; `start` adds the rest.
        let info = v8::Object::new(tc);
        let key = v8::String::new(tc, "version").ok_or("key")?;
        let version = v8::String::new(tc, NODE_VERSION).ok_or("version")?;
        info.set(tc, key.into(), version.into());
        // The errno table, as `[-errno, code, message]` (src/errno.rs).
        let table: Vec<_> = crate::errno::table()
            .map(|(num, node)| -> Result<v8::Local<v8::Value>, String> {
                let items = [
                    v8::Integer::new(tc, -num).into(),
                    v8::String::new(tc, node.code).ok_or("errno code")?.into(),
                    v8::String::new(tc, node.message).ok_or("errno message")?.into(),
                ];
                Ok(v8::Array::new_with_elements(tc, &items).into())
            })
            .collect::<Result<_, _>>()?;
        let table = v8::Array::new_with_elements(tc, &table);
        let key = v8::String::new(tc, "errors").ok_or("key")?;
        info.set(tc, key.into(), table.into());
        let recv = v8::undefined(tc).into();
        let hooks = bootstrap
            .call(tc, recv, &[natives.into(), ops_object.into(), info.into()])
            .ok_or_else(|| describe_exception(tc, "bootstrap"))?;
        tc.perform_microtask_checkpoint();
        if let Some(e) = tc.exception() {
            let e = e.to_rust_string_lossy(tc);
            return Err(format!("a microtask of the bootstrap threw: {e}"));
        }
        let hooks = v8::Local::<v8::Object>::try_from(hooks)
            .map_err(|_| "bootstrap did not return its hooks".to_string())?;
        if tc.add_context_data(context, hooks) != HOOKS_DATA_INDEX {
            return Err("the hooks are not the context's first data".into());
        }
        tc.set_default_context(context);
        Ok(())
    })();
    if let Err(e) = bootstrapped {
        // A snapshot creator may not be dropped without making its blob (the v8 crate
        // panics, hiding this error); the build ends here anyway.
        std::mem::forget(isolate);
        return Err(e);
    }
    let blob = isolate.create_blob(v8::FunctionCodeHandling::Keep).ok_or("V8 made no snapshot")?;
    // Rehashing (`--rehash-snapshot`, shared.rs) gives every run its own hash seed:
    // without it every process would share the build's, and with it which keys
    // collide, all a hash-flooding input needs.
    if !blob.can_be_rehashed() {
        return Err("the snapshot cannot be rehashed".into());
    }
    Ok(blob.to_vec())
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

/// One line about the exception caught by `tc`.
fn describe_exception(tc: &mut v8::PinnedRef<v8::TryCatch<v8::HandleScope>>, what: &str) -> String {
    let exception = tc
        .exception()
        .map(|e| e.to_rust_string_lossy(tc))
        .unwrap_or_else(|| "terminated".to_string());
    let message = tc.message();
    let line = message.and_then(|m| m.get_line_number(tc)).unwrap_or(0);
    // Where it was thrown: the module (`node:<name>`) may be another than `what`.
    let at = message
        .and_then(|m| m.get_script_resource_name(tc))
        .map(|name| name.to_rust_string_lossy(tc))
        .unwrap_or_else(|| what.to_string());
    format!("{what}: {at}:{line}: {exception}")
}
