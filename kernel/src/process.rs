//! A sandboxed process as the kernel sees it: identity, descriptors, working
//! directory, and how it ended.

use std::os::fd::OwnedFd;
use std::sync::{Mutex, MutexGuard};

use syscall_proto::proc::StartInfo;

use crate::fd::FdTable;
use crate::vfs::path::VPath;

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
}
