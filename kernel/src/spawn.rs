//! posix_spawn(3): a new process from a request of its parent.
//!
//! In the order a fork and exec would meet them: a pid under `[limits] processes`
//! (`EAGAIN`), the process group or session, the working directory (as
//! `posix_spawn_file_actions_addchdir`, first, so file actions and a relative program
//! path start there), the descriptor table (the parent's, then the file actions in
//! order, then `FD_CLOEXEC` descriptors closed), the program (resolution, read
//! permission, `[process] spawn`), and its arguments and environment (`E2BIG`). Only then does a runtime start. Every refusal
//! by the policy or a limit is audited with the key that decided it.

use std::sync::Arc;

use syscall_proto::fd::FileType;
use syscall_proto::path::oflags;
use syscall_proto::proc::{FdAction, SpawnRequest};
use syscall_proto::Errno;

use crate::fd::{FdTable, OpenFile};
use crate::limits;
use crate::perm::{self, Caller};
use crate::process::Process;
use crate::runtime::{self, program, Start};
use crate::sandbox::Sandbox;
use crate::vfs::path::VPath;
use crate::vfs::Opened;

/// The audit record's `call` for everything refused here.
const CALL: &str = "posix_spawn";

/// The rule audit records name for a command `[process] spawn` does not list.
pub const SPAWN_RULE: &str = "process.spawn";

/// Starts the child `request` describes; its pid once its runtime runs.
///
/// # Errors
/// The errno posix_spawn(3) returns (see `ProcRequest::Spawn`).
pub fn spawn(
    sandbox: &Arc<Sandbox>,
    parent: &Process,
    request: SpawnRequest,
) -> Result<u32, Errno> {
    let SpawnRequest { program: name, argv, env, cwd, fd_actions, pgroup, setsid } = request;
    let pid = match sandbox.procs.reserve(sandbox.policy.limits.processes) {
        Ok(pid) => pid,
        Err(e) => {
            let shown = String::from_utf8_lossy(&name);
            sandbox.audit.denied(parent.pid, CALL, &shown, limits::PROCESSES, e);
            return Err(e);
        }
    };
    let reserved = Reserved { sandbox, pid };
    let at = sandbox.procs.placement(parent.pid, pid, pgroup, setsid)?;

    let mut fds = parent.fds().fork();
    let cwd = match cwd {
        None => parent.cwd(),
        Some(raw) => directory(sandbox, &parent.cwd(), &raw)?,
    };
    for action in fd_actions {
        apply(sandbox, parent, &cwd, &mut fds, action)?;
    }
    fds.close_on_exec();

    let program = program::resolve(sandbox, parent.pid, &cwd, &name).map_err(|e| e.errno())?;
    if !sandbox.policy.process.spawn.allows(&program.name) {
        sandbox.audit.denied(parent.pid, CALL, &program.name, SPAWN_RULE, Errno::EACCES);
        return Err(Errno::EACCES);
    }
    // What a C program could not even pass to posix_spawn: a NUL inside an argument,
    // a name or a value, or an `=` in a name.
    let nul = |b: &Vec<u8>| b.contains(&0);
    if argv.iter().any(nul)
        || env.iter().any(|(k, v)| nul(k) || nul(v) || k.contains(&b'=') || k.is_empty())
    {
        return Err(Errno::EINVAL);
    }
    if let Err(e) = limits::check_start(&sandbox.policy.limits, &argv, &env) {
        sandbox.audit.denied(parent.pid, CALL, &program.name, e.rule(), Errno::E2BIG);
        return Err(Errno::E2BIG);
    }
    let signals = parent.signals().for_exec();
    let start = Start { at, program, argv, env, cwd, fds, signals };
    let thread = runtime::launch(sandbox, start).map_err(|e| {
        tracing::error!(pid, error = %e, "cannot start a spawned program");
        e.errno()
    })?;
    // The thread serves the child until it ends; nobody joins it (the table counts it).
    drop(thread);
    std::mem::forget(reserved);
    Ok(pid)
}

/// Gives the pid back unless the spawn got through.
struct Reserved<'a> {
    sandbox: &'a Sandbox,
    pid: u32,
}

impl Drop for Reserved<'_> {
    fn drop(&mut self) {
        self.sandbox.procs.release(self.pid);
    }
}

/// The child's working directory: an existing directory.
fn directory(sandbox: &Sandbox, base: &VPath, raw: &[u8]) -> Result<VPath, Errno> {
    let r = sandbox.vfs.resolve(base, raw, true)?;
    if !r.exists {
        return Err(Errno::ENOENT);
    }
    if sandbox.vfs.stat(&r.path)?.kind != FileType::Directory {
        return Err(Errno::ENOTDIR);
    }
    Ok(r.path)
}

/// One file action on the child's table.
fn apply(
    sandbox: &Sandbox,
    parent: &Process,
    cwd: &VPath,
    fds: &mut FdTable,
    action: FdAction,
) -> Result<(), Errno> {
    match action {
        FdAction::Dup2 { from, to } if from == to => {
            // posix_spawn_file_actions_adddup2 with equal numbers clears FD_CLOEXEC.
            fds.set_cloexec(from, false)
        }
        FdAction::Dup2 { from, to } => fds.dup2(from, to).map(drop),
        FdAction::Close { fd } => {
            // As glibc: only a number out of range fails; closing one that is not open
            // is no error.
            if fd < 0 || fd as u32 >= fds.limit() {
                return Err(Errno::EBADF);
            }
            let _ = fds.close(fd);
            Ok(())
        }
        FdAction::Open { fd, path, flags, mode } => {
            if fd < 0 || fd as u32 >= fds.limit() {
                return Err(Errno::EBADF);
            }
            let nofollow = flags & oflags::O_NOFOLLOW != 0
                || flags & (oflags::O_CREAT | oflags::O_EXCL) == oflags::O_CREAT | oflags::O_EXCL;
            // As posix_spawn's file actions run in the child, which starts as a copy of
            // the parent: /proc/self and /dev/fd are the parent's here.
            let r = sandbox.vfs.resolve_for(Some(parent), cwd, &path, !nofollow)?;
            let caller = Caller { pid: parent.pid, call: CALL };
            let r = perm::fs::check_open(sandbox, caller, r, flags)?;
            let file = match sandbox.vfs.open(Some(parent), &r, flags, mode)? {
                Opened::New(object) => Arc::new(OpenFile::new(object, r.path().clone(), flags)),
                Opened::Shared(file) => file,
            };
            fds.insert_at(fd, file)?;
            fds.set_cloexec(fd, flags & oflags::O_CLOEXEC != 0)
        }
    }
}
