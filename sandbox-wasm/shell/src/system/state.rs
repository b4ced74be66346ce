//! The instance-wide state every virtual process shares: the process table,
//! the real descriptors behind the virtual ones, and what the blocked tasks
//! wait for (the single blocking point in `executor.rs` reads it).

use super::sig::{self, Sigset};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;
use std::task::Waker;
use std::time::Instant;
use yash_env::job::{Pid, ProcessResult, ProcessState};
use yash_env::path::PathBuf;
use yash_env::signal::Number;
use yash_env::system::{Disposition, Mode};

/// A real (host) descriptor; closed when the last virtual descriptor referring
/// to it goes, so a pipe's reader sees end of file exactly when Linux would.
#[derive(Debug)]
pub struct RealFd(pub i32);

impl Drop for RealFd {
    fn drop(&mut self) {
        // The instance's own stdio stays open: a spawned child gets copies of it,
        // and the shell's last words (errors at exit) still need it.
        if self.0 > 2 {
            // SAFETY: `self.0` is a descriptor this value owns.
            unsafe { libc::close(self.0) };
        }
    }
}

#[derive(Clone, Debug)]
pub struct FdEntry {
    pub real: Rc<RealFd>,
    pub cloexec: bool,
    /// Emulated `O_NONBLOCK`: the real descriptor stays blocking (children
    /// share it), and an operation first asks the kernel whether it would block.
    pub nonblock: bool,
}

#[derive(Clone, Debug)]
pub struct Proc {
    pub ppid: Pid,
    pub pgid: Pid,
    pub state: ProcessState,
    pub state_changed: bool,
    pub fds: BTreeMap<i32, FdEntry>,
    pub cwd: PathBuf,
    pub umask: Mode,
    pub dispositions: HashMap<Number, Disposition>,
    pub mask: Sigset,
    pub caught: Vec<Number>,
    /// The real program this process became (`execve`): signals to it go there.
    pub real_child: Option<i32>,
}

impl Proc {
    pub fn disposition(&self, signal: Number) -> Disposition {
        self.dispositions.get(&signal).copied().unwrap_or_default()
    }

    pub fn fork(&self, ppid: Pid) -> Proc {
        Proc {
            ppid,
            state: ProcessState::Running,
            state_changed: false,
            caught: Vec::new(),
            real_child: None,
            ..self.clone()
        }
    }

    /// Ends the process: its descriptors close (so pipe peers see EOF/EPIPE).
    pub fn halt(&mut self, result: ProcessResult) {
        self.state = ProcessState::Halted(result);
        self.state_changed = true;
        self.fds.clear();
    }

    pub fn is_alive(&self) -> bool {
        self.state.is_alive()
    }
}

/// What the instance's blocked tasks wait for.
#[derive(Default)]
pub struct Interests {
    pub reads: Vec<i32>,
    pub writes: Vec<i32>,
    pub deadline: Option<Instant>,
    pub wakers: Vec<Waker>,
    /// Tasks waiting for a real child (`execve`'s proxy).
    pub child_waiters: Vec<Waker>,
}

pub struct Shared {
    pub procs: BTreeMap<Pid, Proc>,
    pub next_pid: i32,
    pub main_pid: Pid,
    pub spawner: Option<yash_executor::Spawner<'static>>,
    pub interests: Interests,
    /// Real children reaped by a blocking `waitpid(-1)`, by pid: their status.
    pub reaped: HashMap<i32, i32>,
}

thread_local! {
    pub static SHARED: RefCell<Shared> = RefCell::new(Shared {
        procs: BTreeMap::new(),
        next_pid: 0,
        main_pid: Pid(0),
        spawner: None,
        interests: Interests::default(),
        reaped: HashMap::new(),
    });
}

pub fn with<T>(f: impl FnOnce(&mut Shared) -> T) -> T {
    SHARED.with(|s| f(&mut s.borrow_mut()))
}

impl Shared {
    /// Wakes every blocked task: something changed that any may be waiting for
    /// (a virtual process ended or was signalled, or the blocking point returned).
    pub fn wake_all(&mut self) {
        let i = std::mem::take(&mut self.interests);
        for w in i.wakers.into_iter().chain(i.child_waiters) {
            w.wake();
        }
    }

    /// Ends virtual process `pid` with `result`, unless it has ended already, and
    /// tells its parent (`SIGCHLD`).
    pub fn end(&mut self, pid: Pid, result: ProcessResult) {
        let Some(p) = self.procs.get_mut(&pid) else { return };
        if p.is_alive() {
            p.halt(result);
            let ppid = p.ppid;
            self.deliver(ppid, sig::SIGCHLD);
        }
    }

    /// Delivers `signal` to virtual process `pid` as Linux would: caught, ignored,
    /// or its default action. Returns whether the process ended.
    pub fn deliver(&mut self, pid: Pid, signal: Number) -> bool {
        let Some(p) = self.procs.get_mut(&pid) else { return false };
        if !p.is_alive() {
            return false;
        }
        let mut ended = false;
        match p.disposition(signal) {
            Disposition::Catch => p.caught.push(signal),
            Disposition::Ignore => {}
            Disposition::Default => match sig::default_action(signal) {
                sig::Action::Terminate => {
                    p.halt(ProcessResult::Signaled { signal, core_dump: false });
                    ended = true;
                }
                sig::Action::Ignore | sig::Action::Stop | sig::Action::Continue => {}
            },
        }
        if ended {
            let ppid = p.ppid;
            self.deliver(ppid, sig::SIGCHLD);
        }
        self.wake_all();
        ended
    }
}
