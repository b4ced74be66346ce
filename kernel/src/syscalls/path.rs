//! The path family: the `*at` calls.
//!
//! Each handler resolves the path (`vfs/path.rs`), asks `perm::fs` for the operations
//! it needs, which returns a `CheckedPath` (or audits the refusal and gives the
//! errno), and hands that token to the VFS: no VFS call by path exists without one.

use std::sync::Arc;

use policies::{FsOp, FsOps};
use syscall_proto::fd::{Fd, FileType, AT_FDCWD, MAX_IO_CHUNK};
use syscall_proto::path::{oflags, PathRequest};
use syscall_proto::{Errno, Reply, Response};

use super::unit;
use crate::fd::OpenFile;
use crate::limits;
use crate::perm::{self, Caller};
use crate::process::Process;
use crate::sandbox::Sandbox;
use crate::vfs::path::{Resolved, VPath};
use crate::vfs::{Object, Opened};

/// Largest file `ReadFile` returns in one reply; bigger files are read with `Read`.
const MAX_READ_FILE: u64 = 64 << 20;

pub fn handle(sandbox: &Sandbox, process: &Process, request: PathRequest) -> Response {
    let caller = Caller { pid: process.pid, call: name(&request) };
    let result = serve(sandbox, process, caller, &request);
    // Limits reached are the policy at work too: the operator sees them, with the
    // sandbox path the call resolved to (programs often send relative paths).
    let limit = match result {
        Err(Errno::EMFILE) => Some(limits::OPEN_FILES),
        Err(Errno::ENOSPC) => Some(limits::FS_INODES),
        _ => None,
    };
    if let (Some(rule), Err(errno)) = (limit, &result) {
        let (dirfd, raw) = target(&request);
        let resolved = resolve(sandbox, process, dirfd, raw, false);
        let in_memory = resolved.as_ref().is_ok_and(|r| sandbox.vfs.is_mem(&r.path));
        if *errno == Errno::EMFILE || in_memory {
            // A tmpfs mount's own size is what ran out there.
            let mount = resolved.as_ref().ok().and_then(|r| sandbox.perm.mount_index(&r.path));
            let rule = match (*errno, mount) {
                (Errno::ENOSPC, Some(i)) => format!("mount[{i}].inodes"),
                _ => rule.to_owned(),
            };
            let object = resolved
                .map(|r| r.path.to_string())
                .unwrap_or_else(|_| String::from_utf8_lossy(raw).into_owned());
            sandbox.audit.denied(process.pid, caller.call, &object, &rule, *errno);
        }
    }
    result
}

fn serve(
    sandbox: &Sandbox,
    process: &Process,
    caller: Caller<'_>,
    request: &PathRequest,
) -> Response {
    let check = |r: Resolved, op: FsOp| perm::fs::check(sandbox, caller, r, FsOps::of(op));
    match *request {
        PathRequest::Open { dirfd, ref path, flags, mode } => {
            let nofollow = flags & oflags::O_NOFOLLOW != 0
                || flags & (oflags::O_CREAT | oflags::O_EXCL) == oflags::O_CREAT | oflags::O_EXCL;
            let r = resolve(sandbox, process, dirfd, path, !nofollow)?;
            if flags & oflags::O_CREAT != 0 && path.ends_with(b"/") {
                // "name/" can only be a directory, which O_CREAT never makes or opens.
                return Err(Errno::EISDIR);
            }
            // What the path names decides some answers before any permission does.
            let kind = sandbox.vfs.open_precheck(Some(process), &r.path, r.exists, flags)?;
            let r = perm::fs::check_open(sandbox, caller, r, flags)?;
            // A full table is found before anything is created, so an open that fails
            // with EMFILE leaves no new file behind. (One thread serves a process's
            // calls, so the room cannot be taken in between.)
            process.fds().check_room()?;
            let file = match sandbox.vfs.open_prechecked(Some(process), &r, flags, mode, kind)? {
                Opened::New(object) => Arc::new(OpenFile::new(object, r.path().clone(), flags)),
                Opened::Shared(file) => file,
            };
            let cloexec = flags & oflags::O_CLOEXEC != 0;
            process.fds().insert_with(file, cloexec).map(Reply::Fd)
        }
        PathRequest::Stat { dirfd, ref path, follow } => {
            // No check: as on Linux, whatever can be found can be stat'ed.
            let r = existing(sandbox, process, dirfd, path, follow)?;
            sandbox.vfs.stat_for(Some(process), &r.path).map(Reply::Stat)
        }
        PathRequest::Statfs { dirfd, ref path } => {
            // No check, as `Stat`: the size of a file system says nothing of its files.
            let r = existing(sandbox, process, dirfd, path, true)?;
            sandbox.vfs.statfs(&r.path).map(Reply::FsStat)
        }
        PathRequest::SetTimes { dirfd, ref path, follow, atime, mtime } => {
            let r = existing(sandbox, process, dirfd, path, follow)?;
            let r = perm::fs::check_set_times(sandbox, caller, r, atime, mtime)?;
            unit(sandbox.vfs.set_times_at(&r, atime, mtime))
        }
        PathRequest::Mkdir { dirfd, ref path, mode } => {
            // "l/" names l itself: a symlink there, dangling or not, is EEXIST (the
            // trailing slash does not make mkdir follow it).
            let (name, _) = strip_trailing_slashes(path);
            let r = resolve(sandbox, process, dirfd, name, false)?;
            if r.exists {
                return Err(Errno::EEXIST);
            }
            unit(sandbox.vfs.mkdir(&check(r, FsOp::Create)?, mode))
        }
        PathRequest::Unlink { dirfd, ref path } => {
            read_only_first(sandbox, process, caller, dirfd, path)?;
            let (path, slash) = strip_trailing_slashes(path);
            let r = existing(sandbox, process, dirfd, path, false)?;
            if slash {
                // unlink("dir/") is EISDIR; a file or a symlink (even to a directory)
                // with a trailing slash is ENOTDIR, and nothing is followed or removed.
                let dir = sandbox.vfs.stat_for(Some(process), &r.path)?.kind == FileType::Directory;
                return Err(if dir { Errno::EISDIR } else { Errno::ENOTDIR });
            }
            unit(sandbox.vfs.unlink(&check(r, FsOp::Delete)?, false))
        }
        PathRequest::Rmdir { dirfd, ref path } => {
            if last_component(path) == Some(b".") {
                return Err(Errno::EINVAL);
            }
            if last_component(path) == Some(b"..") {
                // Linux refuses a final ".." once the path up to it resolves, before
                // looking at the mount's mode.
                existing(sandbox, process, dirfd, path, false)?;
                return Err(Errno::ENOTEMPTY);
            }
            read_only_first(sandbox, process, caller, dirfd, path)?;
            let (path, slash) = strip_trailing_slashes(path);
            let r = existing(sandbox, process, dirfd, path, false)?;
            // rmdir never follows a final symlink, trailing slash or not: "s/" naming a
            // symlink to a directory must not remove the directory it points to.
            if slash && sandbox.vfs.stat_for(Some(process), &r.path)?.kind == FileType::Symlink {
                return Err(Errno::ENOTDIR);
            }
            if r.path.is_root() {
                return Err(Errno::EBUSY);
            }
            unit(sandbox.vfs.unlink(&check(r, FsOp::Delete)?, true))
        }
        PathRequest::Rename { old_dirfd, ref old, new_dirfd, ref new } => {
            // Within one read-only mount, EROFS comes first (across mounts, EXDEV).
            let name = |dirfd, path: &[u8]| {
                resolve(sandbox, process, dirfd, strip_trailing_slashes(path).0, false)
            };
            if let (Ok(a), Ok(b)) = (name(old_dirfd, old), name(new_dirfd, new)) {
                if perm::fs::same_read_only_mount(sandbox, &a.path, &b.path) {
                    perm::fs::check_mount_writable(sandbox, caller, &a.path)?;
                }
            }
            let from = existing(sandbox, process, old_dirfd, old, false)?;
            let to = resolve(sandbox, process, new_dirfd, new, false)?;
            let (from, to) = perm::fs::check_rename(sandbox, caller, from, to)?;
            // A trailing slash on the new name asks for a directory.
            let is_dir = sandbox.vfs.stat(from.path())?.kind == FileType::Directory;
            if !is_dir && new.ends_with(b"/") {
                return Err(Errno::ENOTDIR);
            }
            unit(sandbox.vfs.rename(&from, &to))
        }
        PathRequest::Symlink { ref target, dirfd, ref path } => {
            crate::vfs::path::check_target(target)?;
            let r = resolve(sandbox, process, dirfd, path, false)?;
            if r.exists {
                return Err(Errno::EEXIST);
            }
            unit(sandbox.vfs.symlink(target, &check(r, FsOp::Create)?))
        }
        PathRequest::Readlink { dirfd, ref path } => {
            let r = existing(sandbox, process, dirfd, path, false)?;
            sandbox.vfs.readlink(Some(process), &check(r, FsOp::Read)?).map(Reply::Data)
        }
        PathRequest::Link { old_dirfd, ref old, new_dirfd, ref new, follow } => {
            let from = existing(sandbox, process, old_dirfd, old, follow)?;
            let to = resolve(sandbox, process, new_dirfd, new, false)?;
            if to.exists {
                return Err(Errno::EEXIST);
            }
            let (from, to) = perm::fs::check_link(sandbox, caller, from, to)?;
            unit(sandbox.vfs.link(&from, &to))
        }
        PathRequest::ReadFile { dirfd, ref path } => {
            read_file(sandbox, process, caller, dirfd, path).map(Reply::Data)
        }
        PathRequest::Chmod { dirfd, ref path, mode } => {
            let r = existing(sandbox, process, dirfd, path, true)?;
            unit(sandbox.vfs.chmod_at(&check(r, FsOp::Write)?, mode))
        }
        PathRequest::Chown { dirfd, ref path, uid, gid, follow } => {
            let r = existing(sandbox, process, dirfd, path, follow)?;
            unit(sandbox.vfs.chown_at(&check(r, FsOp::Write)?, uid, gid))
        }
        PathRequest::Realpath { ref path, .. } | PathRequest::Chdir { ref path }
            if path.is_empty() =>
        {
            Err(Errno::ENOENT)
        }
        PathRequest::Realpath { dirfd, ref path } => {
            // No check, as `Stat`: resolution already walks only what can be found.
            let r = existing(sandbox, process, dirfd, path, true)?;
            Ok(Reply::Data(r.path.to_bytes()))
        }
        PathRequest::Chdir { ref path } => {
            let r = existing(sandbox, process, AT_FDCWD, path, true)?;
            if sandbox.vfs.stat_for(Some(process), &r.path)?.kind != FileType::Directory {
                return Err(Errno::ENOTDIR);
            }
            process.set_cwd(r.path);
            Ok(Reply::Unit)
        }
    }
}

fn read_file(
    sandbox: &Sandbox,
    process: &Process,
    caller: Caller<'_>,
    dirfd: Fd,
    path: &[u8],
) -> Result<Vec<u8>, Errno> {
    let r = existing(sandbox, process, dirfd, path, true)?;
    let r = perm::fs::check_open(sandbox, caller, r, oflags::O_RDONLY)?;
    let object = match sandbox.vfs.open(Some(process), &r, oflags::O_RDONLY, 0)? {
        Opened::New(object) => object,
        // A pipe or a stream: not a file to read whole.
        Opened::Shared(_) => return Err(Errno::EINVAL),
    };
    let file = OpenFile::new(object, r.path().clone(), oflags::O_RDONLY);
    let size = match &file.object {
        Object::MemFile(h) => h.fs.stat(h.ino)?.size,
        Object::ProcFile(data) => data.len() as u64,
        Object::Device(_) => return Err(Errno::EINVAL),
        Object::HostFile(f) => nix::sys::stat::fstat(f).map_err(Errno::from)?.st_size.max(0) as u64,
        _ => return Err(Errno::EISDIR),
    };
    if size > MAX_READ_FILE {
        return Err(Errno::EFBIG);
    }
    let mut out = Vec::with_capacity(size as usize);
    loop {
        let chunk = match &file.object {
            Object::MemFile(h) => h.fs.read_at(h.ino, out.len() as u64, MAX_IO_CHUNK as usize)?,
            Object::ProcFile(data) => data.get(out.len()..).unwrap_or_default().to_vec(),
            Object::HostFile(f) => {
                let mut buf = vec![0u8; MAX_IO_CHUNK as usize];
                let n = nix::sys::uio::pread(f, &mut buf, out.len() as i64).map_err(Errno::from)?;
                buf.truncate(n);
                buf
            }
            _ => return Err(Errno::EISDIR),
        };
        if chunk.is_empty() {
            return Ok(out);
        }
        out.extend_from_slice(&chunk);
        if out.len() as u64 > MAX_READ_FILE {
            return Err(Errno::EFBIG);
        }
    }
}

/// `EROFS` when the name `path` names (its final symlink not followed, its trailing
/// slashes ignored) lies on a read-only mount, as Linux answers unlink, rmdir and rename
/// there before looking the name up. A path that does not resolve is left to the
/// caller's own resolution to report.
fn read_only_first(
    sandbox: &Sandbox,
    process: &Process,
    caller: Caller<'_>,
    dirfd: Fd,
    path: &[u8],
) -> Result<(), Errno> {
    match resolve(sandbox, process, dirfd, strip_trailing_slashes(path).0, false) {
        Ok(r) => perm::fs::check_mount_writable(sandbox, caller, &r.path),
        Err(_) => Ok(()),
    }
}

/// The path without its trailing slashes (unless it is all slashes), and whether it had
/// any.
fn strip_trailing_slashes(path: &[u8]) -> (&[u8], bool) {
    let end = path.iter().rposition(|&b| b != b'/').map_or(path.len(), |i| i + 1);
    (&path[..end], end < path.len())
}

fn last_component(path: &[u8]) -> Option<&[u8]> {
    path.split(|&b| b == b'/').rfind(|c| !c.is_empty())
}

/// The directory a relative path starts from: where a memory directory descriptor's
/// directory is now (it follows renames, as Linux's does), or the path a host one was
/// opened at.
fn base(sandbox: &Sandbox, process: &Process, dirfd: Fd, path: &[u8]) -> Result<VPath, Errno> {
    if path.starts_with(b"/") || dirfd == AT_FDCWD {
        return Ok(process.cwd());
    }
    let file = process.fds().get(dirfd)?;
    match file.object {
        Object::MemDir(_) | Object::HostDir(_) | Object::SynthDir => {
            sandbox.vfs.current_path(&file)
        }
        _ => Err(Errno::ENOTDIR),
    }
}

fn resolve(
    sandbox: &Sandbox,
    process: &Process,
    dirfd: Fd,
    path: &[u8],
    follow: bool,
) -> Result<Resolved, Errno> {
    let base = base(sandbox, process, dirfd, path)?;
    sandbox.vfs.resolve_for(Some(process), &base, path, follow)
}

fn existing(
    sandbox: &Sandbox,
    process: &Process,
    dirfd: Fd,
    path: &[u8],
    follow: bool,
) -> Result<Resolved, Errno> {
    let r = resolve(sandbox, process, dirfd, path, follow)?;
    if !r.exists {
        return Err(Errno::ENOENT);
    }
    Ok(r)
}

fn name(r: &PathRequest) -> &'static str {
    match r {
        PathRequest::Open { .. } => "openat",
        PathRequest::Stat { .. } => "fstatat",
        PathRequest::SetTimes { .. } => "utimensat",
        PathRequest::Mkdir { .. } => "mkdirat",
        PathRequest::Unlink { .. } => "unlinkat",
        PathRequest::Rmdir { .. } => "rmdir",
        PathRequest::Rename { .. } => "renameat",
        PathRequest::Symlink { .. } => "symlinkat",
        PathRequest::Readlink { .. } => "readlinkat",
        PathRequest::Link { .. } => "linkat",
        PathRequest::ReadFile { .. } => "read_file",
        PathRequest::Chmod { .. } => "fchmodat",
        PathRequest::Chown { .. } => "fchownat",
        PathRequest::Realpath { .. } => "realpath",
        PathRequest::Chdir { .. } => "chdir",
        PathRequest::Statfs { .. } => "statfs",
    }
}

/// The directory descriptor and path a request acts on (the new name, for the calls
/// that take two).
fn target(r: &PathRequest) -> (Fd, &[u8]) {
    match r {
        PathRequest::Open { dirfd, path, .. }
        | PathRequest::Stat { dirfd, path, .. }
        | PathRequest::SetTimes { dirfd, path, .. }
        | PathRequest::Mkdir { dirfd, path, .. }
        | PathRequest::Unlink { dirfd, path }
        | PathRequest::Rmdir { dirfd, path }
        | PathRequest::Symlink { dirfd, path, .. }
        | PathRequest::Readlink { dirfd, path }
        | PathRequest::ReadFile { dirfd, path }
        | PathRequest::Chmod { dirfd, path, .. }
        | PathRequest::Chown { dirfd, path, .. }
        | PathRequest::Realpath { dirfd, path }
        | PathRequest::Statfs { dirfd, path } => (*dirfd, path),
        PathRequest::Chdir { path } => (AT_FDCWD, path),
        PathRequest::Rename { new_dirfd, new, .. } | PathRequest::Link { new_dirfd, new, .. } => {
            (*new_dirfd, new)
        }
    }
}
