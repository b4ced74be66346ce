//! Signals: numbers, default actions, and one process's dispositions, mask and pending
//! set. Sending a signal to a process of the table (and acting on it: terminating,
//! stopping or continuing the runtime) is `crate::proctable`'s; this module decides
//! what a signal *means* for one process.
//!
//! A runtime has no signals of its own that matter: the kernel keeps the program's
//! signal state here and, for a handled signal, tells the runtime with
//! `Event::Signal` (sent by the serving thread before its next reply), after a blocked
//! call has answered `EINTR`.

use syscall_proto::proc::{Disposition, SigHow, SigSet, MAX_SIGNAL};
use syscall_proto::Errno;

/// What a signal does when its disposition is `Default`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefaultAction {
    Terminate,
    Ignore,
    Stop,
    Continue,
}

/// Linux's default action of `signo` (signal(7)); core dumps are terminations here.
pub fn default_action(signo: i32) -> DefaultAction {
    match signo {
        libc::SIGCHLD | libc::SIGURG | libc::SIGWINCH => DefaultAction::Ignore,
        libc::SIGSTOP | libc::SIGTSTP | libc::SIGTTIN | libc::SIGTTOU => DefaultAction::Stop,
        libc::SIGCONT => DefaultAction::Continue,
        _ => DefaultAction::Terminate,
    }
}

/// Whether `signo` names a signal (1..=64).
pub fn valid(signo: i32) -> bool {
    (1..=MAX_SIGNAL).contains(&signo)
}

/// The bit of `signo` in a [`SigSet`].
pub fn bit(signo: i32) -> SigSet {
    1u64 << (signo - 1)
}

/// Signals no process can block, catch or ignore.
pub fn unblockable() -> SigSet {
    bit(libc::SIGKILL) | bit(libc::SIGSTOP)
}

/// What the caller must do after a signal was posted to a process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    /// Nothing now (discarded, or left pending while blocked).
    Nothing,
    /// It is pending and handled: interrupt a blocked call; the serving thread tells
    /// the runtime.
    Deliver,
    /// Its default action ends the process.
    Terminate,
    /// Its default action stops the process.
    Stop,
}

/// One process's signal state.
#[derive(Debug, Clone)]
pub struct Signals {
    /// Indexed by `signo - 1`.
    dispositions: [Disposition; MAX_SIGNAL as usize],
    mask: SigSet,
    pending: SigSet,
}

impl Default for Signals {
    fn default() -> Self {
        Signals { dispositions: [Disposition::Default; MAX_SIGNAL as usize], mask: 0, pending: 0 }
    }
}

impl Signals {
    /// The state a spawned program starts with (posix_spawn without `SETSIGDEF`/
    /// `SETSIGMASK`, after exec): handlers reset to default, ignored signals and the
    /// mask kept; nothing pending.
    pub fn for_exec(&self) -> Signals {
        let mut next = self.clone();
        for d in &mut next.dispositions {
            if *d == Disposition::Handle {
                *d = Disposition::Default;
            }
        }
        next.pending = 0;
        next
    }

    pub fn disposition(&self, signo: i32) -> Disposition {
        self.dispositions[(signo - 1) as usize]
    }

    /// sigaction(2): the previous disposition. Setting `Ignore` (or a default that
    /// ignores) discards the pending signal, as POSIX requires.
    ///
    /// # Errors
    /// `EINVAL` for a bad signal, or anything but `Default` for `SIGKILL`/`SIGSTOP`.
    pub fn set_disposition(&mut self, signo: i32, d: Disposition) -> Result<Disposition, Errno> {
        if !valid(signo) {
            return Err(Errno::EINVAL);
        }
        if bit(signo) & unblockable() != 0 && d != Disposition::Default {
            return Err(Errno::EINVAL);
        }
        let old = std::mem::replace(&mut self.dispositions[(signo - 1) as usize], d);
        if self.ignores(signo) {
            self.pending &= !bit(signo);
        }
        Ok(old)
    }

    /// Whether a signal arriving now would be discarded.
    pub fn ignores(&self, signo: i32) -> bool {
        match self.disposition(signo) {
            Disposition::Ignore => true,
            Disposition::Default => default_action(signo) == DefaultAction::Ignore,
            Disposition::Handle => false,
        }
    }

    pub fn mask(&self) -> SigSet {
        self.mask
    }

    pub fn pending(&self) -> SigSet {
        self.pending
    }

    /// sigprocmask(2): the previous mask. What it unblocks is acted on by the caller
    /// ([`Signals::take_unblocked`]).
    pub fn set_mask(&mut self, how: SigHow, set: SigSet) -> SigSet {
        let old = self.mask;
        self.mask = match how {
            SigHow::Block => old | set,
            SigHow::Unblock => old & !set,
            SigHow::SetMask => set,
        } & !unblockable();
        old
    }

    /// Posts `signo` (valid, not 0): what the caller must do now.
    pub fn post(&mut self, signo: i32) -> Act {
        let b = bit(signo);
        if signo == libc::SIGKILL {
            return Act::Terminate;
        }
        if signo == libc::SIGSTOP {
            return Act::Stop;
        }
        if self.ignores(signo) {
            return Act::Nothing;
        }
        self.pending |= b;
        if self.mask & b != 0 {
            return Act::Nothing;
        }
        self.act_on_pending(signo)
    }

    /// The action for pending, unblocked `signo`; consumes it unless it is handled
    /// (handled ones stay pending until [`Signals::take_deliverable`]).
    fn act_on_pending(&mut self, signo: i32) -> Act {
        match self.disposition(signo) {
            Disposition::Handle => Act::Deliver,
            Disposition::Ignore => {
                self.pending &= !bit(signo);
                Act::Nothing
            }
            Disposition::Default => {
                self.pending &= !bit(signo);
                match default_action(signo) {
                    DefaultAction::Terminate => Act::Terminate,
                    DefaultAction::Stop => Act::Stop,
                    DefaultAction::Ignore | DefaultAction::Continue => Act::Nothing,
                }
            }
        }
    }

    /// After the mask changed: the actions of pending signals it unblocked, lowest
    /// signal first.
    pub fn take_unblocked(&mut self) -> Vec<(i32, Act)> {
        let ready = self.pending & !self.mask;
        (1..=MAX_SIGNAL)
            .filter(|&s| ready & bit(s) != 0)
            .map(|s| (s, self.act_on_pending(s)))
            .filter(|(_, a)| *a != Act::Nothing)
            .collect()
    }

    /// Whether a handled signal is pending and unblocked: a blocked call gives up.
    pub fn interrupting(&self) -> bool {
        let ready = self.pending & !self.mask;
        ready != 0
            && (1..=MAX_SIGNAL)
                .any(|s| ready & bit(s) != 0 && self.disposition(s) == Disposition::Handle)
    }

    /// Takes the handled, unblocked pending signals for delivery to the runtime, lowest
    /// first (a standard signal is pending at most once, as on Linux).
    pub fn take_deliverable(&mut self) -> Vec<i32> {
        let ready = self.pending & !self.mask;
        let out: Vec<i32> = (1..=MAX_SIGNAL)
            .filter(|&s| ready & bit(s) != 0 && self.disposition(s) == Disposition::Handle)
            .collect();
        for s in &out {
            self.pending &= !bit(*s);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_terminate_ignore_stop_and_continue() {
        let mut s = Signals::default();
        assert_eq!(s.post(libc::SIGTERM), Act::Terminate);
        assert_eq!(s.post(libc::SIGCHLD), Act::Nothing);
        assert_eq!(s.post(libc::SIGTSTP), Act::Stop);
        assert_eq!(s.post(libc::SIGCONT), Act::Nothing);
        assert_eq!(s.pending(), 0);
    }

    #[test]
    fn kill_and_stop_cannot_be_caught_blocked_or_ignored() {
        let mut s = Signals::default();
        assert_eq!(s.set_disposition(libc::SIGKILL, Disposition::Ignore), Err(Errno::EINVAL));
        assert_eq!(s.set_disposition(libc::SIGSTOP, Disposition::Handle), Err(Errno::EINVAL));
        assert_eq!(s.set_disposition(0, Disposition::Default), Err(Errno::EINVAL));
        assert_eq!(s.set_disposition(65, Disposition::Default), Err(Errno::EINVAL));
        s.set_mask(SigHow::SetMask, u64::MAX);
        assert_eq!(s.mask() & unblockable(), 0);
        assert_eq!(s.post(libc::SIGKILL), Act::Terminate);
        assert_eq!(s.post(libc::SIGSTOP), Act::Stop);
    }

    #[test]
    fn blocked_signals_wait_pending_until_unblocked() {
        let mut s = Signals::default();
        s.set_disposition(libc::SIGUSR1, Disposition::Handle).unwrap();
        s.set_mask(SigHow::Block, bit(libc::SIGUSR1) | bit(libc::SIGTERM));
        assert_eq!(s.post(libc::SIGUSR1), Act::Nothing);
        assert_eq!(s.post(libc::SIGTERM), Act::Nothing);
        assert!(!s.interrupting());
        assert_eq!(s.pending(), bit(libc::SIGUSR1) | bit(libc::SIGTERM));
        s.set_mask(SigHow::Unblock, bit(libc::SIGUSR1) | bit(libc::SIGTERM));
        assert_eq!(
            s.take_unblocked(),
            vec![(libc::SIGUSR1, Act::Deliver), (libc::SIGTERM, Act::Terminate)]
        );
        assert!(s.interrupting());
        assert_eq!(s.take_deliverable(), vec![libc::SIGUSR1]);
        assert_eq!(s.pending(), 0);
    }

    #[test]
    fn ignoring_discards_and_exec_resets_handlers() {
        let mut s = Signals::default();
        s.set_disposition(libc::SIGUSR2, Disposition::Handle).unwrap();
        s.set_disposition(libc::SIGINT, Disposition::Ignore).unwrap();
        s.set_mask(SigHow::Block, bit(libc::SIGUSR2));
        s.post(libc::SIGUSR2);
        assert_eq!(s.post(libc::SIGINT), Act::Nothing);
        let next = s.for_exec();
        assert_eq!(next.disposition(libc::SIGUSR2), Disposition::Default);
        assert_eq!(next.disposition(libc::SIGINT), Disposition::Ignore);
        assert_eq!(next.mask(), bit(libc::SIGUSR2));
        assert_eq!(next.pending(), 0);
        assert_eq!(s.set_disposition(libc::SIGUSR2, Disposition::Ignore), Ok(Disposition::Handle));
        assert_eq!(s.pending(), 0, "ignoring discards the pending signal");
    }
}
