//! The virtual file system every sandboxed process sees.
//!
//! An in-memory root (`memfs.rs`) holds `/`, `/tmp` and the directories that mount
//! points live in; host directories from the policy's `[[mount]]` tables are grafted on
//! top (`hostdir.rs`). Every program path goes through one resolver (`path.rs`) that
//! follows symlinks in the sandbox's own namespace, so neither `..` nor a symlink can
//! lead out of a mount into the host.
//!
//! Every operation that reads, changes, creates or removes something by path takes a
//! [`CheckedPath`](crate::perm::CheckedPath), which only `crate::perm` can make: the
//! VFS cannot be reached by path without the policy having been asked. (`stat` and
//! path resolution take plain paths: what can be found can be stat'ed.)
//!
//! Lock order: the fd table (`fd/table.rs`) → an open file's state → the memfs tree.
//! Host calls are made without holding the memfs lock.

pub mod hostdir;
pub mod memfs;
pub mod path;
pub(crate) mod time;

use std::os::fd::OwnedFd;
use std::sync::Arc;

use nix::fcntl::OFlag;
use syscall_proto::fd::{DirEntry, FileStat, FileType, SetTime};
use syscall_proto::path::oflags;
use syscall_proto::Errno;

use hostdir::HostDir;
use memfs::{Capacity, MemFs};
use path::{Lookup, Resolved, VPath};
use policies::{FsOp, FsOps};

use crate::perm::fs::open_ops;
use crate::perm::CheckedPath;

/// Largest regular file the in-memory file system holds (until quotas from policy).
const MEM_MAX_FILE: u64 = 1 << 40;

/// The file system of one sandbox.
#[derive(Debug)]
pub struct Vfs {
    mem: Arc<MemFs>,
    /// Longest mount path first, so the deepest mount wins.
    mounts: Vec<(VPath, HostDir)>,
}

/// Where a resolved path lives.
enum Loc<'a> {
    Mem,
    Host(&'a HostDir, &'a [Vec<u8>]),
}

/// An in-memory inode held open; closing the last handle of an unlinked file frees it.
#[derive(Debug)]
pub struct MemHandle {
    fs: Arc<MemFs>,
    pub ino: u64,
}

impl Drop for MemHandle {
    fn drop(&mut self) {
        self.fs.close(self.ino);
    }
}

/// What an open file description refers to.
#[derive(Debug)]
pub enum Object {
    MemFile(MemHandle),
    MemDir(MemHandle),
    HostFile(OwnedFd),
    HostDir,
    /// One of the kernel's own standard streams (0, 1, 2), forwarded to the program.
    Stdio(i32),
    /// The read end of a pipe (`crate::pipe`).
    PipeRead(crate::pipe::ReadEnd),
    /// The write end of a pipe.
    PipeWrite(crate::pipe::WriteEnd),
}

impl Vfs {
    /// A root with the POSIX skeleton this stage provides (`/tmp`), of the default
    /// capacity.
    pub fn new() -> Vfs {
        Vfs::with_capacity(Capacity::default())
    }

    /// [`Vfs::new`] with an in-memory file system of `capacity` (`[limits] fs_bytes`,
    /// `fs_inodes`).
    pub fn with_capacity(capacity: Capacity) -> Vfs {
        let mem = Arc::new(MemFs::new(capacity));
        mem.ensure_dir(&VPath::parse_trusted("/tmp"), 0o1777);
        Vfs { mem, mounts: Vec::new() }
    }

    /// Whether `p` lies in the in-memory file system (not on a host mount).
    pub fn is_mem(&self, p: &VPath) -> bool {
        matches!(self.locate(p), Loc::Mem)
    }

    /// Grafts a host directory at `at`.
    pub fn mount(&mut self, at: VPath, dir: HostDir) {
        self.mem.ensure_dir(&at, 0o755);
        self.mounts.push((at, dir));
        self.mounts.sort_by_key(|(p, _)| std::cmp::Reverse(p.components().len()));
    }

    fn locate<'a>(&'a self, p: &'a VPath) -> Loc<'a> {
        for (at, dir) in &self.mounts {
            if p.starts_with(at) {
                return Loc::Host(dir, &p.components()[at.components().len()..]);
            }
        }
        Loc::Mem
    }

    pub fn lookup(&self, p: &VPath) -> Result<Lookup, Errno> {
        match self.locate(p) {
            Loc::Mem => self.mem.lookup(p),
            Loc::Host(dir, rel) => dir.lookup(rel),
        }
    }

    /// Resolves a program path relative to `base`.
    pub fn resolve(&self, base: &VPath, path: &[u8], follow_last: bool) -> Result<Resolved, Errno> {
        path::resolve(base, path, follow_last, &|p| self.lookup(p))
    }

    /// lstat of a resolved path.
    pub fn stat(&self, p: &VPath) -> Result<FileStat, Errno> {
        match self.locate(p) {
            Loc::Mem => self.mem.stat_path(p),
            Loc::Host(dir, rel) => dir.stat(rel),
        }
    }

    /// openat(2) of a checked path with Linux `flags`.
    pub fn open(&self, r: &CheckedPath, flags: u32, mode: u32) -> Result<Object, Errno> {
        if flags & !oflags::KNOWN != 0 {
            return Err(Errno::EINVAL);
        }
        r.require(open_ops(flags, r.exists()))?;
        // A file checked for `create` only must still be new when it is made: if it
        // appeared since, fail (EEXIST) rather than open it without `write`.
        let flags = if !r.exists() && flags & oflags::O_CREAT != 0 {
            flags | oflags::O_EXCL
        } else {
            flags
        };
        let acc = flags & oflags::O_ACCMODE;
        if acc == oflags::O_ACCMODE {
            return Err(Errno::EINVAL);
        }
        let creat = flags & oflags::O_CREAT != 0;
        let excl = flags & oflags::O_EXCL != 0;
        let want_dir = flags & oflags::O_DIRECTORY != 0;
        let writes = acc != oflags::O_RDONLY;
        let exists = r.exists();
        if exists && creat && excl {
            return Err(Errno::EEXIST);
        }
        if !exists && !creat {
            return Err(Errno::ENOENT);
        }
        if !exists && (want_dir || r.path().is_root()) {
            return Err(Errno::ENOENT);
        }
        let kind = if exists { Some(self.stat(r.path())?.kind) } else { None };
        match kind {
            Some(FileType::Symlink) => return Err(Errno::ELOOP),
            Some(FileType::Directory) if writes || creat && excl => return Err(Errno::EISDIR),
            Some(k) if want_dir && k != FileType::Directory => return Err(Errno::ENOTDIR),
            _ => {}
        }
        match self.locate(r.path()) {
            Loc::Mem => {
                let create = (creat && !exists).then_some(mode);
                let ino = self.mem.open(r.path(), create, excl)?;
                let handle = MemHandle { fs: self.mem.clone(), ino };
                if self.mem.is_dir(ino) {
                    return Ok(Object::MemDir(handle));
                }
                // Linux truncates on O_TRUNC whatever the access mode (the permission
                // check asked for write access already).
                if flags & oflags::O_TRUNC != 0 {
                    self.mem.set_size(ino, 0, MEM_MAX_FILE)?;
                }
                Ok(Object::MemFile(handle))
            }
            Loc::Host(dir, rel) => {
                if kind == Some(FileType::Directory) {
                    // Directories are listed by path; opening checks they are readable.
                    drop(dir.open_file(rel, OFlag::O_RDONLY | OFlag::O_DIRECTORY, 0, true)?);
                    return Ok(Object::HostDir);
                }
                // The host description appends itself (atomically, as O_APPEND must);
                // O_NONBLOCK and the rest stay in ours.
                let keep = oflags::O_ACCMODE
                    | oflags::O_CREAT
                    | oflags::O_EXCL
                    | oflags::O_TRUNC
                    | oflags::O_APPEND;
                let host_flags = OFlag::from_bits_truncate((flags & keep) as i32);
                Ok(Object::HostFile(dir.open_file(rel, host_flags, mode, exists)?))
            }
        }
    }

    pub fn mkdir(&self, p: &CheckedPath, mode: u32) -> Result<(), Errno> {
        p.require(FsOps::of(FsOp::Create))?;
        let p = p.path();
        match self.locate(p) {
            Loc::Mem => self.mem.mkdir(p, mode),
            Loc::Host(_, []) => Err(Errno::EEXIST),
            Loc::Host(dir, rel) => dir.mkdir(rel, mode),
        }
    }

    /// unlinkat(2); `dir` is `AT_REMOVEDIR`.
    pub fn unlink(&self, p: &CheckedPath, dir_only: bool) -> Result<(), Errno> {
        p.require(FsOps::of(FsOp::Delete))?;
        let p = p.path();
        match self.locate(p) {
            Loc::Host(_, []) => Err(Errno::EBUSY),
            Loc::Host(dir, rel) => dir.unlink(rel, dir_only),
            Loc::Mem if self.is_mount_point_or_holds_one(p) => Err(Errno::EBUSY),
            Loc::Mem => self.mem.unlink(p, dir_only),
        }
    }

    fn is_mount_point_or_holds_one(&self, p: &VPath) -> bool {
        self.mounts.iter().any(|(at, _)| at.starts_with(p))
    }

    pub fn rename(&self, old: &CheckedPath, new: &CheckedPath) -> Result<(), Errno> {
        old.require(FsOps::of(FsOp::Delete))?;
        new.require(FsOps::of(FsOp::Create))?;
        let (old, new) = (old.path(), new.path());
        match (self.locate(old), self.locate(new)) {
            (Loc::Host(_, []), _) | (_, Loc::Host(_, [])) => Err(Errno::EBUSY),
            (Loc::Host(a, ra), Loc::Host(b, rb)) if std::ptr::eq(a, b) => a.rename(ra, rb),
            (Loc::Mem, Loc::Mem) => {
                if self.is_mount_point_or_holds_one(old) || self.is_mount_point_or_holds_one(new) {
                    return Err(Errno::EBUSY);
                }
                self.mem.rename(old, new)
            }
            _ => Err(Errno::EXDEV),
        }
    }

    /// linkat(2): `new` checked for `create` (and `old` checked as `crate::perm`
    /// says: the new name may grant nothing the old one does not).
    pub fn link(&self, old: &CheckedPath, new: &CheckedPath) -> Result<(), Errno> {
        new.require(FsOps::of(FsOp::Create))?;
        let (old, new) = (old.path(), new.path());
        match (self.locate(old), self.locate(new)) {
            (Loc::Host(a, ra), Loc::Host(b, rb)) if std::ptr::eq(a, b) => a.link(ra, rb),
            (Loc::Mem, Loc::Mem) => self.mem.link(old, new),
            _ => Err(Errno::EXDEV),
        }
    }

    pub fn symlink(&self, target: &[u8], p: &CheckedPath) -> Result<(), Errno> {
        path::check_raw(target)?;
        p.require(FsOps::of(FsOp::Create))?;
        let p = p.path();
        match self.locate(p) {
            Loc::Mem => self.mem.symlink(target, p),
            Loc::Host(_, []) => Err(Errno::EEXIST),
            Loc::Host(dir, rel) => dir.symlink(target, rel),
        }
    }

    pub fn readlink(&self, p: &CheckedPath) -> Result<Vec<u8>, Errno> {
        p.require(FsOps::READ)?;
        let p = p.path();
        match self.locate(p) {
            Loc::Mem => self.mem.readlink(p),
            Loc::Host(_, []) => Err(Errno::EINVAL),
            Loc::Host(dir, rel) => dir.readlink(rel),
        }
    }

    /// utimensat(2) by path.
    pub fn set_times_at(
        &self,
        p: &CheckedPath,
        atime: SetTime,
        mtime: SetTime,
    ) -> Result<(), Errno> {
        p.require(FsOps::of(FsOp::Write))?;
        self.set_times(p.path(), atime, mtime)
    }

    /// futimens(2) of an open host file or directory at `p`: the descriptor is the
    /// proof of the check made when it was opened. Calls by path use
    /// [`Vfs::set_times_at`].
    pub fn set_times(&self, p: &VPath, atime: SetTime, mtime: SetTime) -> Result<(), Errno> {
        match self.locate(p) {
            Loc::Mem => self.mem.set_times_path(p, atime, mtime),
            Loc::Host(dir, rel) => dir.set_times(rel, atime, mtime),
        }
    }

    /// Lists the directory at `p` (opened as `MemDir` or `HostDir`).
    pub fn read_dir(
        &self,
        obj: &Object,
        p: &VPath,
        cookie: u64,
        max: usize,
    ) -> Result<Vec<DirEntry>, Errno> {
        match (obj, self.locate(p)) {
            (Object::MemDir(h), _) => self.mem.read_dir(h.ino, cookie, max),
            (Object::HostDir, Loc::Host(dir, rel)) => dir.read_dir(rel, cookie, max),
            _ => Err(Errno::ENOTDIR),
        }
    }

    pub fn mem(&self) -> &MemFs {
        &self.mem
    }

    /// The in-memory file size cap.
    pub fn mem_max_file(&self) -> u64 {
        MEM_MAX_FILE
    }
}

impl Default for Vfs {
    fn default() -> Self {
        Vfs::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn vfs_with_mount(host: &std::path::Path, writable: bool) -> Vfs {
        let mut vfs = Vfs::new();
        vfs.mount(VPath::parse_trusted("/m"), HostDir::open(host, writable).unwrap());
        vfs
    }

    fn open(vfs: &Vfs, path: &str, flags: u32) -> Result<Object, Errno> {
        let r = vfs.resolve(&VPath::root(), path.as_bytes(), flags & oflags::O_NOFOLLOW == 0)?;
        vfs.open(&CheckedPath::for_vfs_tests(r, FsOps::ALL), flags, 0o644)
    }

    /// A path as if checked for every operation: these tests are about the VFS, not
    /// the policy.
    fn c(path: &str) -> CheckedPath {
        let resolved = path::Resolved { path: VPath::parse_trusted(path), exists: true };
        CheckedPath::for_vfs_tests(resolved, FsOps::ALL)
    }

    #[test]
    fn host_symlinks_resolve_inside_the_sandbox() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("f"), "x").unwrap();
        symlink("/etc/passwd", dir.path().join("abs")).unwrap();
        symlink("../../../../etc/passwd", dir.path().join("rel")).unwrap();
        symlink("f", dir.path().join("ok")).unwrap();
        let vfs = vfs_with_mount(dir.path(), false);
        assert_eq!(open(&vfs, "/m/abs", 0).unwrap_err(), Errno::ENOENT);
        assert_eq!(open(&vfs, "/m/rel", 0).unwrap_err(), Errno::ENOENT);
        assert!(matches!(open(&vfs, "/m/ok", 0).unwrap(), Object::HostFile(_)));
        assert_eq!(open(&vfs, "/m/ok", oflags::O_NOFOLLOW).unwrap_err(), Errno::ELOOP);
    }

    #[test]
    fn a_symlink_to_the_mount_parent_stays_in_the_sandbox() {
        let dir = tempfile::tempdir().unwrap();
        symlink("..", dir.path().join("up")).unwrap();
        let vfs = vfs_with_mount(dir.path(), false);
        let r = vfs.resolve(&VPath::root(), b"/m/up/m/up/tmp", true).unwrap();
        assert_eq!(r.path.to_string(), "/tmp");
    }

    #[test]
    fn read_only_mounts_refuse_every_write() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("f"), "x").unwrap();
        std::fs::create_dir(dir.path().join("d")).unwrap();
        let vfs = vfs_with_mount(dir.path(), false);
        assert_eq!(open(&vfs, "/m/f", oflags::O_WRONLY).unwrap_err(), Errno::EROFS);
        assert_eq!(
            open(&vfs, "/m/f", oflags::O_RDONLY | oflags::O_TRUNC).unwrap_err(),
            Errno::EROFS
        );
        assert_eq!(
            open(&vfs, "/m/new", oflags::O_CREAT | oflags::O_WRONLY).unwrap_err(),
            Errno::EROFS
        );
        assert_eq!(vfs.mkdir(&c("/m/n"), 0o755), Err(Errno::EROFS));
        assert_eq!(vfs.unlink(&c("/m/f"), false), Err(Errno::EROFS));
        assert_eq!(vfs.unlink(&c("/m/d"), true), Err(Errno::EROFS));
        assert_eq!(vfs.rename(&c("/m/f"), &c("/m/g")), Err(Errno::EROFS));
        assert_eq!(vfs.symlink(b"f", &c("/m/l")), Err(Errno::EROFS));
        assert_eq!(std::fs::read_to_string(dir.path().join("f")).unwrap(), "x");
    }

    #[test]
    fn mount_points_are_busy_and_cross_mount_moves_are_exdev() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("f"), "x").unwrap();
        let vfs = vfs_with_mount(dir.path(), true);
        assert_eq!(vfs.unlink(&c("/m"), true), Err(Errno::EBUSY));
        assert_eq!(vfs.rename(&c("/m/f"), &c("/tmp/f")), Err(Errno::EXDEV));
        assert_eq!(vfs.link(&c("/m/f"), &c("/tmp/f")), Err(Errno::EXDEV));
    }

    #[test]
    fn unlinked_memory_files_live_until_closed() {
        let vfs = Vfs::new();
        let obj = open(&vfs, "/tmp/f", oflags::O_CREAT | oflags::O_RDWR).unwrap();
        let Object::MemFile(h) = &obj else { panic!("not a memory file") };
        vfs.mem().write_at(h.ino, 0, false, b"still here", MEM_MAX_FILE).unwrap();
        vfs.unlink(&c("/tmp/f"), false).unwrap();
        assert_eq!(
            vfs.lookup(&VPath::parse_trusted("/tmp/f")).map(|l| matches!(l, Lookup::Missing)),
            Ok(true)
        );
        assert_eq!(vfs.mem().read_at(h.ino, 0, 100).unwrap(), b"still here");
        let ino = h.ino;
        drop(obj);
        assert_eq!(vfs.mem().stat(ino).unwrap_err(), Errno::ENOENT);
    }

    #[test]
    fn memfs_rename_follows_posix_rules() {
        let vfs = Vfs::new();
        let p = c;
        vfs.mkdir(&p("/tmp/a"), 0o755).unwrap();
        vfs.mkdir(&p("/tmp/b"), 0o755).unwrap();
        drop(open(&vfs, "/tmp/b/x", oflags::O_CREAT | oflags::O_WRONLY).unwrap());
        assert_eq!(vfs.rename(&p("/tmp/a"), &p("/tmp/b")), Err(Errno::ENOTEMPTY));
        assert_eq!(vfs.rename(&p("/tmp/a"), &p("/tmp/a/inner")), Err(Errno::EINVAL));
        assert_eq!(vfs.rename(&p("/tmp/a"), &p("/tmp/b/x")), Err(Errno::ENOTDIR));
        vfs.rename(&p("/tmp/b/x"), &p("/tmp/a/y")).unwrap();
        vfs.rename(&p("/tmp/b"), &p("/tmp/a2")).unwrap();
        assert_eq!(vfs.rename(&p("/tmp/a/y"), &p("/tmp/a2")), Err(Errno::EISDIR));
        assert!(matches!(vfs.lookup(p("/tmp/a/y").path()).unwrap(), Lookup::Other));
    }
}
