//! A host directory mounted into the sandbox.
//!
//! The mount holds an `O_PATH` descriptor of its root, and every host call is made
//! relative to it with `openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS)` on a path whose
//! components the resolver (`path.rs`) has already checked one by one. So even if a
//! component is swapped for a symlink between our check and the call, the host kernel
//! refuses to follow it (ELOOP) rather than leave the mount. Symlinks are read here and
//! followed by the resolver in the sandbox's namespace, never by the host.

use std::os::fd::{AsFd, OwnedFd};
use std::path::{Path, PathBuf};

use nix::fcntl::{openat2, OFlag, OpenHow, ResolveFlag};
use nix::sys::stat::{fstat, FileStat as HostStat, Mode, SFlag, UtimensatFlags};
use nix::sys::time::TimeSpec;
use nix::unistd::UnlinkatFlags;
use syscall_proto::fd::{DirEntry, FileStat, FileType, FsStat, SetTime};
use syscall_proto::Errno;

use super::path::Lookup;

#[derive(Debug)]
pub struct HostDir {
    root: OwnedFd,
    pub host: PathBuf,
    pub writable: bool,
}

fn resolve_flags() -> ResolveFlag {
    ResolveFlag::RESOLVE_BENEATH
        | ResolveFlag::RESOLVE_NO_SYMLINKS
        | ResolveFlag::RESOLVE_NO_MAGICLINKS
}

fn join(rel: &[Vec<u8>]) -> Vec<u8> {
    if rel.is_empty() {
        return b".".to_vec();
    }
    rel.join(&b'/')
}

fn os(bytes: &[u8]) -> &std::ffi::OsStr {
    std::os::unix::ffi::OsStrExt::from_bytes(bytes)
}

pub fn file_type(mode: u32) -> FileType {
    match SFlag::from_bits_truncate(mode & SFlag::S_IFMT.bits()) {
        SFlag::S_IFDIR => FileType::Directory,
        SFlag::S_IFREG => FileType::Regular,
        SFlag::S_IFLNK => FileType::Symlink,
        SFlag::S_IFCHR => FileType::CharDevice,
        SFlag::S_IFBLK => FileType::BlockDevice,
        SFlag::S_IFIFO => FileType::Fifo,
        SFlag::S_IFSOCK => FileType::Socket,
        _ => FileType::Unknown,
    }
}

pub fn convert_stat(s: &HostStat) -> FileStat {
    let ns = |sec: i64, nsec: i64| sec.saturating_mul(1_000_000_000).saturating_add(nsec);
    FileStat {
        dev: s.st_dev,
        ino: s.st_ino,
        kind: file_type(s.st_mode),
        mode: s.st_mode & 0o7777,
        nlink: s.st_nlink,
        uid: s.st_uid,
        gid: s.st_gid,
        size: s.st_size.max(0) as u64,
        blksize: s.st_blksize.max(0) as u32,
        blocks: s.st_blocks.max(0) as u64,
        atime: ns(s.st_atime, s.st_atime_nsec),
        mtime: ns(s.st_mtime, s.st_mtime_nsec),
        ctime: ns(s.st_ctime, s.st_ctime_nsec),
    }
}

pub(crate) fn timespec(t: SetTime) -> TimeSpec {
    match t {
        SetTime::Omit => TimeSpec::UTIME_OMIT,
        SetTime::Now => TimeSpec::UTIME_NOW,
        SetTime::At(ns) => {
            TimeSpec::new(ns.div_euclid(1_000_000_000), ns.rem_euclid(1_000_000_000))
        }
    }
}

impl HostDir {
    /// Opens the mount's root.
    ///
    /// # Errors
    /// When the host directory cannot be opened.
    pub fn open(host: &Path, writable: bool) -> std::io::Result<HostDir> {
        let root = nix::fcntl::open(
            host,
            OFlag::O_PATH | OFlag::O_DIRECTORY | OFlag::O_CLOEXEC,
            Mode::empty(),
        )
        .map_err(std::io::Error::from)?;
        Ok(HostDir { root, host: host.to_path_buf(), writable })
    }

    /// Opens `rel` beneath the root. `O_NOFOLLOW` is always added: the final component
    /// has been resolved already, and a symlink there means the caller asked not to
    /// follow it.
    pub fn open_rel(&self, rel: &[Vec<u8>], flags: OFlag, mode: u32) -> Result<OwnedFd, Errno> {
        // openat2 rejects a mode without O_CREAT (EINVAL), unlike openat.
        let mode = if flags.contains(OFlag::O_CREAT) { mode & 0o7777 } else { 0 };
        let how = OpenHow::new()
            .flags(flags | OFlag::O_CLOEXEC | OFlag::O_NOFOLLOW)
            .mode(Mode::from_bits_truncate(mode))
            .resolve(resolve_flags());
        openat2(self.root.as_fd(), os(&join(rel)), how).map_err(Errno::from)
    }

    /// The parent directory (as `O_PATH`) and final name of a non-root `rel`.
    fn parent<'r>(&self, rel: &'r [Vec<u8>]) -> Result<(OwnedFd, &'r [u8]), Errno> {
        let (name, dir) = rel.split_last().ok_or(Errno::EBUSY)?;
        Ok((self.open_rel(dir, OFlag::O_PATH | OFlag::O_DIRECTORY, 0)?, name))
    }

    fn check_writable(&self) -> Result<(), Errno> {
        if self.writable {
            Ok(())
        } else {
            Err(Errno::EROFS)
        }
    }

    /// Where the directory held open as `fd` is now, relative to the mount's root:
    /// found from the host's name for the descriptor. `ENOENT` once it has been
    /// removed, or if it is no longer below the mount's root.
    pub fn rel_of(&self, fd: &OwnedFd) -> Result<Vec<Vec<u8>>, Errno> {
        use std::os::fd::AsRawFd;
        use std::os::unix::ffi::OsStrExt;
        if fstat(fd).map_err(Errno::from)?.st_nlink == 0 {
            return Err(Errno::ENOENT);
        }
        let link = format!("/proc/self/fd/{}", fd.as_raw_fd());
        let now = std::fs::read_link(link).map_err(|_| Errno::ENOENT)?;
        let root = std::fs::read_link(format!("/proc/self/fd/{}", self.root.as_raw_fd()))
            .map_err(|_| Errno::ENOENT)?;
        let rel = now.strip_prefix(&root).map_err(|_| Errno::ENOENT)?;
        Ok(rel.iter().map(|c| c.as_bytes().to_vec()).collect())
    }

    pub fn lookup(&self, rel: &[Vec<u8>]) -> Result<Lookup, Errno> {
        let fd = match self.open_rel(rel, OFlag::O_PATH, 0) {
            Ok(fd) => fd,
            Err(Errno::ENOENT) => return Ok(Lookup::Missing),
            Err(e) => return Err(e),
        };
        let st = fstat(&fd).map_err(Errno::from)?;
        Ok(match file_type(st.st_mode) {
            FileType::Directory => Lookup::Directory,
            FileType::Symlink => Lookup::Symlink(self.readlink(rel)?),
            _ => Lookup::Other,
        })
    }

    pub fn stat(&self, rel: &[Vec<u8>]) -> Result<FileStat, Errno> {
        let fd = self.open_rel(rel, OFlag::O_PATH, 0)?;
        Ok(convert_stat(&fstat(&fd).map_err(Errno::from)?))
    }

    /// fstatfs(2) of the host file system under the mount, read-only when the mount is
    /// or the host file system itself is.
    pub fn statfs(&self) -> Result<FsStat, Errno> {
        let st = nix::sys::statfs::fstatfs(&self.root).map_err(Errno::from)?;
        Ok(FsStat {
            fs_type: st.filesystem_type().0 as u64,
            bsize: st.block_size() as u64,
            blocks: st.blocks(),
            bfree: st.blocks_free(),
            bavail: st.blocks_available(),
            files: st.files(),
            ffree: st.files_free(),
            namelen: st.maximum_name_length() as u64,
            read_only: !self.writable || st.flags().contains(nix::sys::statvfs::FsFlags::ST_RDONLY),
        })
    }

    /// Opens for I/O, enforcing the mount's mode: write access, truncation, or creating
    /// a file on a read-only mount is `EROFS`.
    pub fn open_file(
        &self,
        rel: &[Vec<u8>],
        flags: OFlag,
        mode: u32,
        exists: bool,
    ) -> Result<OwnedFd, Errno> {
        let accmode = flags & OFlag::O_ACCMODE;
        let writes = accmode == OFlag::O_WRONLY
            || accmode == OFlag::O_RDWR
            || flags.contains(OFlag::O_TRUNC)
            || (flags.contains(OFlag::O_CREAT) && !exists);
        if writes {
            self.check_writable()?;
        }
        self.open_rel(rel, flags, mode)
    }

    pub fn mkdir(&self, rel: &[Vec<u8>], mode: u32) -> Result<(), Errno> {
        self.check_writable()?;
        let (dir, name) = self.parent(rel)?;
        nix::sys::stat::mkdirat(&dir, os(name), Mode::from_bits_truncate(mode & 0o7777))
            .map_err(Errno::from)
    }

    pub fn unlink(&self, rel: &[Vec<u8>], dir_only: bool) -> Result<(), Errno> {
        self.check_writable()?;
        let (dir, name) = self.parent(rel)?;
        let flag = if dir_only { UnlinkatFlags::RemoveDir } else { UnlinkatFlags::NoRemoveDir };
        nix::unistd::unlinkat(&dir, os(name), flag).map_err(Errno::from)
    }

    pub fn symlink(&self, target: &[u8], rel: &[Vec<u8>]) -> Result<(), Errno> {
        self.check_writable()?;
        let (dir, name) = self.parent(rel)?;
        nix::unistd::symlinkat(os(target), &dir, os(name)).map_err(Errno::from)
    }

    pub fn readlink(&self, rel: &[Vec<u8>]) -> Result<Vec<u8>, Errno> {
        let (dir, name) =
            self.parent(rel).map_err(|e| if e == Errno::EBUSY { Errno::EINVAL } else { e })?;
        nix::fcntl::readlinkat(&dir, os(name))
            .map(std::os::unix::ffi::OsStringExt::into_vec)
            .map_err(Errno::from)
    }

    pub fn rename(&self, old: &[Vec<u8>], new: &[Vec<u8>]) -> Result<(), Errno> {
        self.check_writable()?;
        let (od, on) = self.parent(old)?;
        let (nd, nn) = self.parent(new)?;
        nix::fcntl::renameat(&od, os(on), &nd, os(nn)).map_err(Errno::from)
    }

    pub fn link(&self, old: &[Vec<u8>], new: &[Vec<u8>]) -> Result<(), Errno> {
        self.check_writable()?;
        let (od, on) = self.parent(old)?;
        let (nd, nn) = self.parent(new)?;
        nix::unistd::linkat(&od, os(on), &nd, os(nn), nix::fcntl::AtFlags::empty())
            .map_err(Errno::from)
    }

    pub fn set_times(&self, rel: &[Vec<u8>], atime: SetTime, mtime: SetTime) -> Result<(), Errno> {
        self.check_writable()?;
        let (dir, name) = match rel.split_last() {
            Some(_) => self.parent(rel)?,
            None => (self.open_rel(rel, OFlag::O_PATH | OFlag::O_DIRECTORY, 0)?, &b"."[..]),
        };
        nix::sys::stat::utimensat(
            &dir,
            os(name),
            &timespec(atime),
            &timespec(mtime),
            UtimensatFlags::NoFollowSymlink,
        )
        .map_err(Errno::from)
    }

    /// chmod of `rel`, never through a symlink (swapped in since it was resolved, it
    /// is refused rather than followed out of the mount).
    pub fn chmod(&self, rel: &[Vec<u8>], mode: u32) -> Result<(), Errno> {
        self.check_writable()?;
        let (dir, name) = match rel.split_last() {
            Some(_) => self.parent(rel)?,
            None => (self.open_rel(rel, OFlag::O_PATH | OFlag::O_DIRECTORY, 0)?, &b"."[..]),
        };
        nix::sys::stat::fchmodat(
            &dir,
            os(name),
            Mode::from_bits_truncate(mode),
            nix::sys::stat::FchmodatFlags::NoFollowSymlink,
        )
        .map_err(|e| match e {
            // glibc answers a symlink with EOPNOTSUPP; Linux's chmod never reaches one.
            nix::errno::Errno::EOPNOTSUPP => Errno::ELOOP,
            e => Errno::from(e),
        })
    }

    /// Lists a directory: `.`, `..`, then the entries sorted by name, so cookies (positions)
    /// stay stable between calls.
    pub fn read_dir(
        &self,
        rel: &[Vec<u8>],
        cookie: u64,
        max: usize,
    ) -> Result<Vec<DirEntry>, Errno> {
        let fd = self.open_rel(rel, OFlag::O_RDONLY | OFlag::O_DIRECTORY, 0)?;
        let mut dir = nix::dir::Dir::from_fd(fd).map_err(Errno::from)?;
        let mut names: Vec<(Vec<u8>, u64, FileType)> = Vec::new();
        for entry in dir.iter() {
            let entry = entry.map_err(Errno::from)?;
            let name = entry.file_name().to_bytes().to_vec();
            if name == b"." || name == b".." {
                continue;
            }
            let kind = match entry.file_type() {
                Some(nix::dir::Type::Directory) => FileType::Directory,
                Some(nix::dir::Type::File) => FileType::Regular,
                Some(nix::dir::Type::Symlink) => FileType::Symlink,
                Some(nix::dir::Type::CharacterDevice) => FileType::CharDevice,
                Some(nix::dir::Type::BlockDevice) => FileType::BlockDevice,
                Some(nix::dir::Type::Fifo) => FileType::Fifo,
                Some(nix::dir::Type::Socket) => FileType::Socket,
                None => FileType::Unknown,
            };
            names.push((name, entry.ino(), kind));
        }
        names.sort_by(|a, b| a.0.cmp(&b.0));
        let dots =
            [(b".".to_vec(), 0, FileType::Directory), (b"..".to_vec(), 0, FileType::Directory)];
        Ok(dots
            .into_iter()
            .chain(names)
            .enumerate()
            .skip(usize::try_from(cookie).unwrap_or(usize::MAX))
            .take(max)
            .map(|(pos, (name, ino, kind))| DirEntry { next: pos as u64 + 1, ino, kind, name })
            .collect())
    }
}
