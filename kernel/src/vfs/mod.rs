//! The virtual file system every sandboxed process sees.
//!
//! An in-memory root (`memfs.rs`) holds the POSIX skeleton (`skeleton.rs`), `/tmp` and
//! the directories that mount points live in; `[[mount]]`s graft host directories
//! (`hostdir.rs`) and sized in-memory file systems (`type = "tmpfs"`, each its own
//! `MemFs`) on top; `/dev` (`devfs.rs`) and `/proc` (`procfs.rs`) are answered by the
//! kernel, `/proc` for the process that asks. Every program path goes through one
//! resolver (`path.rs`) that follows symlinks in the sandbox's own namespace, so neither
//! `..` nor a symlink can lead out of a mount into the host. `docs/vfs.md` has the
//! semantics and where they differ from Linux.
//!
//! Every operation that reads, changes, creates or removes something by path takes a
//! [`CheckedPath`](crate::perm::CheckedPath), which only `crate::perm` can make: the
//! VFS cannot be reached by path without the policy having been asked. (`stat` and
//! path resolution take plain paths: what can be found can be stat'ed.)
//!
//! Lock order: the fd table (`fd/table.rs`) → an open file's state → a memfs tree.
//! Host calls are made without holding a memfs lock.

pub mod chunks;
pub mod devfs;
pub mod hostdir;
pub mod memfs;
pub mod path;
pub mod procfs;
pub mod skeleton;
pub(crate) mod time;

use std::os::fd::OwnedFd;
use std::sync::Arc;

use nix::fcntl::OFlag;
use syscall_proto::fd::{DirEntry, FileStat, FileType, FsStat, SetTime};
use syscall_proto::path::oflags;
use syscall_proto::Errno;

use devfs::Device;
use hostdir::HostDir;
use memfs::{access, Capacity, MemFs};
use path::{Lookup, Resolved, VPath};
use policies::{FsOp, FsOps};

use crate::fd::OpenFile;
use crate::perm::fs::open_ops;
use crate::perm::CheckedPath;
use crate::process::Process;

/// Largest regular file an in-memory file system holds (beyond it, `EFBIG`).
const MEM_MAX_FILE: u64 = 1 << 40;

/// The creation mask: mode bits a new file or directory never gets (Linux's usual
/// `umask 022`; there is no umask(2) yet).
pub const UMASK: u32 = 0o022;

/// `st_dev` of the in-memory root; `tmpfs` mounts count up from [`FIRST_TMPFS_DEV`].
const ROOT_DEV: u64 = 1;
const FIRST_TMPFS_DEV: u64 = 16;

/// The file system of one sandbox.
#[derive(Debug)]
pub struct Vfs {
    mem: Arc<MemFs>,
    /// Longest mount path first, so the deepest mount wins.
    mounts: Vec<(VPath, Mounted)>,
}

/// What a `[[mount]]` grafts.
#[derive(Debug)]
pub enum Mounted {
    Host(HostDir),
    /// A `tmpfs`: an in-memory file system of its own size.
    Mem(Arc<MemFs>),
}

/// Where a resolved path lives, and its path relative to that file system's root.
enum Loc<'a> {
    Mem(&'a Arc<MemFs>, VPath),
    Host(&'a HostDir, &'a [Vec<u8>]),
    Dev(&'a [Vec<u8>]),
    Proc(&'a [Vec<u8>]),
}

/// An in-memory inode held open; closing the last handle of an unlinked file frees it.
#[derive(Debug)]
pub struct MemHandle {
    pub fs: Arc<MemFs>,
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
    /// A host directory, held as an `O_PATH` descriptor: calls relative to it follow it
    /// through renames, and its metadata outlives its removal, as on Linux.
    HostDir(OwnedFd),
    /// One of the kernel's own standard streams (0, 1, 2), forwarded to the program.
    Stdio(i32),
    /// The read end of a pipe (`crate::pipe`).
    PipeRead(crate::pipe::ReadEnd),
    /// The write end of a pipe.
    PipeWrite(crate::pipe::WriteEnd),
    /// A character device of `/dev`.
    Device(Device),
    /// A generated file of `/proc`, as it was when opened.
    ProcFile(Vec<u8>),
    /// A directory of `/dev` or `/proc`, listed by path.
    SynthDir,
}

/// What an open gives: a new open file description's object, or (for
/// `/proc/<pid>/fd/N` of a pipe) an existing description.
#[derive(Debug)]
pub enum Opened {
    New(Object),
    Shared(Arc<OpenFile>),
}

impl Vfs {
    /// A root with the POSIX skeleton, of the default capacity.
    pub fn new() -> Vfs {
        Vfs::with_capacity(Capacity::default())
    }

    /// [`Vfs::new`] with an in-memory root of `capacity` (`[limits] fs_bytes`,
    /// `fs_inodes`).
    pub fn with_capacity(capacity: Capacity) -> Vfs {
        let mem = Arc::new(MemFs::new(capacity, ROOT_DEV));
        for (dir, mode) in skeleton::DIRS {
            mem.ensure_dir(&VPath::parse_trusted(dir), *mode);
        }
        for (file, contents) in skeleton::FILES {
            mem.ensure_file(&VPath::parse_trusted(file), 0o644, contents.as_bytes());
        }
        Vfs { mem, mounts: Vec::new() }
    }

    /// Whether `p` lies in an in-memory file system (the root or a `tmpfs`).
    pub fn is_mem(&self, p: &VPath) -> bool {
        matches!(self.locate(p), Loc::Mem(..))
    }

    /// Grafts a host directory at `at`.
    pub fn mount(&mut self, at: VPath, dir: HostDir) {
        self.graft(at, Mounted::Host(dir));
    }

    /// Mounts a new, empty in-memory file system of `capacity` at `at` (its root
    /// 1777, as a tmpfs is).
    pub fn mount_tmpfs(&mut self, at: VPath, capacity: Capacity) {
        let dev = FIRST_TMPFS_DEV + self.mounts.len() as u64;
        self.graft(at, Mounted::Mem(Arc::new(MemFs::with_root(capacity, dev, 0o1777))));
    }

    /// Mounts go on in order: one inside an earlier in-memory mount gets its mount
    /// point made there, so the outer mount lists it (`Sandbox::new` mounts shallower
    /// paths first).
    fn graft(&mut self, at: VPath, what: Mounted) {
        match self.locate(&at) {
            Loc::Mem(fs, rel) => fs.ensure_dir(&rel, 0o755),
            // A host directory's mount point is the host's to have; the kernel does not
            // create host directories. The root's placeholder keeps it resolvable.
            _ => self.mem.ensure_dir(&at, 0o755),
        }
        self.mounts.push((at, what));
        self.mounts.sort_by_key(|(p, _)| std::cmp::Reverse(p.components().len()));
    }

    fn locate<'a>(&'a self, p: &'a VPath) -> Loc<'a> {
        match p.components() {
            [first, rest @ ..] if first == b"dev" => return Loc::Dev(rest),
            [first, rest @ ..] if first == b"proc" => return Loc::Proc(rest),
            _ => {}
        }
        for (at, what) in &self.mounts {
            if p.starts_with(at) {
                let rel = &p.components()[at.components().len()..];
                return match what {
                    Mounted::Host(dir) => Loc::Host(dir, rel),
                    Mounted::Mem(fs) => Loc::Mem(fs, VPath::from_components(rel)),
                };
            }
        }
        Loc::Mem(&self.mem, p.clone())
    }

    /// The mount point of in-memory file system `fs` (the root's is `/`).
    fn mount_point_of(&self, fs: &Arc<MemFs>) -> Option<VPath> {
        if Arc::ptr_eq(fs, &self.mem) {
            return Some(VPath::root());
        }
        self.mounts.iter().find_map(|(at, m)| match m {
            Mounted::Mem(f) if Arc::ptr_eq(f, fs) => Some(at.clone()),
            _ => None,
        })
    }

    /// Where an open file is now: a memory directory is followed through renames
    /// (`ENOENT` once removed); everything else is named by the path it was opened at.
    pub fn current_path(&self, file: &OpenFile) -> Result<VPath, Errno> {
        match &file.object {
            Object::HostDir(fd) => {
                let (at, dir) = self
                    .mounts
                    .iter()
                    .find_map(|(at, m)| match m {
                        Mounted::Host(d) if file.path.starts_with(at) => Some((at, d)),
                        _ => None,
                    })
                    .ok_or(Errno::ENOENT)?;
                let mut p = at.clone();
                for c in dir.rel_of(fd)? {
                    p.push(c);
                }
                Ok(p)
            }
            Object::MemDir(h) => {
                let mut at = self.mount_point_of(&h.fs).ok_or(Errno::ENOENT)?;
                for c in h.fs.path_of(h.ino)?.components() {
                    at.push(c.clone());
                }
                Ok(at)
            }
            _ => Ok(file.path.clone()),
        }
    }

    pub fn lookup(&self, process: Option<&Process>, p: &VPath) -> Result<Lookup, Errno> {
        match self.locate(p) {
            Loc::Mem(fs, rel) => fs.lookup(&rel),
            Loc::Host(dir, rel) => dir.lookup(rel),
            Loc::Dev(rel) => Ok(devfs::lookup(rel)),
            Loc::Proc(rel) => Ok(procfs::lookup(self, process, rel)),
        }
    }

    /// Resolves a path relative to `base` outside any process (`/proc` is empty).
    pub fn resolve(&self, base: &VPath, path: &[u8], follow_last: bool) -> Result<Resolved, Errno> {
        self.resolve_for(None, base, path, follow_last)
    }

    /// Resolves a program path relative to `base`, for `process` (whose `/proc/self`
    /// it is); without one, `/proc` holds nothing.
    pub fn resolve_for(
        &self,
        process: Option<&Process>,
        base: &VPath,
        path: &[u8],
        follow_last: bool,
    ) -> Result<Resolved, Errno> {
        path::resolve(base, path, follow_last, &|p| self.lookup(process, p))
    }

    /// lstat of a resolved path outside any process.
    pub fn stat(&self, p: &VPath) -> Result<FileStat, Errno> {
        self.stat_for(None, p)
    }

    /// statfs(2) of the file system a resolved path lies on: an in-memory one reports
    /// its capacity (`[limits] fs_bytes`/`fs_inodes`, a tmpfs's `size_mb`/`inodes`) and
    /// what is used of it, a host mount the host file system's numbers (read-only when
    /// the mount is), `/dev` and `/proc` nothing, as Linux's pseudo file systems.
    pub fn statfs(&self, p: &VPath) -> Result<FsStat, Errno> {
        const BLOCK: u64 = 4096;
        let pseudo = |fs_type| FsStat {
            fs_type,
            bsize: BLOCK,
            blocks: 0,
            bfree: 0,
            bavail: 0,
            files: 0,
            ffree: 0,
            namelen: 255,
            read_only: false,
        };
        match self.locate(p) {
            Loc::Mem(fs, _) => {
                let (cap, used_bytes, used_inodes) = fs.usage();
                let free = cap.bytes.saturating_sub(used_bytes) / BLOCK;
                Ok(FsStat {
                    fs_type: libc::TMPFS_MAGIC as u64,
                    bsize: BLOCK,
                    blocks: cap.bytes / BLOCK,
                    bfree: free,
                    bavail: free,
                    files: cap.inodes as u64,
                    ffree: cap.inodes.saturating_sub(used_inodes) as u64,
                    namelen: 255,
                    read_only: false,
                })
            }
            Loc::Host(dir, _) => dir.statfs(),
            Loc::Dev(_) => Ok(pseudo(libc::TMPFS_MAGIC as u64)),
            Loc::Proc(_) => Ok(pseudo(libc::PROC_SUPER_MAGIC as u64)),
        }
    }

    /// The mount table as `/proc/<pid>/mounts` shows it (Linux's format: source,
    /// mount point, type, options, two zeros). Host paths are never shown: a host
    /// mount's source is `host`.
    pub fn mount_table(&self) -> Vec<u8> {
        let mut lines = vec![
            ("sandbox".to_string(), "/".to_string(), "tmpfs", "rw"),
            ("dev".to_string(), "/dev".to_string(), "devtmpfs", "rw"),
            ("proc".to_string(), "/proc".to_string(), "proc", "rw"),
        ];
        let mut mounts: Vec<&(VPath, Mounted)> = self.mounts.iter().collect();
        // Outer mounts before inner ones, as they were grafted.
        mounts.sort_by_key(|(at, _)| at.components().len());
        for (at, what) in mounts {
            let at = String::from_utf8_lossy(&at.to_bytes()).into_owned();
            lines.push(match what {
                Mounted::Mem(_) => ("tmpfs".into(), at, "tmpfs", "rw"),
                Mounted::Host(d) => {
                    ("host".into(), at, "hostfs", if d.writable { "rw" } else { "ro" })
                }
            });
        }
        let mut out = String::new();
        for (source, at, kind, opts) in lines {
            // Linux escapes what would break the line's fields.
            let at = at
                .replace('\\', "\\134")
                .replace(' ', "\\040")
                .replace('\t', "\\011")
                .replace('\n', "\\012");
            out.push_str(&format!("{source} {at} {kind} {opts} 0 0\n"));
        }
        out.into_bytes()
    }

    /// lstat of a resolved path, for `process`.
    pub fn stat_for(&self, process: Option<&Process>, p: &VPath) -> Result<FileStat, Errno> {
        match self.locate(p) {
            Loc::Mem(fs, rel) => fs.stat_path(&rel),
            Loc::Host(dir, rel) => dir.stat(rel),
            Loc::Dev(rel) => devfs::stat(rel),
            Loc::Proc(rel) => procfs::stat(process, rel),
        }
    }

    /// openat(2) of a checked path with Linux `flags`.
    pub fn open(
        &self,
        process: Option<&Process>,
        r: &CheckedPath,
        flags: u32,
        mode: u32,
    ) -> Result<Opened, Errno> {
        self.open_with(process, r, flags, mode, None)
    }

    /// [`Vfs::open`] for a caller that ran [`Vfs::open_precheck`] on the same path with
    /// the same flags already: `kind` is what it answered, so the path is not looked up
    /// twice.
    pub fn open_prechecked(
        &self,
        process: Option<&Process>,
        r: &CheckedPath,
        flags: u32,
        mode: u32,
        kind: Option<FileType>,
    ) -> Result<Opened, Errno> {
        self.open_with(process, r, flags, mode, Some(kind))
    }

    fn open_with(
        &self,
        process: Option<&Process>,
        r: &CheckedPath,
        flags: u32,
        mode: u32,
        prechecked: Option<Option<FileType>>,
    ) -> Result<Opened, Errno> {
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
        let writes = acc != oflags::O_RDONLY;
        let exists = r.exists();
        let kind = match prechecked {
            Some(kind) => kind,
            None => self.open_precheck(process, r.path(), exists, flags)?,
        };
        let mut want = match acc {
            oflags::O_RDONLY => access::R,
            oflags::O_WRONLY => access::W,
            _ => access::R | access::W,
        };
        if flags & oflags::O_TRUNC != 0 {
            want |= access::W;
        }
        if flags & oflags::O_PATH != 0 {
            want = 0;
        }
        match self.locate(r.path()) {
            Loc::Mem(fs, rel) => {
                let create = (creat && !exists).then_some(mode & !UMASK);
                let ino = fs.open(&rel, create, excl, want)?;
                let handle = MemHandle { fs: fs.clone(), ino };
                if fs.is_dir(ino) {
                    return Ok(Opened::New(Object::MemDir(handle)));
                }
                // Linux truncates on O_TRUNC whatever the access mode (the permission
                // check asked for write access already).
                if flags & oflags::O_TRUNC != 0 {
                    fs.set_size(ino, 0, MEM_MAX_FILE)?;
                }
                Ok(Opened::New(Object::MemFile(handle)))
            }
            Loc::Host(dir, rel) => {
                if kind == Some(FileType::Directory) {
                    // Opening checks it is readable; it is held as O_PATH and listed by
                    // its current path.
                    drop(dir.open_file(rel, OFlag::O_RDONLY | OFlag::O_DIRECTORY, 0, true)?);
                    let handle = dir.open_rel(rel, OFlag::O_PATH | OFlag::O_DIRECTORY, 0)?;
                    return Ok(Opened::New(Object::HostDir(handle)));
                }
                // The host description appends itself (atomically, as O_APPEND must);
                // O_NONBLOCK and the rest stay in ours.
                let keep = oflags::O_ACCMODE
                    | oflags::O_CREAT
                    | oflags::O_EXCL
                    | oflags::O_TRUNC
                    | oflags::O_APPEND;
                let host_flags = OFlag::from_bits_truncate((flags & keep) as i32);
                Ok(Opened::New(Object::HostFile(dir.open_file(rel, host_flags, mode, exists)?)))
            }
            Loc::Dev(_) | Loc::Proc(_) if !exists => Err(Errno::EACCES),
            Loc::Dev([]) => Ok(Opened::New(Object::SynthDir)),
            Loc::Dev(rel) => Ok(Opened::New(Object::Device(devfs::open(rel)?))),
            Loc::Proc(rel) => match procfs::open(self, process, rel)? {
                procfs::Opened::Dir => Ok(Opened::New(Object::SynthDir)),
                procfs::Opened::File(_) if writes || flags & oflags::O_TRUNC != 0 => {
                    Err(Errno::EACCES)
                }
                procfs::Opened::File(data) => Ok(Opened::New(Object::ProcFile(data))),
                procfs::Opened::Shared(file) => {
                    let read_ok = want & access::R == 0 || file.readable();
                    let write_ok = want & access::W == 0 || file.writable();
                    if !(read_ok && write_ok) {
                        return Err(Errno::EACCES);
                    }
                    Ok(Opened::Shared(file))
                }
            },
        }
    }

    /// The answers openat(2) gives from what the path names, before any permission
    /// (Linux reports these before `EROFS` or `EACCES`): `EEXIST`, `ENOENT`, `ELOOP`,
    /// `EISDIR`, `ENOTDIR`. Returns the type of what exists.
    pub fn open_precheck(
        &self,
        process: Option<&Process>,
        p: &VPath,
        exists: bool,
        flags: u32,
    ) -> Result<Option<FileType>, Errno> {
        let acc = flags & oflags::O_ACCMODE;
        let creat = flags & oflags::O_CREAT != 0;
        let excl = flags & oflags::O_EXCL != 0;
        let want_dir = flags & oflags::O_DIRECTORY != 0;
        let writes = acc != oflags::O_RDONLY;
        if exists && creat && excl {
            return Err(Errno::EEXIST);
        }
        if !exists && !creat {
            return Err(Errno::ENOENT);
        }
        if !exists && (want_dir || p.is_root()) {
            return Err(Errno::ENOENT);
        }
        let kind = match self.locate(p) {
            _ if !exists => None,
            // `/proc/<pid>/fd/N` of a pipe is a symlink to lstat (so O_NOFOLLOW refuses
            // it), but opens what it names.
            Loc::Proc(rel) if flags & oflags::O_NOFOLLOW != 0 => {
                Some(procfs::stat(process, rel)?.kind)
            }
            Loc::Proc(rel) => Some(procfs::open_kind(process, rel)?),
            _ => Some(self.stat_for(process, p)?.kind),
        };
        match kind {
            // O_DIRECTORY asks for a directory before O_NOFOLLOW refuses a symlink.
            Some(FileType::Symlink) if want_dir => Err(Errno::ENOTDIR),
            Some(FileType::Symlink) => Err(Errno::ELOOP),
            Some(FileType::Directory) if writes || creat => Err(Errno::EISDIR),
            Some(k) if want_dir && k != FileType::Directory => Err(Errno::ENOTDIR),
            _ => Ok(kind),
        }
    }

    /// [`Vfs::open`] outside any process (the kernel's own opens, such as a
    /// program's preopened root): a new object, never a shared description.
    pub fn open_object(&self, r: &CheckedPath, flags: u32, mode: u32) -> Result<Object, Errno> {
        match self.open(None, r, flags, mode)? {
            Opened::New(object) => Ok(object),
            Opened::Shared(_) => Err(Errno::EINVAL),
        }
    }

    pub fn mkdir(&self, p: &CheckedPath, mode: u32) -> Result<(), Errno> {
        p.require(FsOps::of(FsOp::Create))?;
        match self.locate(p.path()) {
            Loc::Mem(fs, rel) => fs.mkdir(&rel, mode & !UMASK),
            Loc::Host(_, []) => Err(Errno::EEXIST),
            Loc::Host(dir, rel) => dir.mkdir(rel, mode),
            Loc::Dev(_) | Loc::Proc(_) => Err(Errno::EACCES),
        }
    }

    /// unlinkat(2); `dir` is `AT_REMOVEDIR`.
    pub fn unlink(&self, p: &CheckedPath, dir_only: bool) -> Result<(), Errno> {
        p.require(FsOps::of(FsOp::Delete))?;
        let p = p.path();
        if self.is_mount_point_or_holds_one(p) {
            return Err(Errno::EBUSY);
        }
        match self.locate(p) {
            Loc::Host(dir, rel) => dir.unlink(rel, dir_only),
            Loc::Mem(fs, rel) => fs.unlink(&rel, dir_only),
            Loc::Dev(_) | Loc::Proc(_) => Err(Errno::EACCES),
        }
    }

    fn is_mount_point_or_holds_one(&self, p: &VPath) -> bool {
        self.mounts.iter().any(|(at, _)| at.starts_with(p))
            || matches!(p.components(), [only] if only == b"dev" || only == b"proc")
    }

    /// The file system `loc` lies in, to tell whether two paths share one.
    fn fs_id(loc: &Loc<'_>) -> usize {
        match loc {
            Loc::Mem(fs, _) => Arc::as_ptr(fs) as usize,
            Loc::Host(dir, _) => *dir as *const HostDir as usize,
            Loc::Dev(_) => 1,
            Loc::Proc(_) => 2,
        }
    }

    pub fn rename(&self, old: &CheckedPath, new: &CheckedPath) -> Result<(), Errno> {
        old.require(FsOps::of(FsOp::Delete))?;
        new.require(FsOps::of(FsOp::Create))?;
        let (old, new) = (old.path(), new.path());
        if self.is_mount_point_or_holds_one(old) || self.is_mount_point_or_holds_one(new) {
            return Err(Errno::EBUSY);
        }
        let (a, b) = (self.locate(old), self.locate(new));
        if Self::fs_id(&a) != Self::fs_id(&b) {
            return Err(Errno::EXDEV);
        }
        match (a, b) {
            (Loc::Host(a, ra), Loc::Host(_, rb)) => a.rename(ra, rb),
            (Loc::Mem(fs, ra), Loc::Mem(_, rb)) => fs.rename(&ra, &rb),
            _ => Err(Errno::EACCES),
        }
    }

    /// linkat(2): `new` checked for `create` (and `old` checked as `crate::perm`
    /// says: the new name may grant nothing the old one does not).
    pub fn link(&self, old: &CheckedPath, new: &CheckedPath) -> Result<(), Errno> {
        new.require(FsOps::of(FsOp::Create))?;
        let (a, b) = (self.locate(old.path()), self.locate(new.path()));
        if Self::fs_id(&a) != Self::fs_id(&b) {
            return Err(Errno::EXDEV);
        }
        match (a, b) {
            (Loc::Host(a, ra), Loc::Host(_, rb)) => a.link(ra, rb),
            (Loc::Mem(fs, ra), Loc::Mem(_, rb)) => fs.link(&ra, &rb),
            _ => Err(Errno::EACCES),
        }
    }

    pub fn symlink(&self, target: &[u8], p: &CheckedPath) -> Result<(), Errno> {
        path::check_target(target)?;
        p.require(FsOps::of(FsOp::Create))?;
        match self.locate(p.path()) {
            Loc::Mem(fs, rel) => fs.symlink(target, &rel),
            Loc::Host(_, []) => Err(Errno::EEXIST),
            Loc::Host(dir, rel) => dir.symlink(target, rel),
            Loc::Dev(_) | Loc::Proc(_) => Err(Errno::EACCES),
        }
    }

    pub fn readlink(&self, process: Option<&Process>, p: &CheckedPath) -> Result<Vec<u8>, Errno> {
        p.require(FsOps::READ)?;
        match self.locate(p.path()) {
            Loc::Mem(fs, rel) => fs.readlink(&rel),
            Loc::Host(_, []) => Err(Errno::EINVAL),
            Loc::Host(dir, rel) => dir.readlink(rel),
            Loc::Dev(rel) => devfs::readlink(rel),
            Loc::Proc(rel) => procfs::readlink(self, process, rel),
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
            Loc::Mem(fs, rel) => fs.set_times_path(&rel, atime, mtime),
            Loc::Host(dir, rel) => dir.set_times(rel, atime, mtime),
            Loc::Dev(_) | Loc::Proc(_) => Err(Errno::EACCES),
        }
    }

    /// fchmodat(2) by path.
    pub fn chmod_at(&self, p: &CheckedPath, mode: u32) -> Result<(), Errno> {
        p.require(FsOps::of(FsOp::Write))?;
        self.chmod(p.path(), mode)
    }

    /// chmod of what is at `p` (the descriptor's path for fchmod of a host file).
    /// On host mounts the set-user-ID and set-group-ID bits are never set: the kernel
    /// may run as a more privileged user than the sandbox's.
    pub fn chmod(&self, p: &VPath, mode: u32) -> Result<(), Errno> {
        match self.locate(p) {
            Loc::Mem(fs, rel) => fs.chmod_path(&rel, mode),
            Loc::Host(dir, rel) => dir.chmod(rel, mode & 0o1777),
            Loc::Dev(_) | Loc::Proc(_) => Err(Errno::EPERM),
        }
    }

    /// fchownat(2) by path. Host files keep their host owners (`EPERM`).
    pub fn chown_at(
        &self,
        p: &CheckedPath,
        uid: Option<u32>,
        gid: Option<u32>,
    ) -> Result<(), Errno> {
        p.require(FsOps::of(FsOp::Write))?;
        match self.locate(p.path()) {
            Loc::Mem(fs, rel) => fs.chown_path(&rel, uid, gid),
            Loc::Host(..) if uid.is_none() && gid.is_none() => Ok(()),
            Loc::Host(dir, _) if !dir.writable => Err(Errno::EROFS),
            Loc::Host(..) | Loc::Dev(_) | Loc::Proc(_) => Err(Errno::EPERM),
        }
    }

    /// `EROFS` when `p` lies on a read-only host mount (for calls on descriptors).
    pub fn check_writable(&self, p: &VPath) -> Result<(), Errno> {
        match self.locate(p) {
            Loc::Host(dir, _) if !dir.writable => Err(Errno::EROFS),
            _ => Ok(()),
        }
    }

    /// Lists the directory open as `file`.
    pub fn read_dir(
        &self,
        process: Option<&Process>,
        file: &OpenFile,
        cookie: u64,
        max: usize,
    ) -> Result<Vec<DirEntry>, Errno> {
        match (&file.object, self.locate(&file.path)) {
            (Object::MemDir(h), _) => h.fs.read_dir(h.ino, cookie, max),
            (Object::HostDir(_), _) => {
                let now = self.current_path(file)?;
                match self.locate(&now) {
                    Loc::Host(dir, rel) => dir.read_dir(rel, cookie, max),
                    _ => Err(Errno::ENOENT),
                }
            }
            (Object::SynthDir, Loc::Dev(_)) => Ok(devfs::read_dir(cookie, max)),
            (Object::SynthDir, Loc::Proc(rel)) => procfs::read_dir(process, rel, cookie, max),
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
        vfs.open_object(&CheckedPath::for_vfs_tests(r, FsOps::ALL), flags, 0o644)
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
        // The sandbox's own /etc/passwd, never the host's.
        let Object::MemFile(h) = open(&vfs, "/m/abs", 0).unwrap() else { panic!("not memfs") };
        assert!(h.fs.read_at(h.ino, 0, 4096).unwrap().starts_with(b"root:x:0:0:root:/root:"));
        assert!(matches!(open(&vfs, "/m/rel", 0).unwrap(), Object::MemFile(_)));
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
        h.fs.write_at(h.ino, 0, false, b"still here", MEM_MAX_FILE).unwrap();
        vfs.unlink(&c("/tmp/f"), false).unwrap();
        assert_eq!(
            vfs.lookup(None, &VPath::parse_trusted("/tmp/f")).map(|l| matches!(l, Lookup::Missing)),
            Ok(true)
        );
        assert_eq!(h.fs.read_at(h.ino, 0, 100).unwrap(), b"still here");
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
        assert!(matches!(vfs.lookup(None, p("/tmp/a/y").path()).unwrap(), Lookup::Other));
    }

    #[test]
    fn the_skeleton_is_there_and_root_owned() {
        let vfs = Vfs::new();
        for (dir, mode) in skeleton::DIRS {
            let st = vfs.stat(&VPath::parse_trusted(dir)).unwrap();
            assert_eq!((st.kind, st.mode, st.uid), (FileType::Directory, *mode, 0), "{dir}");
        }
        let passwd = vfs.stat(&VPath::parse_trusted("/etc/passwd")).unwrap();
        assert_eq!((passwd.kind, passwd.mode), (FileType::Regular, 0o644));
        assert!(passwd.size > 0);
        // New files get the creation mask.
        drop(open(&vfs, "/tmp/new", oflags::O_CREAT | oflags::O_WRONLY).unwrap());
        assert_eq!(vfs.stat(&VPath::parse_trusted("/tmp/new")).unwrap().mode, 0o644 & !UMASK);
    }

    #[test]
    fn dev_entries_and_their_devices() {
        let vfs = Vfs::new();
        let Object::Device(null) = open(&vfs, "/dev/null", oflags::O_RDWR).unwrap() else {
            panic!("not a device")
        };
        assert_eq!(null.read(10), Ok(Vec::new()));
        assert_eq!(null.write(10), Ok(10));
        let Object::Device(full) = open(&vfs, "/dev/full", oflags::O_WRONLY).unwrap() else {
            panic!("not a device")
        };
        assert_eq!(full.write(1), Err(Errno::ENOSPC));
        assert_eq!(full.read(3), Ok(vec![0; 3]));
        let Object::Device(random) = open(&vfs, "/dev/urandom", 0).unwrap() else { panic!() };
        assert_ne!(random.read(32).unwrap(), vec![0; 32]);
        assert_eq!(open(&vfs, "/dev/tty", oflags::O_RDWR).unwrap_err(), Errno::ENXIO);
        assert_eq!(open(&vfs, "/dev/nothing", 0).unwrap_err(), Errno::ENOENT);
        // Without a process, /dev/stdout leads to an empty /proc.
        assert_eq!(open(&vfs, "/dev/stdout", oflags::O_WRONLY).unwrap_err(), Errno::ENOENT);
        assert_eq!(vfs.mkdir(&c("/dev/x"), 0o755), Err(Errno::EACCES));
        assert_eq!(vfs.unlink(&c("/dev/null"), false), Err(Errno::EACCES));
        assert_eq!(vfs.unlink(&c("/dev"), true), Err(Errno::EBUSY));
        assert_eq!(vfs.rename(&c("/dev/null"), &c("/tmp/null")), Err(Errno::EXDEV));
        let st = vfs.stat(&VPath::parse_trusted("/dev/zero")).unwrap();
        assert_eq!((st.kind, st.mode), (FileType::CharDevice, 0o666));
        // `..` out of /dev is the root's.
        let r = vfs.resolve(&VPath::root(), b"/dev/../dev/./null/", true);
        assert_eq!(r.unwrap_err(), Errno::ENOTDIR);
        let r = vfs.resolve(&VPath::root(), b"/dev/../etc/passwd", true).unwrap();
        assert_eq!(r.path.to_string(), "/etc/passwd");
    }

    #[test]
    fn tmpfs_mounts_have_their_own_size_and_device() {
        let mut vfs = Vfs::new();
        vfs.mount_tmpfs(VPath::parse_trusted("/scratch"), Capacity { bytes: 1 << 20, inodes: 8 });
        let Object::MemFile(h) =
            open(&vfs, "/scratch/f", oflags::O_CREAT | oflags::O_WRONLY).unwrap()
        else {
            panic!("not a memory file")
        };
        assert_eq!(h.fs.write_at(h.ino, 0, false, &vec![1; 1 << 20], MEM_MAX_FILE), Ok(1 << 20));
        assert_eq!(h.fs.write_at(h.ino, 1 << 20, false, b"x", MEM_MAX_FILE), Err(Errno::ENOSPC));
        // The root is not affected.
        drop(open(&vfs, "/tmp/g", oflags::O_CREAT | oflags::O_WRONLY).unwrap());
        let scratch = vfs.stat(&VPath::parse_trusted("/scratch")).unwrap();
        assert_eq!(scratch.mode, 0o1777);
        assert_ne!(scratch.dev, vfs.stat(&VPath::parse_trusted("/tmp")).unwrap().dev);
        assert_eq!(vfs.rename(&c("/scratch/f"), &c("/tmp/f")), Err(Errno::EXDEV));
        assert_eq!(vfs.link(&c("/scratch/f"), &c("/tmp/f")), Err(Errno::EXDEV));
        assert_eq!(vfs.unlink(&c("/scratch"), true), Err(Errno::EBUSY));
        vfs.rename(&c("/scratch/f"), &c("/scratch/g")).unwrap();
        // Eight inodes: the file and seven directories (the mount's root is the kernel's).
        for i in 0..7 {
            vfs.mkdir(&c(&format!("/scratch/d{i}")), 0o755).unwrap();
        }
        assert_eq!(vfs.mkdir(&c("/scratch/one-too-many"), 0o755), Err(Errno::ENOSPC));
    }

    #[test]
    fn statfs_reports_capacity_and_use() {
        let mut vfs = Vfs::new();
        vfs.mount_tmpfs(VPath::parse_trusted("/scratch"), Capacity { bytes: 1 << 20, inodes: 8 });
        let before = vfs.statfs(&VPath::parse_trusted("/scratch")).unwrap();
        assert_eq!((before.blocks, before.bfree, before.files, before.ffree), (256, 256, 8, 8));
        let Object::MemFile(h) =
            open(&vfs, "/scratch/f", oflags::O_CREAT | oflags::O_WRONLY).unwrap()
        else {
            panic!("not a memory file")
        };
        assert_eq!(h.fs.write_at(h.ino, 0, false, &[1; 8192], MEM_MAX_FILE), Ok(8192));
        let after = vfs.statfs(&VPath::parse_trusted("/scratch")).unwrap();
        assert_eq!((after.bfree, after.bavail, after.ffree), (254, 254, 7));
        // The root is another file system, of its own capacity.
        let root = vfs.statfs(&VPath::parse_trusted("/tmp")).unwrap();
        assert_eq!(root.blocks * root.bsize, Capacity::default().bytes);
        // A read-only host mount says so; /proc has no size.
        let dir = tempfile::tempdir().unwrap();
        let vfs = vfs_with_mount(dir.path(), false);
        let host = vfs.statfs(&VPath::parse_trusted("/m")).unwrap();
        assert!(host.read_only && host.blocks > 0, "{host:?}");
        let proc = vfs.statfs(&VPath::parse_trusted("/proc")).unwrap();
        assert_eq!((proc.fs_type, proc.blocks), (0x9fa0, 0));
    }

    #[test]
    fn the_mount_table_shows_mount_points_not_host_paths() {
        let dir = tempfile::tempdir().unwrap();
        let mut vfs = vfs_with_mount(dir.path(), true);
        vfs.mount_tmpfs(
            VPath::parse_trusted("/with space"),
            Capacity { bytes: 1 << 20, inodes: 8 },
        );
        let table = String::from_utf8(vfs.mount_table()).unwrap();
        assert_eq!(
            table,
            "sandbox / tmpfs rw 0 0\ndev /dev devtmpfs rw 0 0\nproc /proc proc rw 0 0\n\
             host /m hostfs rw 0 0\ntmpfs /with\\040space tmpfs rw 0 0\n"
        );
        assert!(!table.contains(&dir.path().display().to_string()));
    }

    #[test]
    fn a_mount_inside_a_tmpfs_is_listed_there() {
        let mut vfs = Vfs::new();
        let cap = Capacity { bytes: 1 << 20, inodes: 8 };
        vfs.mount_tmpfs(VPath::parse_trusted("/s"), cap);
        vfs.mount_tmpfs(VPath::parse_trusted("/s/inner"), cap);
        let Object::MemDir(h) = open(&vfs, "/s", oflags::O_RDONLY).unwrap() else { panic!() };
        let names: Vec<Vec<u8>> =
            h.fs.read_dir(h.ino, 0, 10).unwrap().into_iter().map(|e| e.name).collect();
        assert_eq!(names, [b".".to_vec(), b"..".to_vec(), b"inner".to_vec()]);
        assert_eq!(vfs.unlink(&c("/s/inner"), true), Err(Errno::EBUSY));
        assert_eq!(vfs.unlink(&c("/s"), true), Err(Errno::EBUSY));
    }
}
