//! The descriptor family: calls on an already open descriptor.

use serde::{Deserialize, Serialize};

/// A descriptor number in the calling process's table (Linux numbering; `AT_FDCWD` is
/// [`AT_FDCWD`]).
pub type Fd = i32;

/// The "current working directory" pseudo-descriptor of the `*at` calls.
pub const AT_FDCWD: Fd = -100;

/// Largest single read the kernel serves in one reply; bigger reads are short reads, as
/// on Linux (`MAX_RW_COUNT` is 2 GiB there; ours keeps replies within the ring budget).
pub const MAX_IO_CHUNK: u32 = 16 << 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Whence {
    Set,
    Cur,
    End,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileType {
    Unknown,
    Regular,
    Directory,
    Symlink,
    CharDevice,
    BlockDevice,
    Fifo,
    Socket,
}

/// A timestamp update for `utimensat`-style calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SetTime {
    /// Leave as it is (`UTIME_OMIT`).
    Omit,
    /// The kernel's current time (`UTIME_NOW`).
    Now,
    /// Nanoseconds since the Unix epoch.
    At(i64),
}

/// stat(2) as the kernel reports it. Times are nanoseconds since the Unix epoch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileStat {
    pub dev: u64,
    pub ino: u64,
    pub kind: FileType,
    /// Permission bits (`0o7777`); the type is in `kind`.
    pub mode: u32,
    pub nlink: u64,
    pub uid: u32,
    pub gid: u32,
    pub size: u64,
    pub blksize: u32,
    pub blocks: u64,
    pub atime: i64,
    pub mtime: i64,
    pub ctime: i64,
}

/// What `fcntl(F_GETFL)` and the descriptor's type tell about an open descriptor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FdStat {
    pub kind: FileType,
    /// Status flags: `O_ACCMODE` bits, `O_APPEND`, `O_NONBLOCK` (Linux values).
    pub flags: u32,
}

/// One directory entry. `next` is the cookie that continues the listing after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirEntry {
    pub next: u64,
    pub ino: u64,
    pub kind: FileType,
    pub name: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FdRequest {
    /// read(2) of at most `len` bytes (capped at [`MAX_IO_CHUNK`]). Replies `Data`;
    /// empty at end of file.
    Read { fd: Fd, len: u32 },
    /// pread(2). Replies `Data`.
    Pread { fd: Fd, len: u32, offset: u64 },
    /// write(2). Replies `Written`.
    Write { fd: Fd, data: Vec<u8> },
    /// pwrite(2). Replies `Written`.
    Pwrite { fd: Fd, data: Vec<u8>, offset: u64 },
    /// lseek(2). Replies `Offset`.
    Seek { fd: Fd, offset: i64, whence: Whence },
    /// close(2). Replies `Unit`.
    Close { fd: Fd },
    /// fstat(2). Replies `Stat`.
    Stat { fd: Fd },
    /// fcntl(F_GETFL) plus the descriptor's type. Replies `FdStat`.
    FdStat { fd: Fd },
    /// fcntl(F_SETFL): only `O_APPEND` and `O_NONBLOCK` change. Replies `Unit`.
    SetFlags { fd: Fd, flags: u32 },
    /// ftruncate(2). Replies `Unit`.
    SetSize { fd: Fd, size: u64 },
    /// futimens(2). Replies `Unit`.
    SetTimes { fd: Fd, atime: SetTime, mtime: SetTime },
    /// fsync(2) / fdatasync(2). Replies `Unit`.
    Sync { fd: Fd },
    /// getdents(2) from position `cookie` (0 is the start), at most `max` entries,
    /// including `.` and `..`. Replies `Entries`; empty at the end.
    ReadDir { fd: Fd, cookie: u64, max: u32 },
    /// dup2(2) then close(`from`): WASI's `fd_renumber`. Replies `Unit`.
    Renumber { from: Fd, to: Fd },
}
