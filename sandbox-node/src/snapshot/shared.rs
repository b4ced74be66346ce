//! What the build script that makes the startup snapshot (`snapshot/create.rs`) and
//! the runtime that deserialises it must agree on. Included by both (`build.rs` with
//! `#[path]`), so there is one copy.

/// V8's flags, set before V8 initialises, at build time and at run time alike: a
/// snapshot is meant for the flags it was made with (V8 does not check it for a
/// startup snapshot).
/// - `--single-threaded`: required by the single-threaded platform (`engine.rs` says
///   why there is no other).
/// - `--rehash-snapshot`: give each process its own hash seed, drawn from V8's
///   generator (seeded by `getrandom(2)`, `engine.rs`), and rehash the snapshot's
///   tables with it. V8's default is off: every process would share the seed baked
///   into the snapshot, and with it which keys collide in its hash tables.
pub const V8_FLAGS: &str = "--single-threaded --rehash-snapshot";

/// The Node version whose API this runtime implements (`process.version`; the last
/// line of an uncaught-exception report).
pub const NODE_VERSION: &str = "v20.0.0";

/// Where the snapshot's context keeps the object `js/bootstrap.js` returned (its
/// `start` function and the event loop's hooks): the first context data added.
pub const HOOKS_DATA_INDEX: usize = 0;
