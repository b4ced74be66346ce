//! What the build script that makes the startup snapshot (`snapshot/create.rs`) and
//! the runtime that deserialises it must agree on. Included by both (`build.rs` with
//! `#[path]`), so there is one copy.

/// V8's flags, set before V8 initialises, at build time and at run time alike: a
/// snapshot is only valid for the flags it was made with. `--single-threaded` is
/// required by the single-threaded platform (`engine.rs` says why there is no other).
pub const V8_FLAGS: &str = "--single-threaded";

/// The Node version whose API this runtime implements (`process.version`; the last
/// line of an uncaught-exception report).
pub const NODE_VERSION: &str = "v20.0.0";

/// Where the snapshot's context keeps the object `js/bootstrap.js` returned (its
/// `start` function and the event loop's hooks): the first context data added.
pub const HOOKS_DATA_INDEX: usize = 0;
