//! Signals: Linux numbers (what the kernel and `sandbox_process_v1` use),
//! signal sets, default actions, and descriptor sets for `select`.

use std::collections::BTreeSet;
use std::num::NonZero;
use yash_env::io::Fd;
use yash_env::signal::Number;
use yash_env::system::{Errno, Result};

const fn n(raw: i32) -> Number {
    Number::from_raw_unchecked(NonZero::new(raw).unwrap())
}

pub const SIGHUP: Number = n(1);
pub const SIGINT: Number = n(2);
pub const SIGQUIT: Number = n(3);
pub const SIGILL: Number = n(4);
pub const SIGTRAP: Number = n(5);
pub const SIGABRT: Number = n(6);
pub const SIGBUS: Number = n(7);
pub const SIGFPE: Number = n(8);
pub const SIGKILL: Number = n(9);
pub const SIGUSR1: Number = n(10);
pub const SIGSEGV: Number = n(11);
pub const SIGUSR2: Number = n(12);
pub const SIGPIPE: Number = n(13);
pub const SIGALRM: Number = n(14);
pub const SIGTERM: Number = n(15);
pub const SIGSTKFLT: Number = n(16);
pub const SIGCHLD: Number = n(17);
pub const SIGCONT: Number = n(18);
pub const SIGSTOP: Number = n(19);
pub const SIGTSTP: Number = n(20);
pub const SIGTTIN: Number = n(21);
pub const SIGTTOU: Number = n(22);
pub const SIGURG: Number = n(23);
pub const SIGXCPU: Number = n(24);
pub const SIGXFSZ: Number = n(25);
pub const SIGVTALRM: Number = n(26);
pub const SIGPROF: Number = n(27);
pub const SIGWINCH: Number = n(28);
pub const SIGIO: Number = n(29);
pub const SIGPWR: Number = n(30);
pub const SIGSYS: Number = n(31);
pub const SIGRTMIN: Number = n(34);
pub const SIGRTMAX: Number = n(64);

pub enum Action {
    Terminate,
    Ignore,
    Stop,
    Continue,
}

/// Linux's default action (signal(7)).
pub fn default_action(signal: Number) -> Action {
    match signal.as_raw() {
        17 | 23 | 28 => Action::Ignore,
        18 => Action::Continue,
        19..=22 => Action::Stop,
        _ => Action::Terminate,
    }
}

/// A signal set; bit `n - 1` is signal `n`.
#[derive(Clone, Copy, Debug, Default, Eq, PartialEq)]
pub struct Sigset(pub u64);

fn bit(signal: Number) -> Result<u64> {
    match signal.as_raw() {
        raw @ 1..=64 => Ok(1 << (raw - 1)),
        _ => Err(Errno::EINVAL),
    }
}

impl yash_env::system::Sigset for Sigset {
    fn full() -> Self {
        Sigset(u64::MAX)
    }
    fn insert(&mut self, signal: Number) -> Result<()> {
        self.0 |= bit(signal)?;
        Ok(())
    }
    fn remove(&mut self, signal: Number) -> Result<()> {
        self.0 &= !bit(signal)?;
        Ok(())
    }
    fn contains(&self, signal: Number) -> Result<bool> {
        Ok(self.0 & bit(signal)? != 0)
    }
}

#[derive(Clone, Debug, Default)]
pub struct FdSet(pub BTreeSet<Fd>);

impl yash_env::system::FdSet for FdSet {
    const MAX_FD: Fd = Fd(1023);
    fn insert(&mut self, fd: Fd) {
        self.0.insert(fd);
    }
    fn remove(&mut self, fd: Fd) {
        self.0.remove(&fd);
    }
    fn contains(&self, fd: Fd) -> bool {
        self.0.contains(&fd)
    }
}
