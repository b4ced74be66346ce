//! The `sandbox_fs_v1` host imports (docs/wasm-abi.md): stat with the permission bits,
//! owners and blocks WASI's `filestat` lacks, and chmod and statfs, which WASI has not
//! at all.

use std::io;
use std::os::wasi::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use sandbox_guest_abi::fs::{self as abi, stat_at, statfs_at};

pub use sandbox_guest_abi::fs::{S_IFDIR, S_IFLNK, S_IFMT, S_IFREG};

/// The preopened `/`; every path passed is absolute, so it only has to be a directory.
const ROOT_FD: u32 = 3;

/// Linux's `struct stat`, as the kernel reports it. Times are nanoseconds since the epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stat {
    pub dev: u64,
    pub ino: u64,
    /// Type and permission bits, as Linux's `st_mode`.
    pub mode: u32,
    pub uid: u32,
    pub gid: u32,
    pub blksize: u32,
    pub nlink: u64,
    pub size: u64,
    /// 512-byte blocks.
    pub blocks: u64,
    pub atime: i64,
    pub mtime: i64,
    pub ctime: i64,
}

impl Stat {
    pub fn is_dir(&self) -> bool {
        self.mode & S_IFMT == S_IFDIR
    }

    pub fn is_symlink(&self) -> bool {
        self.mode & S_IFMT == S_IFLNK
    }
}

/// The path as the kernel must see it: wasi-libc keeps the working directory itself.
fn absolute(path: &Path) -> io::Result<PathBuf> {
    Ok(if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir()?.join(path) })
}

fn check(code: i32) -> io::Result<()> {
    // wasi-libc's errno numbers are WASI's, which the host returns.
    if code == 0 {
        Ok(())
    } else {
        Err(io::Error::from_raw_os_error(code))
    }
}

pub fn stat(path: &Path, follow: bool) -> io::Result<Stat> {
    let p = absolute(path)?;
    let p = p.as_os_str().as_bytes();
    let mut b = [0u8; abi::STAT_SIZE as usize];
    // SAFETY: the path is a live buffer of the stated length; the host writes STAT_SIZE bytes.
    check(unsafe {
        abi::stat(ROOT_FD, p.as_ptr(), p.len() as u32, follow as u32, b.as_mut_ptr())
    })?;
    let u32_at = |at: usize| u32::from_le_bytes(b[at..at + 4].try_into().unwrap());
    let u64_at = |at: usize| u64::from_le_bytes(b[at..at + 8].try_into().unwrap());
    Ok(Stat {
        dev: u64_at(stat_at::DEV),
        ino: u64_at(stat_at::INO),
        mode: u32_at(stat_at::MODE),
        uid: u32_at(stat_at::UID),
        gid: u32_at(stat_at::GID),
        blksize: u32_at(stat_at::BLKSIZE),
        nlink: u64_at(stat_at::NLINK),
        size: u64_at(stat_at::SIZE),
        blocks: u64_at(stat_at::BLOCKS),
        atime: u64_at(stat_at::ATIME) as i64,
        mtime: u64_at(stat_at::MTIME) as i64,
        ctime: u64_at(stat_at::CTIME) as i64,
    })
}

pub fn chmod(path: &Path, mode: u32) -> io::Result<()> {
    let p = absolute(path)?;
    let p = p.as_os_str().as_bytes();
    // SAFETY: the path is a live buffer of the stated length.
    check(unsafe { abi::chmod(ROOT_FD, p.as_ptr(), p.len() as u32, mode & 0o7777) })
}

/// Linux's `struct statfs`, as the kernel reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatFs {
    pub fs_type: u64,
    pub bsize: u64,
    pub blocks: u64,
    pub bfree: u64,
    pub bavail: u64,
    pub files: u64,
    pub ffree: u64,
    pub namelen: u64,
    pub read_only: bool,
}

pub fn statfs(path: &Path) -> io::Result<StatFs> {
    let p = absolute(path)?;
    let p = p.as_os_str().as_bytes();
    let mut b = [0u8; abi::STATFS_SIZE as usize];
    // SAFETY: the path is a live buffer of the stated length; the host writes STATFS_SIZE
    // bytes.
    check(unsafe { abi::statfs(ROOT_FD, p.as_ptr(), p.len() as u32, b.as_mut_ptr()) })?;
    let at = |i: usize| u64::from_le_bytes(b[i * 8..i * 8 + 8].try_into().unwrap());
    Ok(StatFs {
        fs_type: at(statfs_at::TYPE),
        bsize: at(statfs_at::BSIZE),
        blocks: at(statfs_at::BLOCKS),
        bfree: at(statfs_at::BFREE),
        bavail: at(statfs_at::BAVAIL),
        files: at(statfs_at::FILES),
        ffree: at(statfs_at::FFREE),
        namelen: at(statfs_at::NAMELEN),
        read_only: at(statfs_at::FLAGS) & abi::ST_RDONLY != 0,
    })
}

/// A user's or group's name from the sandbox's `/etc/passwd` or `/etc/group`.
pub fn name_of(db: &str, id: u32) -> Option<String> {
    name_in(&std::fs::read_to_string(db).ok()?, id)
}

/// A user's or group's name from the text of a passwd or group file.
pub fn name_in(text: &str, id: u32) -> Option<String> {
    text.lines().find_map(|line| {
        let mut f = line.split(':');
        let name = f.next()?;
        let _password = f.next()?;
        (f.next()?.parse::<u32>().ok()? == id).then(|| name.to_string())
    })
}

/// An error as GNU tools print it: the message without Rust's "(os error N)".
pub fn message(err: &io::Error) -> String {
    uucore::error::strip_errno(err)
}
