//! The CPU time limit (`[limits] cpu_ms`), measured as the JavaScript thread's own CPU
//! time (not wall-clock time: a program waiting on a timer or the kernel uses none).
//!
//! The main thread, idle once the JavaScript thread runs, is the watchdog: it reads
//! that thread's CPU clock (`pthread_getcpuclockid`, `clock_gettime`) every
//! [`INTERVAL`] and, past the limit, records the fact and terminates JavaScript
//! execution through the isolate's thread-safe handle. The JavaScript thread then
//! reports `Proc(LimitReached { Cpu })` (the kernel audits it), prints [`MESSAGE`] and
//! exits with [`EXIT_CPU_EXHAUSTED`] (`run.rs`). `RLIMIT_CPU` stays the OS backstop.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use syscall_proto::proc::{ProcRequest, RuntimeLimit};
use syscall_proto::Request;

/// How often the watchdog looks at the clock: the limit is enforced within this much.
const INTERVAL: Duration = Duration::from_millis(10);

/// The program's stderr when the limit ends it.
pub const MESSAGE: &str = "FATAL ERROR: CPU time limit reached ([limits] cpu_ms)\n";

/// 128 + SIGKILL: the status the OS backstop (`RLIMIT_CPU`'s hard limit) gives, so a
/// program ended for its CPU time has one status whichever layer ended it; the audit
/// record and the message say why.
pub const EXIT_CPU_EXHAUSTED: i32 = 128 + 9;

static EXHAUSTED: AtomicBool = AtomicBool::new(false);

/// Whether the program was stopped for its CPU time.
pub fn exhausted() -> bool {
    EXHAUSTED.load(Ordering::SeqCst)
}

/// The report to the kernel (which writes the `limits.cpu_ms` audit record).
pub fn limit_reached() -> Request {
    Request::Proc(ProcRequest::LimitReached { limit: RuntimeLimit::Cpu })
}

/// Watches the thread `thread` until its CPU time passes `limit_ms`, then terminates
/// the isolate behind `handle`. Returns when it has done so, or at once when the
/// thread's clock cannot be read (the OS backstop still applies).
pub fn watch(thread: libc::pthread_t, handle: &v8::IsolateHandle, limit_ms: u64) {
    let mut clock: libc::clockid_t = 0;
    // SAFETY: `thread` is a live thread of this process (the JavaScript thread, which
    // only ends by ending the process) and `clock` is a valid out-pointer.
    if unsafe { libc::pthread_getcpuclockid(thread, &mut clock) } != 0 {
        return;
    }
    let limit = Duration::from_millis(limit_ms);
    loop {
        std::thread::sleep(INTERVAL);
        let mut now = libc::timespec { tv_sec: 0, tv_nsec: 0 };
        // SAFETY: `clock` is the CPU clock id the kernel gave above; `now` is a valid
        // out-pointer.
        if unsafe { libc::clock_gettime(clock, &mut now) } != 0 {
            return;
        }
        let used =
            Duration::new(now.tv_sec.max(0) as u64, now.tv_nsec.clamp(0, 999_999_999) as u32);
        if used >= limit {
            EXHAUSTED.store(true, Ordering::SeqCst);
            handle.terminate_execution();
            return;
        }
    }
}
