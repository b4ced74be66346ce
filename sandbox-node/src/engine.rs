//! V8: the platform (once per process) and the one isolate of the process.
//!
//! # Threads
//!
//! The platform is V8's single-threaded default platform, with the `--single-threaded`
//! flag it requires: no worker pool, so garbage collection and compilation run on the
//! JavaScript thread and V8 starts no thread of its own. The process has two threads:
//! the main thread, which locks the process down while it is still the only thread
//! (so Landlock applies on hosts whose Landlock restricts only the calling thread, ABI
//! < 8) and then waits, and the JavaScript thread it starts after lock-down, which
//! inherits Landlock and seccomp (`run.rs` says why JavaScript does not run on the
//! main thread). The cost of one thread is throughput on big programs (no concurrent
//! marking, no background compilation); a multi-threaded platform started after
//! lock-down is the way to get it back, measured against this one.

use std::sync::Once;

/// Initialises V8 with the single-threaded platform. Trusted configuration: called
/// before lock-down, before any untrusted input exists.
pub fn init() {
    static INIT: Once = Once::new();
    INIT.call_once(|| {
        set_time_zone();
        // The snapshot was made with these flags (build.rs): it is valid only with them.
        v8::V8::set_flags_from_string(crate::snapshot::V8_FLAGS);
        // Without a source V8 seeds `Math.random` and its hash seeds from /dev/urandom,
        // which the confined process cannot open.
        v8::V8::set_entropy_source(entropy);
        v8::V8::initialize_platform(v8::new_single_threaded_default_platform(false).make_shared());
        v8::V8::initialize();
    });
}

/// The time zone of `Date` and `Intl`: UTC, loaded here, before lock-down. glibc reads
/// the zone file when `tzset` first runs (/usr/share/zoneinfo/UTC; without `TZ` it
/// would be the host's /etc/localtime) and caches it, and the confined process can
/// open no file; ICU takes the zone's name from `TZ` itself. Time zones from the
/// policy (`TZ`, with zone data served by the kernel) come later.
#[allow(
    clippy::disallowed_methods,
    reason = "the runtime's own TZ, set before V8 starts and before any thread exists; \
              the program's environment is StartInfo.env and is untouched"
)]
fn set_time_zone() {
    std::env::set_var("TZ", "UTC");
    // SAFETY: tzset reads TZ and fills glibc's time-zone state; no thread exists yet.
    unsafe { tzset() };
}

extern "C" {
    /// POSIX tzset(3) (not in the `libc` crate).
    fn tzset();
}

/// V8's entropy source.
fn entropy(buf: &mut [u8]) -> bool {
    fill_random(buf)
}

/// Random bytes from `getrandom(2)` (allowed by the seccomp profile; no file): V8's
/// seeds and `crypto.randomBytes`.
pub fn fill_random(buf: &mut [u8]) -> bool {
    let mut filled = 0;
    while filled < buf.len() {
        let rest = &mut buf[filled..];
        // SAFETY: the kernel writes at most `rest.len()` bytes into `rest`, which is a
        // live, exclusively borrowed buffer of that length.
        let n = unsafe { libc::getrandom(rest.as_mut_ptr().cast(), rest.len(), 0) };
        match n {
            n if n > 0 => filled += n as usize,
            _ if std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted => {}
            _ => return false,
        }
    }
    true
}

/// The isolate for the program, started from the startup snapshot (`snapshot/`);
/// `heap_bytes` caps the JavaScript heap (the policy's `[limits] memory_mb`), `None`
/// leaves V8's default.
pub fn isolate(heap_bytes: Option<u64>) -> v8::OwnedIsolate {
    let mut params = crate::snapshot::create_params();
    if let Some(max) = heap_bytes {
        params = params.heap_limits(0, usize::try_from(max).unwrap_or(usize::MAX));
    }
    let mut isolate = v8::Isolate::new(params);
    // Microtasks run where Node runs them: after each macrotask, from the event loop
    // and from `process.nextTick` processing (`op_run_microtasks`).
    isolate.set_microtasks_policy(v8::MicrotasksPolicy::Explicit);
    isolate
}
