//! `SandboxSystem`: yash's system interface over WASI preview 1 and the
//! `sandbox_process_v1` imports, without fork.
//!
//! A value is one *virtual process* of this wasm instance (its pid); the state
//! all of them share is in `state.rs`. The shell's subshells, `$(...)` and
//! pipeline elements are virtual processes (tasks on the executor in
//! `executor.rs`); a virtual process that executes a program spawns it as a real
//! sandbox process and waits for it (`proc.rs`). Descriptors are per virtual
//! process, each referring to a shared real descriptor (`io.rs`).

mod io;
mod proc;
pub mod sig;
pub mod state;

use crate::errno;
use state::{Proc, with};
use std::ffi::{CStr, CString};
use std::time::Instant;
use yash_env::job::Pid;
use yash_env::path::PathBuf;
use yash_env::str::UnixString;
use yash_env::system::resource::{INFINITY, LimitPair, Resource};
use yash_env::system::{
    Chdir, Clock, CpuTimes, Errno, GetCwd, GetPw, GetUid, Gid, Isatty, Mode, Result, ShellPath,
    Sysconf, TcGetPgrp, TcSetPgrp, Times, Uid, Umask,
};

/// Where the sandbox installs this shell.
pub const SHELL_PATH: &str = "/bin/sh";

#[derive(Clone, Debug)]
pub struct SandboxSystem {
    pub pid: Pid,
}

impl SandboxSystem {
    /// The first virtual process: the instance itself, with the real pid and
    /// stdio, in `/`.
    pub fn init() -> SandboxSystem {
        let pid = Pid(crate::host::getpid());
        let ppid = Pid(crate::host::getppid());
        let mut fds = std::collections::BTreeMap::new();
        for fd in 0..3 {
            let entry = state::FdEntry {
                real: std::rc::Rc::new(state::RealFd(fd)),
                cloexec: false,
                nonblock: false,
            };
            fds.insert(fd, entry);
        }
        let proc = Proc {
            ppid,
            pgid: pid,
            state: yash_env::job::ProcessState::Running,
            state_changed: false,
            fds,
            cwd: initial_cwd(),
            umask: Mode::from_bits_retain(0o022),
            dispositions: Default::default(),
            mask: Default::default(),
            caught: Vec::new(),
            real_child: None,
        };
        with(|s| {
            s.procs.insert(pid, proc);
            s.main_pid = pid;
            // Virtual pids above any real one the kernel hands out.
            s.next_pid = 1 << 22;
        });
        SandboxSystem { pid }
    }

    pub fn with_proc<T>(&self, f: impl FnOnce(&mut Proc) -> T) -> T {
        with(|s| f(s.procs.get_mut(&self.pid).expect("the current process exists")))
    }

    /// `path` made absolute against this process's working directory (wasi-libc
    /// has one working directory per instance; ours is per virtual process).
    pub fn absolute(&self, path: &CStr) -> CString {
        let bytes = path.to_bytes();
        if bytes.starts_with(b"/") {
            return path.to_owned();
        }
        let cwd = self.with_proc(|p| p.cwd.clone());
        let mut full = cwd.as_unix_str().as_bytes().to_vec();
        if !full.ends_with(b"/") {
            full.push(b'/');
        }
        full.extend_from_slice(bytes);
        CString::new(full).expect("no NUL in a path")
    }
}

/// The process's working directory, which sandbox-wasm passes as `PWD` (WASI has
/// none); `/` if that is not a directory.
fn initial_cwd() -> PathBuf {
    use std::os::wasi::ffi::OsStrExt;
    let Some(pwd) = std::env::var_os("PWD") else { return PathBuf::from("/") };
    let is_dir = CString::new(pwd.as_bytes())
        .ok()
        .and_then(|c| stat_path(&c, true).ok())
        .is_some_and(|st| st.st_mode & libc::S_IFMT == libc::S_IFDIR);
    if pwd.as_bytes().starts_with(b"/") && is_dir {
        PathBuf::from(UnixString::from_vec(normalize(pwd.as_bytes())))
    } else {
        PathBuf::from("/")
    }
}

pub fn stat_path(path: &CStr, follow: bool) -> Result<libc::stat> {
    // SAFETY: a zeroed `stat` is a valid value; the pointers are valid.
    unsafe {
        let mut st: libc::stat = std::mem::zeroed();
        let r = if follow {
            libc::stat(path.as_ptr(), &mut st)
        } else {
            libc::lstat(path.as_ptr(), &mut st)
        };
        if r < 0 { Err(errno::last()) } else { Ok(st) }
    }
}

impl Umask for SandboxSystem {
    fn umask(&self, new_mask: Mode) -> Mode {
        self.with_proc(|p| std::mem::replace(&mut p.umask, new_mask))
    }
}

impl GetCwd for SandboxSystem {
    fn getcwd(&self) -> Result<PathBuf> {
        Ok(self.with_proc(|p| p.cwd.clone()))
    }
}

impl Chdir for SandboxSystem {
    fn chdir(&self, path: &CStr) -> Result<()> {
        let abs = self.absolute(path);
        let st = stat_path(&abs, true)?;
        if st.st_mode & libc::S_IFMT != libc::S_IFDIR {
            return Err(Errno::ENOTDIR);
        }
        let normal = normalize(abs.to_bytes());
        self.with_proc(|p| p.cwd = PathBuf::from(UnixString::from_vec(normal)));
        Ok(())
    }
}

/// Removes `.`, `..` and repeated slashes (the kernel resolved the path
/// already, so this is the logical name of the same directory).
fn normalize(path: &[u8]) -> Vec<u8> {
    let mut parts: Vec<&[u8]> = Vec::new();
    for part in path.split(|&b| b == b'/') {
        match part {
            b"" | b"." => {}
            b".." => {
                parts.pop();
            }
            _ => parts.push(part),
        }
    }
    let mut out = Vec::new();
    for part in parts {
        out.push(b'/');
        out.extend_from_slice(part);
    }
    if out.is_empty() {
        out.push(b'/');
    }
    out
}

impl Clock for SandboxSystem {
    fn now(&self) -> Instant {
        Instant::now()
    }
}

impl Times for SandboxSystem {
    fn times(&self) -> Result<CpuTimes> {
        Ok(CpuTimes::default())
    }
}

impl Isatty for SandboxSystem {
    fn isatty(&self, fd: yash_env::io::Fd) -> bool {
        match self.real_fd(fd) {
            // SAFETY: plain call on a descriptor number.
            Ok(real) => unsafe { libc::isatty(real.0) == 1 },
            Err(_) => false,
        }
    }
}

impl TcGetPgrp for SandboxSystem {
    fn tcgetpgrp(&self, _fd: yash_env::io::Fd) -> Result<Pid> {
        Err(Errno::ENOTTY)
    }
}

impl TcSetPgrp for SandboxSystem {
    fn tcsetpgrp(
        &self,
        _fd: yash_env::io::Fd,
        _pgid: Pid,
    ) -> impl Future<Output = Result<()>> + use<> {
        std::future::ready(Err(Errno::ENOTTY))
    }
}

/// The sandbox has one user, root (as a container's).
impl GetUid for SandboxSystem {
    fn getuid(&self) -> Uid {
        Uid(0)
    }
    fn geteuid(&self) -> Uid {
        Uid(0)
    }
    fn getgid(&self) -> Gid {
        Gid(0)
    }
    fn getegid(&self) -> Gid {
        Gid(0)
    }
}

impl GetPw for SandboxSystem {
    fn getpwnam_dir(&self, name: &CStr) -> Result<Option<PathBuf>> {
        Ok((name.to_bytes() == b"root").then(|| PathBuf::from("/root")))
    }
}

impl Sysconf for SandboxSystem {
    fn confstr_path(&self) -> Result<UnixString> {
        Ok(UnixString::from("/bin:/usr/bin"))
    }
}

impl ShellPath for SandboxSystem {
    fn shell_path(&self) -> CString {
        CString::new(SHELL_PATH).unwrap()
    }
}

impl yash_env::system::resource::GetRlimit for SandboxSystem {
    fn getrlimit(&self, _resource: Resource) -> Result<LimitPair> {
        Ok(LimitPair { soft: INFINITY, hard: INFINITY })
    }
}

impl yash_env::system::resource::SetRlimit for SandboxSystem {
    fn setrlimit(&self, _resource: Resource, _limits: LimitPair) -> Result<()> {
        Err(Errno::EPERM)
    }
}
