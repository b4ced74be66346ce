//! The instance's single blocking point. Every virtual process is a task; when
//! none can run, the instance blocks once, in the kernel, on the union of what
//! the tasks wait for (descriptors, the earliest timeout, real children), then
//! wakes them all to look again.

use crate::host;
use crate::system::sig::{SIGCHLD, SIGPIPE};
use crate::system::state::with;
use std::num::NonZero;
use std::time::Instant;
use yash_env::job::{ProcessResult, ProcessState};
use yash_env::signal::Number;
use yash_executor::Executor;

/// How long the blocking point waits at most while real children run and
/// descriptors are watched too: a child's end interrupts the wait (SIGCHLD), and
/// this bounds the window in which it arrives just before the wait begins.
const CHILD_POLL_MS: i32 = 10;

pub fn run(executor: Executor<'static>) -> ! {
    loop {
        executor.run_until_stalled();
        let main = with(|s| s.procs.get(&s.main_pid).map(|p| p.state));
        match main {
            Some(ProcessState::Halted(result)) => finish(result),
            None => finish(ProcessResult::Exited(yash_env::semantics::ExitStatus(0))),
            Some(ProcessState::Running) => block(),
        }
    }
}

fn finish(result: ProcessResult) -> ! {
    match result {
        ProcessResult::Exited(status) => std::process::exit(status.0),
        ProcessResult::Signaled { signal, .. } => {
            let raw = signal.as_raw();
            host::sigaction(raw as u32, host::SIG_DEFAULT).ok();
            host::kill(host::getpid(), raw as u32).ok();
            std::process::exit(128 + raw)
        }
        ProcessResult::Stopped(_) => std::process::exit(128),
    }
}

fn block() {
    // The wait below is for what the tasks registered now; `wake_all` drops it all
    // afterwards anyway, so the lists are taken rather than copied.
    let (reads, writes, deadline, wakers, children) = with(|s| {
        let i = &mut s.interests;
        (
            std::mem::take(&mut i.reads),
            std::mem::take(&mut i.writes),
            i.deadline,
            !i.wakers.is_empty(),
            !i.child_waiters.is_empty(),
        )
    });
    if reads.is_empty() && writes.is_empty() && deadline.is_none() {
        if children {
            // Only real children can make progress: wait for one of them.
            if let Ok(Some((pid, status))) = host::waitpid(-1, 0) {
                with(|s| s.reaped.insert(pid, status));
            }
        } else if wakers {
            // Waiting for a signal only.
            sleep_ms(1000);
        } else {
            eprintln!("sh: every process of this shell is blocked on nothing");
            std::process::exit(2);
        }
    } else {
        let mut timeout = deadline.map_or(-1, |d| {
            let left = d.saturating_duration_since(Instant::now());
            i32::try_from(left.as_micros().div_ceil(1000)).unwrap_or(i32::MAX)
        });
        if children && !(0..=CHILD_POLL_MS).contains(&timeout) {
            timeout = CHILD_POLL_MS;
        }
        let mut pfds: Vec<libc::pollfd> = reads
            .iter()
            .map(|&fd| libc::pollfd { fd, events: libc::POLLIN, revents: 0 })
            .chain(writes.iter().map(|&fd| libc::pollfd { fd, events: libc::POLLOUT, revents: 0 }))
            .collect();
        if pfds.is_empty() {
            sleep_ms(timeout.max(0));
        } else {
            // SAFETY: valid pollfd array.
            unsafe { libc::poll(pfds.as_mut_ptr(), pfds.len() as _, timeout) };
        }
    }
    take_host_signals();
    with(|s| s.wake_all());
}

fn sleep_ms(ms: i32) {
    let mut pfd = [];
    // SAFETY: poll with no descriptors is a sleep.
    unsafe { libc::poll(pfd.as_mut_ptr(), 0, ms) };
}

/// Signals the instance handled: SIGCHLD and SIGPIPE are the instance's own
/// business (child waits and write errors see them); the rest are the main
/// shell's (its traps).
fn take_host_signals() {
    while let Some(raw) = host::signal_next() {
        let Some(n) = NonZero::new(raw) else { continue };
        let signal = Number::from_raw_unchecked(n);
        if signal == SIGCHLD || signal == SIGPIPE {
            continue;
        }
        with(|s| {
            let main = s.main_pid;
            s.deliver(main, signal)
        });
    }
}
