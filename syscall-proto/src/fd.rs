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

/// The descriptor flag of `fcntl(F_GETFD)`/`F_SETFD` (Linux value): the descriptor is
/// closed when the process executes a new program.
pub const FD_CLOEXEC: u32 = 1;

/// Writes to a pipe of at most this many bytes are atomic: never interleaved with
/// other writers' data, never split (Linux's `PIPE_BUF`).
pub const PIPE_BUF: usize = 4096;

/// `poll(2)` event bits (Linux values), as [`PollFd::events`] and the `revents` of
/// `Reply::Polled` carry them.
pub mod poll {
    pub const POLLIN: u16 = 0x001;
    pub const POLLPRI: u16 = 0x002;
    pub const POLLOUT: u16 = 0x004;
    /// Reported whether asked for or not: an error condition (a pipe's write end with
    /// no reader left).
    pub const POLLERR: u16 = 0x008;
    /// Reported whether asked for or not: the peer hung up (a pipe's read end with no
    /// writer left).
    pub const POLLHUP: u16 = 0x010;
    /// Reported whether asked for or not: the descriptor is not open.
    pub const POLLNVAL: u16 = 0x020;
    pub const POLLRDNORM: u16 = 0x040;
    pub const POLLRDBAND: u16 = 0x080;
    pub const POLLWRNORM: u16 = 0x100;
    pub const POLLWRBAND: u16 = 0x200;
    pub const POLLRDHUP: u16 = 0x2000;
}

/// One entry of [`FdRequest::Poll`], as `struct pollfd` without `revents`. A negative
/// `fd` is skipped (its `revents` is 0), as poll(2) does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PollFd {
    pub fd: Fd,
    /// [`poll`] bits asked for.
    pub events: u16,
}

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

impl FileType {
    /// Linux's `S_IF*` bits for this type, as `st_mode` carries them (0 when unknown).
    pub fn mode_bits(self) -> u32 {
        match self {
            FileType::Regular => 0o100000,
            FileType::Directory => 0o040000,
            FileType::Symlink => 0o120000,
            FileType::CharDevice => 0o020000,
            FileType::BlockDevice => 0o060000,
            FileType::Fifo => 0o010000,
            FileType::Socket => 0o140000,
            FileType::Unknown => 0,
        }
    }
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

/// statfs(2) of the file system holding a path, as the kernel reports it: Linux's
/// `struct statfs` fields, in `bsize` units.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FsStat {
    /// Linux's `f_type` magic (`TMPFS_MAGIC` for the in-memory file systems,
    /// `PROC_SUPER_MAGIC` for `/proc`, the host's for a host mount).
    pub fs_type: u64,
    pub bsize: u64,
    pub blocks: u64,
    pub bfree: u64,
    /// Free blocks the sandbox's user may use.
    pub bavail: u64,
    pub files: u64,
    pub ffree: u64,
    pub namelen: u64,
    /// Mounted read-only (`ST_RDONLY`).
    pub read_only: bool,
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
    /// dup(2) and fcntl(`F_DUPFD`/`F_DUPFD_CLOEXEC`): a new descriptor for the same open
    /// file description (shared offset and status flags) at the lowest free number
    /// `>= min` (dup(2) is `min: 0`), with [`FD_CLOEXEC`] when `cloexec`. `EINVAL` when
    /// `min` is negative or not below the descriptor limit; `EMFILE` when no number is
    /// free. Replies `Fd`.
    Dup { fd: Fd, min: Fd, cloexec: bool },
    /// dup2(2) when `flags` is `None`, dup3(2) when it is `Some(0)` or
    /// `Some(O_CLOEXEC)`: `to` becomes a descriptor for `from`'s open file description,
    /// silently closing what `to` held. dup2 with `from == to` only checks `from` and
    /// answers `to`; dup3 answers `EINVAL` for equal descriptors or any other flag.
    /// `to` outside the descriptor limit is `EBADF`. Replies `Fd` with `to`.
    Dup3 { from: Fd, to: Fd, flags: Option<u32> },
    /// fcntl(`F_GETFD`). Replies `Flags` with [`FD_CLOEXEC`] or 0.
    GetFdFlags { fd: Fd },
    /// fcntl(`F_SETFD`): only [`FD_CLOEXEC`] means something; other bits are ignored,
    /// as on Linux. Replies `Unit`.
    SetFdFlags { fd: Fd, flags: u32 },
    /// pipe2(2): `flags` may hold `O_CLOEXEC` (both descriptors) and `O_NONBLOCK` (both
    /// open file descriptions); any other bit is `EINVAL`. The pipe holds 64 KiB;
    /// writes of at most [`PIPE_BUF`] bytes are atomic. Writing with no reader left is
    /// `EPIPE` and raises `SIGPIPE` (whose default action ends the process, status
    /// 141). Replies `FdPair(read end, write end)`.
    Pipe { flags: u32 },
    /// poll(2): waits until one entry is ready, `timeout_ms` passes (negative: no limit;
    /// 0: do not wait), or the process ends. Replies `Polled` with each entry's
    /// `revents` ([`poll`] bits) in order, all 0 after a timeout. More entries than the
    /// descriptor limit is `EINVAL`.
    Poll { fds: Vec<PollFd>, timeout_ms: i32 },
    /// fchmod(2). Replies `Unit`.
    Chmod { fd: Fd, mode: u32 },
    /// fchown(2), as `PathRequest::Chown`. Replies `Unit`.
    Chown { fd: Fd, uid: Option<u32>, gid: Option<u32> },
}
