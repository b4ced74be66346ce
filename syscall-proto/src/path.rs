//! The path family: the `*at` calls. Every path is raw bytes (Linux paths need not be
//! UTF-8), relative to a directory descriptor or absolute in the sandbox's namespace.

use serde::{Deserialize, Serialize};

use crate::fd::{Fd, SetTime};

/// Open flags, Linux values, as `openat(2)` takes them.
pub mod oflags {
    pub const O_ACCMODE: u32 = 0o3;
    pub const O_RDONLY: u32 = 0o0;
    pub const O_WRONLY: u32 = 0o1;
    pub const O_RDWR: u32 = 0o2;
    pub const O_CREAT: u32 = 0o100;
    pub const O_EXCL: u32 = 0o200;
    pub const O_NOCTTY: u32 = 0o400;
    pub const O_TRUNC: u32 = 0o1000;
    pub const O_APPEND: u32 = 0o2000;
    pub const O_NONBLOCK: u32 = 0o4000;
    pub const O_DSYNC: u32 = 0o10000;
    pub const O_DIRECTORY: u32 = 0o200000;
    pub const O_NOFOLLOW: u32 = 0o400000;
    pub const O_CLOEXEC: u32 = 0o2000000;
    pub const O_SYNC: u32 = 0o4010000;
    pub const O_PATH: u32 = 0o10000000;
    /// Every flag the kernel understands; others are `EINVAL`.
    pub const KNOWN: u32 = O_ACCMODE
        | O_CREAT
        | O_EXCL
        | O_NOCTTY
        | O_TRUNC
        | O_APPEND
        | O_NONBLOCK
        | O_DSYNC
        | O_DIRECTORY
        | O_NOFOLLOW
        | O_CLOEXEC
        | O_SYNC
        | O_PATH;
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PathRequest {
    /// openat(2) with Linux `flags` ([`oflags`]) and `mode`. Replies `Fd`.
    Open { dirfd: Fd, path: Vec<u8>, flags: u32, mode: u32 },
    /// fstatat(2); `follow` is the absence of `AT_SYMLINK_NOFOLLOW`. Replies `Stat`.
    Stat { dirfd: Fd, path: Vec<u8>, follow: bool },
    /// utimensat(2). Replies `Unit`.
    SetTimes { dirfd: Fd, path: Vec<u8>, follow: bool, atime: SetTime, mtime: SetTime },
    /// mkdirat(2). Replies `Unit`.
    Mkdir { dirfd: Fd, path: Vec<u8>, mode: u32 },
    /// unlinkat(2) without `AT_REMOVEDIR`. Replies `Unit`.
    Unlink { dirfd: Fd, path: Vec<u8> },
    /// unlinkat(2) with `AT_REMOVEDIR`. Replies `Unit`.
    Rmdir { dirfd: Fd, path: Vec<u8> },
    /// renameat(2). Replies `Unit`.
    Rename { old_dirfd: Fd, old: Vec<u8>, new_dirfd: Fd, new: Vec<u8> },
    /// symlinkat(2): create `path` pointing at `target`. Replies `Unit`.
    Symlink { target: Vec<u8>, dirfd: Fd, path: Vec<u8> },
    /// readlinkat(2). Replies `Data` with the link's target.
    Readlink { dirfd: Fd, path: Vec<u8> },
    /// linkat(2). Replies `Unit`.
    Link { old_dirfd: Fd, old: Vec<u8>, new_dirfd: Fd, new: Vec<u8>, follow: bool },
    /// openat(2) + fstat(2) + read(2) + close(2) of a whole regular file, as program
    /// loaders and Node's `readFileSync` perform them; saves three round trips.
    /// Replies `Data`.
    ReadFile { dirfd: Fd, path: Vec<u8> },
    /// fchmodat(2) (always following a final symlink, as Linux's does): permission bits
    /// `mode & 0o7777`. Only the owner may (`EPERM`). Replies `Unit`.
    Chmod { dirfd: Fd, path: Vec<u8>, mode: u32 },
    /// fchownat(2); `None` leaves the id as it is (Linux's `-1`), `follow` is the
    /// absence of `AT_SYMLINK_NOFOLLOW`. The sandbox user may give a file it owns only
    /// to itself and its own group (`EPERM`). Replies `Unit`.
    Chown { dirfd: Fd, path: Vec<u8>, uid: Option<u32>, gid: Option<u32>, follow: bool },
    /// realpath(3) of an existing path: absolute, every symlink followed, no `.`,
    /// `..` or repeated `/`. `ENOENT` when it does not exist (a dangling link
    /// included), `ENOTDIR`, `ELOOP` as resolution gives them. Replies `Data`.
    Realpath { dirfd: Fd, path: Vec<u8> },
    /// chdir(2): the caller's working directory becomes the existing directory `path`
    /// names (resolved from the current one). `ENOENT`, `ENOTDIR`. As `Stat`, the
    /// policy is not asked: a directory one may not read gives nothing once there.
    /// Replies `Unit`.
    Chdir { path: Vec<u8> },
    /// statfs(2) of the file system `path` (resolved from `dirfd`, a final symlink
    /// followed) lies on: its size and use as the kernel knows them. As `Stat`, the
    /// policy is not asked. Replies `FsStat`.
    Statfs { dirfd: Fd, path: Vec<u8> },
}
