//! The JavaScript heap limit (`[limits] memory_mb`): near the limit the program is
//! terminated and ends with Node's message and status, never with V8 aborting.
//!
//! V8 calls [`near_limit`] when a garbage collection cannot bring the heap under its
//! limit. The callback raises the limit by [`HEADROOM_BYTES`] (room for V8 to unwind
//! the JavaScript stack), records the fact and terminates JavaScript execution; the
//! event loop then ends the process with [`EXIT_HEAP_EXHAUSTED`] after reporting the
//! limit to the kernel (which audits it) and printing [`MESSAGE`] on the program's
//! stderr (`run.rs`). The limit is raised once only: an
//! allocation so large that the raised limit cannot hold it fails inside V8, whose
//! out-of-memory handler [`oom`] prints the same message, reports the same status to
//! the kernel and exits at once (V8 cannot go on after it).

use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, Ordering};

use syscall_proto::fd::FdRequest;
use syscall_proto::proc::{ProcRequest, RuntimeLimit};
use syscall_proto::Request;

use crate::kernel::SharedState;

/// What Node prints when the heap limit is reached (its last line before aborting).
pub const MESSAGE: &str =
    "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n";

/// Node's status for it: it aborts, 128 + SIGABRT.
pub const EXIT_HEAP_EXHAUSTED: i32 = 134;

/// How far the limit is raised each time V8 reaches it: enough for the unwinding
/// and for the error report, well inside the `RLIMIT_DATA` headroom the kernel adds
/// for the node runtime (`policies::confine::rlimit::data_headroom_mb`).
const HEADROOM_BYTES: usize = 32 << 20;

/// Set once the heap limit has been reached.
static EXHAUSTED: AtomicBool = AtomicBool::new(false);

/// The report that the program was stopped at `[limits] memory_mb`: the kernel writes
/// the operator's audit record (`limits.memory_mb`).
pub fn limit_reached() -> Request {
    Request::Proc(ProcRequest::LimitReached { limit: RuntimeLimit::Memory })
}

/// Whether the program reached the heap limit (and is being terminated for it).
pub fn exhausted() -> bool {
    EXHAUSTED.load(Ordering::SeqCst)
}

thread_local! {
    /// The kernel connection, for [`oom`] (which gets no isolate to find it through).
    static STATE: RefCell<Option<SharedState>> = const { RefCell::new(None) };
}

/// Installs the callbacks on `isolate` (called once, on the JavaScript thread, when
/// the policy sets a heap limit).
pub fn install(isolate: &mut v8::OwnedIsolate, state: &SharedState) {
    STATE.with(|s| *s.borrow_mut() = Some(state.clone()));
    // The handle lives as long as the process: the isolate is never torn down.
    let handle = Box::leak(Box::new(isolate.thread_safe_handle()));
    let data: *mut v8::IsolateHandle = handle;
    isolate.add_near_heap_limit_callback(near_limit, data.cast());
    isolate.set_oom_error_handler(oom);
}

/// V8's near-heap-limit callback: returns the new limit.
unsafe extern "C" fn near_limit(
    data: *mut std::ffi::c_void,
    current_heap_limit: usize,
    _initial_heap_limit: usize,
) -> usize {
    // SAFETY: `data` is the leaked `IsolateHandle` from `install`, never freed.
    let handle = unsafe { &*data.cast::<v8::IsolateHandle>() };
    if EXHAUSTED.swap(true, Ordering::SeqCst) {
        // Raised once already: V8 gives up, and `oom` ends the process.
        return current_heap_limit;
    }
    handle.terminate_execution();
    current_heap_limit.saturating_add(HEADROOM_BYTES)
}

/// V8's out-of-memory handler: V8 cannot go on, and would abort (SIGSYS under the
/// profile). Ends the process with Node's message and status instead, reported to the
/// kernel as every exit is.
unsafe extern "C" fn oom(_location: *const std::ffi::c_char, _details: &v8::OomDetails) {
    let reported = STATE.with(|s| {
        let guard = s.try_borrow().ok()?;
        let mut state = guard.as_ref()?.try_borrow_mut().ok()?;
        let data = MESSAGE.as_bytes().to_vec();
        // Best effort: the process ends whatever the kernel answers.
        let _ = state.call(limit_reached());
        let _ = state.call(Request::Fd(FdRequest::Write { fd: 2, data }));
        state.call(Request::Proc(ProcRequest::Exit { code: EXIT_HEAP_EXHAUSTED })).ok()
    });
    if reported.is_none() {
        // The runtime's own stderr: the kernel's log.
        let _ = std::io::Write::write_all(&mut std::io::stderr(), MESSAGE.as_bytes());
    }
    // SAFETY: `_exit` ends the process at once; nothing of V8's is touched after.
    unsafe { libc::_exit(EXIT_HEAP_EXHAUSTED) };
}
