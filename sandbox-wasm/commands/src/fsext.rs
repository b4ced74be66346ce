//! The `sandbox_fs_v1` host imports (docs/wasm-abi.md): stat with the permission bits,
//! owners and blocks WASI's `filestat` lacks, and chmod and statfs, which WASI has not
//! at all.

use std::io;
use std::os::wasi::ffi::OsStrExt;
use std::path::{Path, PathBuf};

#[link(wasm_import_module = "sandbox_fs_v1")]
unsafe extern "C" {
    #[link_name = "stat"]
    fn raw_stat(fd: u32, path: *const u8, path_len: u32, follow: u32, out: *mut u8) -> i32;
    #[link_name = "chmod"]
    fn raw_chmod(fd: u32, path: *const u8, path_len: u32, mode: u32) -> i32;
    #[link_name = "statfs"]
    fn raw_statfs(fd: u32, path: *const u8, path_len: u32, out: *mut u8) -> i32;
}

/// The preopened `/`; every path passed is absolute, so it only has to be a directory.
const ROOT_FD: u32 = 3;

pub const S_IFMT: u32 = 0o170000;
pub const S_IFDIR: u32 = 0o040000;
pub const S_IFREG: u32 = 0o100000;
pub const S_IFLNK: u32 = 0o120000;

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
    let mut b = [0u8; 80];
    // SAFETY: the path is a live buffer of the stated length; the host writes 80 bytes.
    check(unsafe { raw_stat(ROOT_FD, p.as_ptr(), p.len() as u32, follow as u32, b.as_mut_ptr()) })?;
    let u32_at = |at: usize| u32::from_le_bytes(b[at..at + 4].try_into().unwrap());
    let u64_at = |at: usize| u64::from_le_bytes(b[at..at + 8].try_into().unwrap());
    Ok(Stat {
        dev: u64_at(0),
        ino: u64_at(8),
        mode: u32_at(16),
        uid: u32_at(20),
        gid: u32_at(24),
        blksize: u32_at(28),
        nlink: u64_at(32),
        size: u64_at(40),
        blocks: u64_at(48),
        atime: u64_at(56) as i64,
        mtime: u64_at(64) as i64,
        ctime: u64_at(72) as i64,
    })
}

pub fn chmod(path: &Path, mode: u32) -> io::Result<()> {
    let p = absolute(path)?;
    let p = p.as_os_str().as_bytes();
    // SAFETY: the path is a live buffer of the stated length.
    check(unsafe { raw_chmod(ROOT_FD, p.as_ptr(), p.len() as u32, mode & 0o7777) })
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
    let mut b = [0u8; 72];
    // SAFETY: the path is a live buffer of the stated length; the host writes 72 bytes.
    check(unsafe { raw_statfs(ROOT_FD, p.as_ptr(), p.len() as u32, b.as_mut_ptr()) })?;
    let at = |i: usize| u64::from_le_bytes(b[i * 8..i * 8 + 8].try_into().unwrap());
    Ok(StatFs {
        fs_type: at(0),
        bsize: at(1),
        blocks: at(2),
        bfree: at(3),
        bavail: at(4),
        files: at(5),
        ffree: at(6),
        namelen: at(7),
        read_only: at(8) & 1 != 0,
    })
}

/// A user's or group's name from the sandbox's `/etc/passwd` or `/etc/group`.
pub fn name_of(db: &str, id: u32) -> Option<String> {
    let text = std::fs::read_to_string(db).ok()?;
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
