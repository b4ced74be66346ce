//! A sandboxed process as the kernel sees it: identity, descriptors, working
//! directory, how its blocked calls wait, and how it ended.

use std::os::fd::{AsFd, OwnedFd};
use std::sync::{Arc, Mutex, MutexGuard};

use nix::poll::{PollFd, PollFlags, PollTimeout};
use syscall_proto::proc::StartInfo;
use syscall_proto::Errno;

use crate::fd::FdTable;
use crate::runtime::status;
use crate::vfs::path::VPath;
use crate::wait::{Waiter, Waker};

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
    exit_code: Mutex<Option<i32>>,
    /// Wakes this process's blocked call (`wait.rs`); made at the first one.
    waker: Mutex<Option<Arc<Waker>>>,
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
            exit_code: Mutex::new(None),
            waker: Mutex::new(None),
        }
    }

    pub fn fds(&self) -> MutexGuard<'_, FdTable> {
        lock(&self.fds)
    }

    pub fn cwd(&self) -> VPath {
        lock(&self.cwd).clone()
    }

    pub fn set_exit_code(&self, code: i32) {
        *lock(&self.exit_code) = Some(code);
    }

    pub fn exit_code(&self) -> Option<i32> {
        *lock(&self.exit_code)
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
        Ok(Waiter::new(waker, self.pidfd.as_fd()))
    }

    /// The default action of a fatal signal the kernel raises on the process itself
    /// (today `SIGPIPE`, from a write to a pipe with no reader): the process ends as if
    /// killed by `signo`, with status `128 + signo`. The runtime is killed, and waited
    /// for, before the call that raised the signal answers, so the program runs nothing
    /// after it.
    ///
    /// This is the hook the signal work replaces with dispositions (a handler, or
    /// `SIG_IGN` leaving just the errno) and delivery to the runtime.
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
        self.set_exit_code(code);
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

#[cfg(test)]
pub(crate) mod tests {
    use std::os::unix::process::ExitStatusExt;
    use std::process::{Child, Command};

    use syscall_proto::proc::{RuntimeLimits, StartInfo};

    use super::*;

    /// A process whose "runtime" is a `sleep` child, for tests of calls that wait on
    /// the process's pidfd. Kill the child to make the process die.
    pub(crate) fn sleeping_process(open_files: u32) -> (Process, Child) {
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
        (Process::new(1, child.id(), pidfd, start, FdTable::new(open_files)), child)
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
