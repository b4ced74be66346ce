//! The V8 startup snapshot of the Node API, made at build time (`build.rs` runs
//! `create.rs`) and embedded in the binary: the isolate
//! starts from a context in which `js/` has been evaluated and `js/bootstrap.js` has
//! run, so a start compiles and runs none of our JavaScript; `bootstrap.rs` then calls
//! the snapshot's `start` hook with what belongs to this process.
//!
//! Nothing in the snapshot depends on the process: argv, environment, pid, working
//! directory, the clock's origin and the kernel connection are given to `start`.
//! V8 reseeds what must differ between processes when it deserialises: the hash seed
//! (with `--rehash-snapshot`, `shared.rs`; the snapshot is made rehashable,
//! `create.rs` checks it) and `Math.random`'s state (cleared in a snapshot, seeded on
//! first use from the isolate's generator, which reads `getrandom(2)`, `engine.rs`).

mod shared;

pub use shared::{HOOKS_DATA_INDEX, NODE_VERSION, V8_FLAGS};

use crate::ops;

/// `object[key]`.
fn get<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    object: v8::Local<'s, v8::Object>,
    key: &str,
) -> Option<v8::Local<'s, v8::Value>> {
    let key = v8::String::new(scope, key)?;
    object.get(scope, key.into())
}

/// The blob `build.rs` made.
static BLOB: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/snapshot.bin"));

/// Isolate parameters that start it from the snapshot, its op functions bound to
/// the ops by the external references.
pub fn create_params() -> v8::CreateParams {
    v8::CreateParams::default()
        .snapshot_blob(BLOB.into())
        .external_references(ops::external_references().into())
}

/// `sandbox-node --snapshot-info`: deserialises the snapshot into an isolate and a
/// context, as a start does, and describes what it found without running any
/// JavaScript: the blob, the ops it binds, the hooks `js/bootstrap.js` left,
/// `process.version` read from the bootstrapped globals, and the hash of a fixed
/// string (which shows the process's hash seed).
///
/// # Errors
/// What is missing from the snapshot.
pub fn describe() -> Result<String, String> {
    let references = ops::external_references().len();
    let mut isolate = v8::Isolate::new(create_params());
    v8::scope!(let scope, &mut isolate);
    let context = v8::Context::new(scope, Default::default());
    let scope = &mut v8::ContextScope::new(scope, context);
    let hooks = scope
        .get_context_data_from_snapshot_once::<v8::Object>(HOOKS_DATA_INDEX)
        .map_err(|e| format!("no bootstrap hooks in the snapshot: {e}"))?;
    let names =
        hooks.get_own_property_names(scope, Default::default()).ok_or("the hooks' names")?;
    let mut hook_names: Vec<String> = (0..names.length())
        .filter_map(|i| names.get_index(scope, i))
        .map(|n| n.to_rust_string_lossy(scope))
        .collect();
    hook_names.sort();
    let global = context.global(scope);
    let version = get(scope, global, "process")
        .and_then(|p| v8::Local::<v8::Object>::try_from(p).ok())
        .and_then(|p| get(scope, p, "version"))
        .map(|v| v.to_rust_string_lossy(scope))
        .ok_or("no process global in the snapshot")?;
    if version != NODE_VERSION {
        return Err(format!("process.version is {version}, not {NODE_VERSION}"));
    }
    // V8's hash of a string depends only on the isolate's hash seed: it differs
    // between two processes when each has its own (`--rehash-snapshot`).
    let probe = v8::String::new(scope, "sandbox-node").ok_or("a string")?;
    Ok(format!(
        "startup snapshot: {} bytes, V8 {}, {references} ops\n\
         context: bootstrapped, hooks {}, process.version {version}\n\
         string hash: {}\n",
        BLOB.len(),
        v8::V8::get_version(),
        hook_names.join(" "),
        probe.get_identity_hash(),
    ))
}
