//! `[limits]` the kernel enforces itself, and the audit records of limits reached.
//!
//! | key | where | what the program sees |
//! | --- | --- | --- |
//! | `open_files` | `fd/table.rs` | `EMFILE` (audited by `syscalls/path.rs`) |
//! | `fs_bytes`, `fs_inodes` | `vfs/memfs.rs` | `ENOSPC` (audited here and in `syscalls/path.rs`) |
//! | `output_bytes` | [`write`] | `EFBIG` for the write that would pass it, whole: nothing of it is written |
//! | `argv_bytes`, `env_bytes` | [`check_start`] | the program does not start: kernel exit status 126, the message names the limit; a spawn is `E2BIG` |
//! | `processes` | `proctable.rs`, `spawn.rs` | `EAGAIN` |
//! | `memory_mb`, `cpu_ms` | the runtimes | allocation failure; `SIGKILL` at the CPU limit's backstop, audited by `runtime/launch.rs` |
//! | `wall_ms` | `runtime/launch.rs` | every process is killed; the kernel exits with 124 |
//!
//! Every one of them reached is audited with the limit's key as the rule
//! (`limits.output_bytes`); repeated `EFBIG`s of one process are audited once.
//!
//! `output_bytes` is one account for the whole sandbox: every process's writes to the
//! kernel's stdout and stderr (its own, or inherited through spawn) spend it, so
//! spawning cannot multiply it.

use std::collections::HashSet;
use std::sync::Mutex;

use policies::Limits;
use syscall_proto::proc::RuntimeLimit;
use syscall_proto::Errno;

use crate::fd::OpenFile;
use crate::process::Process;
use crate::sandbox::Sandbox;
use crate::vfs::Object;

/// Bytes the sandbox's processes have written to the kernel's stdout and stderr.
#[derive(Debug, Default)]
pub struct OutputAccounts {
    inner: Mutex<Accounts>,
}

#[derive(Debug, Default)]
struct Accounts {
    /// All processes together: what the limit bounds.
    total: u64,
    /// Processes whose reaching the limit has been audited (once each).
    audited: HashSet<u32>,
}

impl OutputAccounts {
    fn lock(&self) -> std::sync::MutexGuard<'_, Accounts> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Reserves `len` bytes for `pid` under `limit` (for the whole sandbox);
    /// `Err(first)` when it would pass the limit, `first` telling whether this is the
    /// first time for the process.
    fn reserve(&self, pid: u32, len: u64, limit: u64) -> Result<(), bool> {
        let mut a = self.lock();
        match a.total.checked_add(len) {
            Some(total) if total <= limit => {
                a.total = total;
                Ok(())
            }
            _ => Err(a.audited.insert(pid)),
        }
    }

    fn refund(&self, len: u64) {
        let mut a = self.lock();
        a.total = a.total.saturating_sub(len);
    }

    /// Bytes every process has written to stdout and stderr.
    pub fn total(&self) -> u64 {
        self.lock().total
    }
}

/// A write of `len` bytes to `file` by `process`, performed by `write`, under the
/// limits: `output_bytes` for the kernel's stdout and stderr (`EFBIG`, nothing
/// written, for a write that would pass it), and the audit of `fs_bytes` (`ENOSPC`
/// from the in-memory file system).
///
/// # Errors
/// `EFBIG` past `output_bytes`; otherwise whatever `write` returns.
pub fn write(
    sandbox: &Sandbox,
    process: &Process,
    file: &OpenFile,
    len: usize,
    write: impl FnOnce() -> Result<u64, Errno>,
) -> Result<u64, Errno> {
    let len = len as u64;
    let stream = match file.object {
        Object::Stdio(1) => Some("stdout"),
        Object::Stdio(2) => Some("stderr"),
        _ => None,
    };
    let limit = sandbox.policy.limits.output_bytes;
    if let (Some(stream), Some(limit)) = (stream, limit) {
        if let Err(first) = sandbox.output.reserve(process.pid, len, limit) {
            if first {
                sandbox.audit.denied(process.pid, "write", stream, OUTPUT_BYTES, Errno::EFBIG);
            }
            return Err(Errno::EFBIG);
        }
    }
    let result = write();
    if let (Some(_), Some(_), Err(_)) = (stream, limit, &result) {
        sandbox.output.refund(len);
    }
    if result == Err(Errno::ENOSPC) && matches!(file.object, Object::MemFile(_)) {
        let object = file.path.to_string();
        // On a tmpfs mount, its own size ran out.
        let rule = sandbox
            .perm
            .mount_index(&file.path)
            .map_or_else(|| FS_BYTES.to_owned(), |i| format!("mount[{i}].size_mb"));
        sandbox.audit.denied(process.pid, "write", &object, &rule, Errno::ENOSPC);
    }
    result
}

/// The rule names of the limits, as audit records and messages give them.
pub const OUTPUT_BYTES: &str = "limits.output_bytes";
pub const FS_BYTES: &str = "limits.fs_bytes";
pub const FS_INODES: &str = "limits.fs_inodes";
pub const OPEN_FILES: &str = "limits.open_files";
pub const ARGV_BYTES: &str = "limits.argv_bytes";
pub const ENV_BYTES: &str = "limits.env_bytes";
pub const PROCESSES: &str = "limits.processes";
pub const WALL_MS: &str = "limits.wall_ms";
pub const CPU_MS: &str = "limits.cpu_ms";
pub const MEMORY_MB: &str = "limits.memory_mb";

/// Bytes of an argument vector as `execve` counts them: each string and its NUL.
pub fn argv_bytes(argv: &[Vec<u8>]) -> u64 {
    argv.iter().map(|a| a.len() as u64 + 1).sum()
}

/// Bytes of an environment as `execve` counts them: `NAME=value` and a NUL each.
pub fn env_bytes(env: &[(Vec<u8>, Vec<u8>)]) -> u64 {
    env.iter().map(|(k, v)| k.len() as u64 + v.len() as u64 + 2).sum()
}

/// A program's arguments or environment are over their limit (`E2BIG`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StartLimitError {
    /// The arguments are larger than `limits.argv_bytes`.
    #[error(
        "the arguments take {used} bytes, more than limits.argv_bytes = {limit} \
         (E2BIG: argument list too long)"
    )]
    Argv { used: u64, limit: u64 },
    /// The environment is larger than `limits.env_bytes`.
    #[error(
        "the environment takes {used} bytes, more than limits.env_bytes = {limit} \
         (E2BIG: argument list too long)"
    )]
    Env { used: u64, limit: u64 },
}

impl StartLimitError {
    /// The key of the limit, as the audit record names it.
    pub fn rule(&self) -> &'static str {
        match self {
            StartLimitError::Argv { .. } => ARGV_BYTES,
            StartLimitError::Env { .. } => ENV_BYTES,
        }
    }
}

/// Checks a program's arguments and environment against `limits` before it starts.
///
/// # Errors
/// [`StartLimitError`] naming the limit passed (arguments first).
pub fn check_start(
    limits: &Limits,
    argv: &[Vec<u8>],
    env: &[(Vec<u8>, Vec<u8>)],
) -> Result<(), StartLimitError> {
    let used = argv_bytes(argv);
    if used > limits.argv_bytes {
        return Err(StartLimitError::Argv { used, limit: limits.argv_bytes });
    }
    let used = env_bytes(env);
    if used > limits.env_bytes {
        return Err(StartLimitError::Env { used, limit: limits.env_bytes });
    }
    Ok(())
}

/// A limit a runtime enforces was reached: reported by the runtime itself
/// (`ProcRequest::LimitReached`), or seen by the kernel when the OS ended the runtime
/// at the backstop (`runtime/launch.rs`). Audited once per process and limit: the
/// runtime is untrusted, so nothing but the record depends on it, and a runtime
/// repeating itself cannot flood the audit log.
pub fn runtime_limit_reached(sandbox: &Sandbox, process: &Process, limit: RuntimeLimit) {
    let (bit, rule, call, errno) = match limit {
        RuntimeLimit::Memory => (1u8, MEMORY_MB, "memory", Errno::ENOMEM),
        RuntimeLimit::Cpu => (2u8, CPU_MS, "cpu", Errno::ETIME),
    };
    let before = process.limits_reported.fetch_or(bit, std::sync::atomic::Ordering::Relaxed);
    if before & bit == 0 {
        let program = String::from_utf8_lossy(&process.start.program).into_owned();
        sandbox.audit.denied(process.pid, call, &program, rule, errno);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_count_as_execve_does() {
        assert_eq!(argv_bytes(&[b"/app/x.wasm".to_vec(), b"".to_vec()]), 12 + 1);
        assert_eq!(env_bytes(&[(b"A".to_vec(), b"xy".to_vec())]), 5);
    }

    #[test]
    fn start_limits_name_the_key() {
        let limits = Limits { argv_bytes: 4, env_bytes: 4, ..Limits::default() };
        let argv = vec![b"abc".to_vec()];
        assert_eq!(check_start(&limits, &argv, &[]), Ok(()));
        let long = vec![b"abcd".to_vec()];
        let e = check_start(&limits, &long, &[]).unwrap_err();
        assert_eq!(e, StartLimitError::Argv { used: 5, limit: 4 });
        assert_eq!(e.rule(), "limits.argv_bytes");
        assert!(e.to_string().contains("limits.argv_bytes = 4"), "{e}");
        let e = check_start(&limits, &argv, &[(b"AB".to_vec(), b"C".to_vec())]).unwrap_err();
        assert_eq!(e.rule(), "limits.env_bytes");
    }

    #[test]
    fn output_accounts_reserve_and_refund() {
        let acc = OutputAccounts::default();
        assert_eq!(acc.reserve(1, 6, 10), Ok(()));
        assert_eq!(acc.reserve(1, 5, 10), Err(true));
        assert_eq!(acc.reserve(1, 5, 10), Err(false), "audited once");
        assert_eq!(acc.reserve(2, 5, 10), Err(true), "one account for the sandbox");
        assert_eq!(acc.reserve(2, 4, 10), Ok(()));
        acc.refund(4);
        assert_eq!(acc.total(), 6);
        assert_eq!(acc.reserve(1, u64::MAX, u64::MAX), Err(false));
    }
}
