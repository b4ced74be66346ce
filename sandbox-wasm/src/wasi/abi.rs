//! The WASI preview 1 ABI as the guest sees it: flag bits, enum tags and record layouts
//! from `legacy/preview1/witx/typenames.witx`. Numbers only; no logic.
//!
//! Layouts are little-endian with natural alignment, as the witx records lower to
//! linear memory. Offsets are given next to each record's size.

#![allow(dead_code, reason = "the whole ABI table, used or not")]

/// `filetype` (u8).
pub mod filetype {
    pub const UNKNOWN: u8 = 0;
    pub const BLOCK_DEVICE: u8 = 1;
    pub const CHARACTER_DEVICE: u8 = 2;
    pub const DIRECTORY: u8 = 3;
    pub const REGULAR_FILE: u8 = 4;
    pub const SOCKET_DGRAM: u8 = 5;
    pub const SOCKET_STREAM: u8 = 6;
    pub const SYMBOLIC_LINK: u8 = 7;
}

/// `fdflags` (u16).
pub mod fdflags {
    pub const APPEND: u16 = 1 << 0;
    pub const DSYNC: u16 = 1 << 1;
    pub const NONBLOCK: u16 = 1 << 2;
    pub const RSYNC: u16 = 1 << 3;
    pub const SYNC: u16 = 1 << 4;
    pub const ALL: u16 = APPEND | DSYNC | NONBLOCK | RSYNC | SYNC;
}

/// `oflags` (u16), the `path_open` creation flags.
pub mod oflags {
    pub const CREAT: u16 = 1 << 0;
    pub const DIRECTORY: u16 = 1 << 1;
    pub const EXCL: u16 = 1 << 2;
    pub const TRUNC: u16 = 1 << 3;
    pub const ALL: u16 = CREAT | DIRECTORY | EXCL | TRUNC;
}

/// `lookupflags` (u32).
pub mod lookupflags {
    pub const SYMLINK_FOLLOW: u32 = 1 << 0;
    pub const ALL: u32 = SYMLINK_FOLLOW;
}

/// `fstflags` (u16), which timestamps `*_filestat_set_times` changes.
pub mod fstflags {
    pub const ATIM: u16 = 1 << 0;
    pub const ATIM_NOW: u16 = 1 << 1;
    pub const MTIM: u16 = 1 << 2;
    pub const MTIM_NOW: u16 = 1 << 3;
    pub const ALL: u16 = ATIM | ATIM_NOW | MTIM | MTIM_NOW;
}

/// `clockid` (u32).
pub mod clockid {
    pub const REALTIME: u32 = 0;
    pub const MONOTONIC: u32 = 1;
    pub const PROCESS_CPUTIME_ID: u32 = 2;
    pub const THREAD_CPUTIME_ID: u32 = 3;
}

/// `whence` (u8).
pub mod whence {
    pub const SET: u8 = 0;
    pub const CUR: u8 = 1;
    pub const END: u8 = 2;
}

/// `advice` (u8): `normal` (0) to `noreuse` (5).
pub const ADVICE_MAX: u8 = 5;

/// `eventtype` (u8).
pub mod eventtype {
    pub const CLOCK: u8 = 0;
    pub const FD_READ: u8 = 1;
    pub const FD_WRITE: u8 = 2;
}

/// `subclockflags` (u16).
pub const SUBSCRIPTION_CLOCK_ABSTIME: u16 = 1 << 0;

/// `eventrwflags` (u16): the peer of a descriptor subscription hung up.
pub const EVENTRWFLAGS_FD_READWRITE_HANGUP: u16 = 1 << 0;

/// `preopentype` (u8): the only kind is a directory.
pub const PREOPENTYPE_DIR: u8 = 0;

/// `rights` (u64). The kernel, not the descriptor's rights, decides what a descriptor
/// may do; rights are reported so that wasi-libc's `fcntl(F_GETFL)` and `isatty` read
/// the truth, and are otherwise not enforced here.
pub mod rights {
    pub const FD_DATASYNC: u64 = 1 << 0;
    pub const FD_READ: u64 = 1 << 1;
    pub const FD_SEEK: u64 = 1 << 2;
    pub const FD_FDSTAT_SET_FLAGS: u64 = 1 << 3;
    pub const FD_SYNC: u64 = 1 << 4;
    pub const FD_TELL: u64 = 1 << 5;
    pub const FD_WRITE: u64 = 1 << 6;
    pub const FD_ADVISE: u64 = 1 << 7;
    pub const FD_ALLOCATE: u64 = 1 << 8;
    pub const PATH_CREATE_DIRECTORY: u64 = 1 << 9;
    pub const PATH_CREATE_FILE: u64 = 1 << 10;
    pub const PATH_LINK_SOURCE: u64 = 1 << 11;
    pub const PATH_LINK_TARGET: u64 = 1 << 12;
    pub const PATH_OPEN: u64 = 1 << 13;
    pub const FD_READDIR: u64 = 1 << 14;
    pub const PATH_READLINK: u64 = 1 << 15;
    pub const PATH_RENAME_SOURCE: u64 = 1 << 16;
    pub const PATH_RENAME_TARGET: u64 = 1 << 17;
    pub const PATH_FILESTAT_GET: u64 = 1 << 18;
    pub const PATH_FILESTAT_SET_SIZE: u64 = 1 << 19;
    pub const PATH_FILESTAT_SET_TIMES: u64 = 1 << 20;
    pub const FD_FILESTAT_GET: u64 = 1 << 21;
    pub const FD_FILESTAT_SET_SIZE: u64 = 1 << 22;
    pub const FD_FILESTAT_SET_TIMES: u64 = 1 << 23;
    pub const PATH_SYMLINK: u64 = 1 << 24;
    pub const PATH_REMOVE_DIRECTORY: u64 = 1 << 25;
    pub const PATH_UNLINK_FILE: u64 = 1 << 26;
    pub const POLL_FD_READWRITE: u64 = 1 << 27;
    pub const SOCK_SHUTDOWN: u64 = 1 << 28;
    pub const SOCK_ACCEPT: u64 = 1 << 29;

    /// What a regular file (or a block device) can do.
    pub const REGULAR_FILE: u64 = FD_DATASYNC
        | FD_READ
        | FD_SEEK
        | FD_FDSTAT_SET_FLAGS
        | FD_SYNC
        | FD_TELL
        | FD_WRITE
        | FD_ADVISE
        | FD_ALLOCATE
        | FD_FILESTAT_GET
        | FD_FILESTAT_SET_SIZE
        | FD_FILESTAT_SET_TIMES
        | POLL_FD_READWRITE;

    /// What a directory can do.
    pub const DIRECTORY: u64 = FD_FDSTAT_SET_FLAGS
        | FD_SYNC
        | FD_ADVISE
        | PATH_CREATE_DIRECTORY
        | PATH_CREATE_FILE
        | PATH_LINK_SOURCE
        | PATH_LINK_TARGET
        | PATH_OPEN
        | FD_READDIR
        | PATH_READLINK
        | PATH_RENAME_SOURCE
        | PATH_RENAME_TARGET
        | PATH_FILESTAT_GET
        | PATH_FILESTAT_SET_SIZE
        | PATH_FILESTAT_SET_TIMES
        | FD_FILESTAT_GET
        | FD_FILESTAT_SET_TIMES
        | PATH_SYMLINK
        | PATH_REMOVE_DIRECTORY
        | PATH_UNLINK_FILE
        | POLL_FD_READWRITE;

    /// What a descriptor opened under a directory may be given.
    pub const DIRECTORY_INHERITING: u64 = DIRECTORY | REGULAR_FILE;

    /// A terminal (any character device), a pipe, or anything else that streams: no
    /// `FD_SEEK`/`FD_TELL`, which is how wasi-libc's `isatty` recognises a terminal
    /// (together with the character-device file type).
    pub const UNSEEKABLE: u64 =
        FD_READ | FD_WRITE | FD_FDSTAT_SET_FLAGS | FD_FILESTAT_GET | POLL_FD_READWRITE;

    /// A socket.
    pub const SOCKET: u64 = UNSEEKABLE | SOCK_SHUTDOWN | SOCK_ACCEPT;

    /// A symbolic link opened without following it.
    pub const SYMBOLIC_LINK: u64 = FD_FILESTAT_GET;

    /// The rights that need the descriptor open for writing.
    pub const NEED_WRITE: u64 = FD_WRITE | FD_ALLOCATE | FD_FILESTAT_SET_SIZE;

    /// The rights that need the descriptor open for reading.
    pub const NEED_READ: u64 = FD_READ | FD_READDIR;
}

/// `iovec` / `ciovec`: `buf` u32 @0, `buf_len` u32 @4.
pub const IOVEC_SIZE: u32 = 8;

/// `fdstat`: `fs_filetype` u8 @0, `fs_flags` u16 @2, `fs_rights_base` u64 @8,
/// `fs_rights_inheriting` u64 @16.
pub const FDSTAT_SIZE: u32 = 24;

/// `filestat`: `dev` u64 @0, `ino` u64 @8, `filetype` u8 @16, `nlink` u64 @24,
/// `size` u64 @32, `atim` u64 @40, `mtim` u64 @48, `ctim` u64 @56.
pub const FILESTAT_SIZE: u32 = 64;

/// `dirent` header, followed by `d_namlen` bytes of name: `d_next` u64 @0, `d_ino` u64
/// @8, `d_namlen` u32 @16, `d_type` u8 @20.
pub const DIRENT_SIZE: usize = 24;

/// `prestat`: tag u8 @0, `pr_name_len` u32 @4.
pub const PRESTAT_SIZE: u32 = 8;

/// `subscription`: `userdata` u64 @0, tag u8 @8, then the union at @16. Clock:
/// `id` u32 @16, `timeout` u64 @24, `precision` u64 @32, `flags` u16 @40.
/// fd_read/fd_write: `file_descriptor` u32 @16.
pub const SUBSCRIPTION_SIZE: u32 = 48;

/// `event`: `userdata` u64 @0, `error` u16 @8, `type` u8 @10, `fd_readwrite.nbytes` u64
/// @16, `fd_readwrite.flags` u16 @24.
pub const EVENT_SIZE: u32 = 32;
