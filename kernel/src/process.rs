//! A sandboxed process as the kernel sees it: identity, descriptors, working
//! directory, signal state, how its blocked calls wait, and how it ended. Its place
//! among the others (parent, children, group, session, zombie) is the table's
//! (`crate::proctable`).

use std::os::fd::{AsFd, OwnedFd};
use std::sync::{Arc, Mutex, MutexGuard};

use nix::poll::{PollFd, PollFlags, PollTimeout};
use syscall_proto::proc::StartInfo;
use syscall_proto::Errno;

use crate::fd::FdTable;
use crate::runtime::status;
use crate::signal::{Act, Signals};
use crate::vfs::path::VPath;
use crate::wait::{Interrupt, WaitQueue, Waiter, Waker};

/// How a process ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Termination {
    /// exit(2) with this code (or a runtime that exited on its own with it).
    Exited(i32),
    /// Killed by this signal (a default action, or the runtime died of it).
    Signaled(i32),
}

impl Termination {
    /// The waitpid(2) status.
    pub fn wait_status(self) -> i32 {
        use syscall_proto::proc::wait;
        match self {
            Termination::Exited(code) => wait::exited(code),
            Termination::Signaled(sig) => wait::signaled(sig),
        }
    }

    /// The status a shell (and the kernel, for init) reports: the code, or 128 + N.
    pub fn exit_code(self) -> i32 {
        match self {
            Termination::Exited(code) => code,
            Termination::Signaled(sig) => status::SIGNAL_BASE + sig,
        }
    }
}

#[derive(Debug)]
pub struct Process {
    /// Virtual pid, as the program sees it.
    pub pid: u32,
    /// The runtime's host pid (for CPU clocks and signals from the kernel).
    pub host_pid: u32,
    /// A pidfd of the runtime process: readable once it has exited. Blocking calls
    /// wait on it too, so a process that dies mid-call never strands the kernel.
    pub pidfd: OwnedFd,
    /// What `Hello` answers.
    pub start: StartInfo,
    fds: Mutex<FdTable>,
    cwd: Mutex<VPath>,
    end: Mutex<Option<Termination>>,
    /// Wakes this process's blocked call (`wait.rs`); made at the first one.
    waker: Mutex<Option<Arc<Waker>>>,
    signals: Mutex<Signals>,
    /// Woken when a child of this process changes state (waitpid(2) waits here).
    pub children_changed: WaitQueue,
    /// Limits the runtime reported reached (`ProcRequest::LimitReached`), one bit each,
    /// so each is audited once however often a runtime says so.
    pub limits_reported: std::sync::atomic::AtomicU8,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // State behind these locks is updated in single steps; a panicked holder leaves it
    // consistent, so keep serving the process.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Process {
    pub fn new(pid: u32, host_pid: u32, pidfd: OwnedFd, start: StartInfo, fds: FdTable) -> Process {
        let cwd = VPath::parse_trusted(&String::from_utf8_lossy(&start.cwd));
        Process {
            pid,
            host_pid,
            pidfd,
            start,
            fds: Mutex::new(fds),
            cwd: Mutex::new(cwd),
            end: Mutex::new(None),
            waker: Mutex::new(None),
            signals: Mutex::new(Signals::default()),
            children_changed: WaitQueue::default(),
            limits_reported: std::sync::atomic::AtomicU8::new(0),
        }
    }

    /// As [`Process::new`], in `cwd` (exactly: `start.cwd` is bytes for the runtime,
    /// and a name need not be UTF-8).
    pub fn with_cwd(self, cwd: VPath) -> Process {
        *lock(&self.cwd) = cwd;
        self
    }

    /// As [`Process::new`], starting with `signals` (inherited through spawn).
    pub fn with_signals(self, signals: Signals) -> Process {
        *lock(&self.signals) = signals;
        self
    }

    pub fn fds(&self) -> MutexGuard<'_, FdTable> {
        lock(&self.fds)
    }

    pub fn cwd(&self) -> VPath {
        lock(&self.cwd).clone()
    }

    /// chdir(2): the caller has checked that `cwd` is an existing directory.
    pub fn set_cwd(&self, cwd: VPath) {
        *lock(&self.cwd) = cwd;
    }

    pub fn set_exit_code(&self, code: i32) {
        *lock(&self.end) = Some(Termination::Exited(code));
    }

    /// How the process ended, as far as the kernel decided it (exit(2), or a signal's
    /// default action); `None` when the runtime's own end tells.
    pub fn termination(&self) -> Option<Termination> {
        *lock(&self.end)
    }

    /// [`Process::termination`] as a shell status (the code, or 128 + N).
    pub fn exit_code(&self) -> Option<i32> {
        self.termination().map(Termination::exit_code)
    }

    /// The process's signal state.
    pub fn signals(&self) -> MutexGuard<'_, Signals> {
        lock(&self.signals)
    }

    /// Wakes the process's blocked call, if any, to notice a signal.
    pub fn wake(&self) {
        if let Some(w) = &*lock(&self.waker) {
            w.wake();
        }
    }

    /// Handled signals to tell the runtime about now (the serving thread sends them
    /// before its next reply).
    pub fn take_deliverable(&self) -> Vec<i32> {
        self.signals().take_deliverable()
    }

    /// A signal the process raises on itself with its own call (`SIGPIPE` from a
    /// write to a pipe with no reader): its disposition decides; a stop is not
    /// possible for such signals and is ignored.
    pub fn raise(&self, signo: i32) {
        let act = self.signals().post(signo);
        match act {
            Act::Terminate => self.terminate_by_signal(signo),
            Act::Deliver | Act::Nothing | Act::Stop => {}
        }
    }

    /// How a call of this process waits: woken by the objects it waits on, and giving
    /// up (`EINTR`) as soon as the process is gone.
    ///
    /// # Errors
    /// When the host cannot create the waker's eventfd.
    pub fn waiter(&self) -> Result<Waiter<'_>, Errno> {
        let mut slot = lock(&self.waker);
        let waker = match &*slot {
            Some(w) => w.clone(),
            None => slot.insert(Waker::new()?).clone(),
        };
        Ok(Waiter::new(waker, self.pidfd.as_fd()).interruptible(self))
    }

    /// The default action of a fatal signal: the process ends as if killed by `signo`
    /// (its parent sees `WIFSIGNALED`; as init, the kernel exits with `128 + signo`).
    /// The runtime is killed, and waited for, before this returns, so when the signal
    /// is the process's own doing the program runs nothing after the call that raised
    /// it. A process that already ended (exit(2)) keeps its status.
    pub fn terminate_by_signal(&self, signo: i32) {
        let code = status::SIGNAL_BASE + signo;
        let name =
            nix::sys::signal::Signal::try_from(signo).map_or("an unknown signal", |s| s.as_str());
        tracing::warn!(
            pid = self.pid,
            signal = signo,
            code,
            "killed by {name} (its default action)"
        );
        {
            let mut end = lock(&self.end);
            if end.is_none() {
                *end = Some(Termination::Signaled(signo));
            }
        }
        // The runtime ignores SIGPIPE (Rust does), so its death is SIGKILL; the status
        // above is what the kernel reports.
        if policies::confine::kill_pidfd(self.pidfd.as_fd()).is_err() {
            return;
        }
        loop {
            let mut fds = [PollFd::new(self.pidfd.as_fd(), PollFlags::POLLIN)];
            match nix::poll::poll(&mut fds, PollTimeout::NONE) {
                Err(nix::errno::Errno::EINTR) => continue,
                _ => return,
            }
        }
    }
}

impl Interrupt for Process {
    fn interrupted(&self) -> bool {
        self.signals().interrupting()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::os::unix::process::ExitStatusExt;
    use std::process::{Child, Command};

    use syscall_proto::proc::{RuntimeLimits, StartInfo};

    use super::*;

    /// A process whose "runtime" is a `sleep` child, for tests of calls that wait on
    /// the process's pidfd. Kill the child to make the process die.
    pub(crate) fn sleeping_process(open_files: u32) -> (Process, Child) {
        sleeping_process_with_pid(1, open_files)
    }

    /// [`sleeping_process`] with virtual pid `pid`.
    pub(crate) fn sleeping_process_with_pid(pid: u32, open_files: u32) -> (Process, Child) {
        let child = Command::new("sleep").arg("60").spawn().expect("spawn sleep");
        let pidfd = syscall_proto::ring::pidfd_open(child.id() as i32).expect("pidfd_open");
        let start = StartInfo {
            pid: 1,
            program: b"/p".to_vec(),
            argv: Vec::new(),
            env: Vec::new(),
            cwd: b"/".to_vec(),
            preopens: Vec::new(),
            limits: RuntimeLimits::default(),
        };
        (Process::new(pid, child.id(), pidfd, start, FdTable::new(open_files)), child)
    }

    #[test]
    fn a_handled_signal_interrupts_a_blocked_call() {
        use crate::signal::Act;
        use syscall_proto::proc::Disposition;
        let (process, mut child) = sleeping_process(8);
        process.signals().set_disposition(libc::SIGUSR1, Disposition::Handle).unwrap();
        let (r, _w) = crate::pipe::pipe();
        std::thread::scope(|s| {
            s.spawn(|| {
                std::thread::sleep(std::time::Duration::from_millis(50));
                assert_eq!(process.signals().post(libc::SIGUSR1), Act::Deliver);
                process.wake();
            });
            let waiter = process.waiter().unwrap();
            assert_eq!(r.read(10, Some(&waiter)), Err(Errno::EINTR));
        });
        assert_eq!(process.take_deliverable(), vec![libc::SIGUSR1]);
        // Raised on itself with its default action, SIGPIPE ends the process.
        process.raise(libc::SIGPIPE);
        assert_eq!(process.termination(), Some(Termination::Signaled(libc::SIGPIPE)));
        child.wait().unwrap();
    }

    #[test]
    fn an_ignored_sigpipe_leaves_the_process_alone() {
        use syscall_proto::proc::Disposition;
        let (process, mut child) = sleeping_process(8);
        process.signals().set_disposition(libc::SIGPIPE, Disposition::Ignore).unwrap();
        process.raise(libc::SIGPIPE);
        assert_eq!(process.termination(), None);
        assert_eq!(child.try_wait().unwrap(), None, "still running");
        child.kill().unwrap();
        child.wait().unwrap();
    }

    #[test]
    fn sigpipe_kills_the_runtime_and_reports_141() {
        let (process, mut child) = sleeping_process(8);
        process.terminate_by_signal(libc::SIGPIPE);
        assert_eq!(process.exit_code(), Some(141));
        // Gone by the time the call returns: reaping it does not wait.
        let status = child.try_wait().expect("try_wait").expect("the runtime is gone");
        assert_eq!(status.signal(), Some(libc::SIGKILL));
    }
}
