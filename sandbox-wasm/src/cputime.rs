//! `limits.cpu_ms`: the program is stopped when the runtime process has used that much
//! CPU time — real CPU time (`CLOCK_PROCESS_CPUTIME_ID`: user + system, every thread),
//! not wall-clock time, so a program blocked on a pipe or sleeping is not charged.
//!
//! How: a POSIX timer on the process CPU clock, armed once for the whole budget,
//! delivers `SIGVTALRM`; its handler advances the engine's epoch (an atomic increment,
//! signal-safe by wasmtime's contract). Every store runs with an epoch deadline of one
//! tick, so the next epoch check in compiled code (function entries, loop back-edges)
//! traps with `Trap::Interrupt`, which `run.rs` ends with [`EXIT_CPU_LIMIT`].
//!
//! Both the timer and the handler are set up before lock-down: the seccomp profile
//! allows neither `timer_create` nor `timer_settime`. The budget is therefore passed on
//! the command line by the kernel (`--cpu-ms`), which is trusted, rather than read from
//! the handshake. The kernel's `RLIMIT_CPU` (the limit rounded up plus a second) stays
//! the backstop for a runtime that never returns to wasm.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;

use wasmtime::Engine;

/// The exit status of a program stopped at its CPU-time limit: 128 + `SIGXCPU`, what
/// a shell shows for a native process killed by `RLIMIT_CPU`.
pub const EXIT_CPU_LIMIT: i32 = 128 + libc::SIGXCPU;

/// The engine whose epoch the handler advances (set once, before the timer is armed).
static ENGINE: OnceLock<Engine> = OnceLock::new();
/// The budget is spent (the timer fired).
static EXPIRED: AtomicBool = AtomicBool::new(false);

extern "C" fn on_timer(_signal: libc::c_int) {
    // Atomic operations only: OnceLock::get is a load, increment_epoch an add.
    EXPIRED.store(true, Ordering::SeqCst);
    if let Some(engine) = ENGINE.get() {
        engine.increment_epoch();
    }
}

/// Whether the budget was spent before wasm could check its epoch: a store whose
/// deadline was set after the tick would never see it (the timer fires once, so that
/// it interrupts no later wait of the runtime's).
pub fn expired() -> bool {
    EXPIRED.load(Ordering::SeqCst)
}

/// Arms the timer: after `cpu_ms` of process CPU time the engine's epoch advances.
///
/// # Errors
/// The OS error of `sigaction`, `timer_create` or `timer_settime`.
pub fn arm(engine: &Engine, cpu_ms: u64) -> std::io::Result<()> {
    let _ = ENGINE.set(engine.clone());
    // SAFETY: sigaction with a handler that only does signal-safe work (above); the
    // struct is zeroed, then its mask emptied, as sigaction(2) expects.
    unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = on_timer as *const () as usize;
        // Restart interrupted calls: the signal may land while the runtime waits on
        // its ring.
        action.sa_flags = libc::SA_RESTART;
        libc::sigemptyset(&mut action.sa_mask);
        if libc::sigaction(libc::SIGVTALRM, &action, std::ptr::null_mut()) != 0 {
            return Err(std::io::Error::last_os_error());
        }
    }
    // SAFETY: timer_create writes the new timer's id into `timer`; the sigevent is
    // zeroed and then filled in for signal delivery.
    let timer = unsafe {
        let mut event: libc::sigevent = std::mem::zeroed();
        event.sigev_notify = libc::SIGEV_SIGNAL;
        event.sigev_signo = libc::SIGVTALRM;
        let mut timer: libc::timer_t = std::ptr::null_mut();
        if libc::timer_create(libc::CLOCK_PROCESS_CPUTIME_ID, &mut event, &mut timer) != 0 {
            return Err(std::io::Error::last_os_error());
        }
        timer
    };
    let budget = libc::timespec {
        tv_sec: (cpu_ms / 1000) as libc::time_t,
        tv_nsec: ((cpu_ms % 1000) * 1_000_000) as libc::c_long,
    };
    // A zero budget would disarm the timer: stop at the first check instead.
    let budget = if cpu_ms == 0 { libc::timespec { tv_sec: 0, tv_nsec: 1 } } else { budget };
    let spec = libc::itimerspec {
        it_interval: libc::timespec { tv_sec: 0, tv_nsec: 0 },
        it_value: budget,
    };
    // SAFETY: `timer` was just created by timer_create; `spec` is a valid itimerspec.
    if unsafe { libc::timer_settime(timer, 0, &spec, std::ptr::null_mut()) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_status_is_128_plus_sigxcpu() {
        assert_eq!(super::EXIT_CPU_LIMIT, 152);
    }
}
