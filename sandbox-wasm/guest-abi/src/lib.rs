//! The guest side of `docs/wasm-abi.md`: the raw bindings of the host import modules
//! [`process`] (`sandbox_process_v1`) and [`fs`] (`sandbox_fs_v1`) that `sandbox-wasm`
//! adds to WASI preview 1.
//!
//! Only the ABI lives here — the imported functions, the `#[repr(C)]` records and the
//! constants — so that every program declares them once, the same way. Safe wrappers
//! belong to the programs (the shell's `host.rs`, the commands' `sandbox-spawn` and
//! `fsext.rs`). Every function returns a WASI errno (0 is success) and writes its
//! results through pointers.
//!
//! The functions exist only on wasm targets; the records and constants build anywhere,
//! so that the host side's tests can compare them with its own.

#![no_std]

/// Declares the imported functions of one module and [`process::FUNCTIONS`] /
/// [`fs::FUNCTIONS`], the list of their names the host's tests compare against.
macro_rules! imports {
    ($module:literal; $($(#[$meta:meta])* fn $name:ident($($arg:ident: $ty:ty),* $(,)?);)*) => {
        /// The import module's name; the version is part of it.
        pub const MODULE: &str = $module;

        /// Every function the module has, by name.
        pub const FUNCTIONS: &[&str] = &[$(stringify!($name)),*];

        #[cfg(target_family = "wasm")]
        #[link(wasm_import_module = $module)]
        extern "C" {
            $($(#[$meta])* pub fn $name($($arg: $ty),*) -> i32;)*
        }
    };
}

/// `sandbox_process_v1`: spawning, waiting, signals, pipes, descriptors, process groups.
pub mod process {
    imports! {
        "sandbox_process_v1";
        /// The caller's pid.
        fn getpid(out: *mut i32);
        /// The parent's pid; 0 for init.
        fn getppid(out: *mut i32);
        /// posix_spawn: starts `req.program`; the child's pid in `pid_out`.
        fn spawn(req: *const SpawnRequest, pid_out: *mut i32);
        /// `options`: [`WNOHANG`], [`WUNTRACED`], [`WCONTINUED`]; `pid_out` is 0 under
        /// `WNOHANG` with nothing ready; `status_out` in Linux's encoding.
        fn waitpid(pid: i32, options: u32, pid_out: *mut i32, status_out: *mut i32);
        /// Linux signal numbers (not WASI's `signal` enum).
        fn kill(pid: i32, sig: u32);
        /// pipe2: read end, write end; `flags`: [`PIPE_CLOEXEC`], [`PIPE_NONBLOCK`].
        fn pipe(flags: u32, fds_out: *mut [i32; 2]);
        /// Unlike WASI's `fd_renumber`, `from` stays open.
        fn dup2(from: u32, to: u32);
        /// Whether a spawned child inherits `fd` (`on` = 1: it does not).
        fn set_cloexec(fd: u32, on: u32);
        /// `disposition`: [`SIG_DEFAULT`], [`SIG_IGNORE`], [`SIG_HANDLE`].
        fn sigaction(sig: u32, disposition: u32, old_out: *mut u32);
        /// `how`: [`SIG_BLOCK`], [`SIG_UNBLOCK`], [`SIG_SETMASK`]; bit `n - 1` is signal `n`.
        fn sigprocmask(how: u32, set: u64, old_out: *mut u64);
        /// The oldest handled signal delivered and not yet taken, or 0.
        fn signal_next(out: *mut i32);
        fn setpgid(pid: i32, pgid: i32);
        fn getpgid(pid: i32, out: *mut i32);
        /// The new session's id.
        fn setsid(out: *mut i32);
        fn getsid(pid: i32, out: *mut i32);
    }

    /// `waitpid` options.
    pub const WNOHANG: u32 = 1;
    pub const WUNTRACED: u32 = 2;
    pub const WCONTINUED: u32 = 8;

    /// `pipe` flags.
    pub const PIPE_CLOEXEC: u32 = 1 << 0;
    pub const PIPE_NONBLOCK: u32 = 1 << 1;

    /// `sigaction` dispositions.
    pub const SIG_DEFAULT: u32 = 0;
    pub const SIG_IGNORE: u32 = 1;
    pub const SIG_HANDLE: u32 = 2;

    /// `sigprocmask` hows.
    pub const SIG_BLOCK: u32 = 0;
    pub const SIG_UNBLOCK: u32 = 1;
    pub const SIG_SETMASK: u32 = 2;

    /// [`Action::kind`]s.
    pub const ACTION_DUP2: u32 = 0;
    pub const ACTION_CLOSE: u32 = 1;
    pub const ACTION_OPEN: u32 = 2;

    /// [`Action::flags`] of an `ACTION_OPEN` (this ABI's bits, not wasi-libc's `O_*`).
    pub const OPEN_READ: u32 = 1 << 0;
    pub const OPEN_WRITE: u32 = 1 << 1;
    pub const OPEN_CREATE: u32 = 1 << 2;
    pub const OPEN_TRUNCATE: u32 = 1 << 3;
    pub const OPEN_APPEND: u32 = 1 << 4;
    pub const OPEN_EXCLUSIVE: u32 = 1 << 5;
    pub const OPEN_CLOEXEC: u32 = 1 << 6;

    /// [`SpawnRequest::flags`]: the child starts a new session.
    pub const SPAWN_SETSID: u32 = 1 << 0;
    /// [`SpawnRequest::pgroup`]: the caller's process group.
    pub const PGROUP_INHERIT: i32 = -1;

    /// Most arguments, variables or file actions one spawn takes.
    pub const MAX_ITEMS: u32 = 1 << 16;

    /// Bytes of a [`Str`], an [`Action`] and a [`SpawnRequest`] on wasm32.
    pub const STRING_SIZE: u32 = 8;
    pub const ACTION_SIZE: u32 = 28;
    pub const SPAWN_REQUEST_SIZE: u32 = 48;

    /// An entry of a string list (`argv`, `env`): bytes, not NUL-terminated.
    #[repr(C)]
    #[derive(Clone, Copy, Debug)]
    pub struct Str {
        pub ptr: *const u8,
        pub len: u32,
    }

    impl Str {
        /// Borrows `bytes`, which must outlive the call the entry is passed to.
        pub const fn new(bytes: &[u8]) -> Self {
            Str { ptr: bytes.as_ptr(), len: bytes.len() as u32 }
        }
    }

    /// A file action of a spawn, applied in order in the child.
    #[repr(C)]
    #[derive(Clone, Copy, Debug)]
    pub struct Action {
        /// `ACTION_DUP2`, `ACTION_CLOSE` or `ACTION_OPEN`.
        pub kind: u32,
        /// The child's descriptor the action sets.
        pub fd: i32,
        /// `ACTION_DUP2`: the descriptor copied onto `fd`.
        pub from: i32,
        /// `ACTION_OPEN`: the path, relative to the child's working directory.
        pub path_ptr: *const u8,
        pub path_len: u32,
        /// `ACTION_OPEN`: `OPEN_*` bits.
        pub flags: u32,
        /// `ACTION_OPEN`: permission bits of a created file.
        pub mode: u32,
    }

    impl Action {
        /// Copies the caller's `from` onto the child's `fd`.
        pub const fn dup2(from: i32, fd: i32) -> Self {
            Self::plain(ACTION_DUP2, fd, from)
        }

        /// Closes the child's `fd`.
        pub const fn close(fd: i32) -> Self {
            Self::plain(ACTION_CLOSE, fd, 0)
        }

        /// Opens `path` (`OPEN_*` `flags`) as the child's `fd`.
        pub const fn open(fd: i32, path: &[u8], flags: u32, mode: u32) -> Self {
            Action {
                kind: ACTION_OPEN,
                fd,
                from: 0,
                path_ptr: path.as_ptr(),
                path_len: path.len() as u32,
                flags,
                mode,
            }
        }

        const fn plain(kind: u32, fd: i32, from: i32) -> Self {
            Action { kind, fd, from, path_ptr: core::ptr::null(), path_len: 0, flags: 0, mode: 0 }
        }
    }

    /// The record `spawn` reads. A length of 0 with any pointer is an empty item
    /// (`cwd_len` 0: the caller's working directory).
    #[repr(C)]
    #[derive(Clone, Copy, Debug)]
    pub struct SpawnRequest {
        /// A sandbox path, or a command name searched in `/bin`, `/usr/bin`.
        pub program: *const u8,
        pub program_len: u32,
        /// `argv[0]` first.
        pub argv: *const Str,
        pub argc: u32,
        /// `NAME=value` strings: the child's whole environment.
        pub env: *const Str,
        pub envc: u32,
        pub cwd: *const u8,
        pub cwd_len: u32,
        pub actions: *const Action,
        pub actions_len: u32,
        /// [`PGROUP_INHERIT`], 0 for a new group led by the child, or a group to join.
        pub pgroup: i32,
        /// [`SPAWN_SETSID`] or 0.
        pub flags: u32,
    }

    impl SpawnRequest {
        /// A request for a child in the caller's process group and session. It borrows
        /// the slices, which must outlive the `spawn` call; an empty `cwd` is the
        /// caller's working directory, an empty `env` an empty environment.
        pub fn new(
            program: &[u8],
            argv: &[Str],
            env: &[Str],
            cwd: &[u8],
            actions: &[Action],
        ) -> Self {
            SpawnRequest {
                program: program.as_ptr(),
                program_len: program.len() as u32,
                argv: argv.as_ptr(),
                argc: argv.len() as u32,
                env: env.as_ptr(),
                envc: env.len() as u32,
                cwd: cwd.as_ptr(),
                cwd_len: cwd.len() as u32,
                actions: actions.as_ptr(),
                actions_len: actions.len() as u32,
                pgroup: PGROUP_INHERIT,
                flags: 0,
            }
        }
    }

    // The layouts of docs/wasm-abi.md, checked wherever a guest is built.
    #[cfg(target_arch = "wasm32")]
    const _: () = {
        use core::mem::{offset_of, size_of};
        assert!(size_of::<Str>() == STRING_SIZE as usize);
        assert!(offset_of!(Str, len) == 4);
        assert!(size_of::<Action>() == ACTION_SIZE as usize);
        assert!(offset_of!(Action, from) == 8);
        assert!(offset_of!(Action, path_ptr) == 12);
        assert!(offset_of!(Action, mode) == 24);
        assert!(size_of::<SpawnRequest>() == SPAWN_REQUEST_SIZE as usize);
        assert!(offset_of!(SpawnRequest, argv) == 8);
        assert!(offset_of!(SpawnRequest, env) == 16);
        assert!(offset_of!(SpawnRequest, cwd) == 24);
        assert!(offset_of!(SpawnRequest, actions) == 32);
        assert!(offset_of!(SpawnRequest, pgroup) == 40);
        assert!(offset_of!(SpawnRequest, flags) == 44);
    };
}

/// `sandbox_fs_v1`: stat with Linux's fields, chmod and statfs.
///
/// `fd` is a WASI directory descriptor a relative `path` is resolved from; an absolute
/// path ignores it. The results are byte records (little-endian), read at the offsets
/// below.
pub mod fs {
    imports! {
        "sandbox_fs_v1";
        /// fstatat: `follow` 1 follows a final symlink, 0 does not; [`STAT_SIZE`] bytes
        /// written at `out`.
        fn stat(fd: u32, path: *const u8, path_len: u32, follow: u32, out: *mut u8);
        /// fchmodat (following a final symlink); `mode`: permission bits only.
        fn chmod(fd: u32, path: *const u8, path_len: u32, mode: u32);
        /// statfs: [`STATFS_SIZE`] bytes written at `out`.
        fn statfs(fd: u32, path: *const u8, path_len: u32, out: *mut u8);
    }

    /// Bytes of a `stat` record.
    pub const STAT_SIZE: u32 = 80;
    /// Byte offsets of the `stat` record's fields (u64 but for the u32 `mode`, `uid`,
    /// `gid`, `blksize`; times are i64 nanoseconds since the epoch).
    pub mod stat_at {
        pub const DEV: usize = 0;
        pub const INO: usize = 8;
        pub const MODE: usize = 16;
        pub const UID: usize = 20;
        pub const GID: usize = 24;
        pub const BLKSIZE: usize = 28;
        pub const NLINK: usize = 32;
        pub const SIZE: usize = 40;
        pub const BLOCKS: usize = 48;
        pub const ATIME: usize = 56;
        pub const MTIME: usize = 64;
        pub const CTIME: usize = 72;
    }

    /// Bytes of a `statfs` record: nine little-endian u64s.
    pub const STATFS_SIZE: u32 = 72;
    /// Indexes (in u64s) of the `statfs` record's fields.
    pub mod statfs_at {
        pub const TYPE: usize = 0;
        pub const BSIZE: usize = 1;
        pub const BLOCKS: usize = 2;
        pub const BFREE: usize = 3;
        pub const BAVAIL: usize = 4;
        pub const FILES: usize = 5;
        pub const FFREE: usize = 6;
        pub const NAMELEN: usize = 7;
        pub const FLAGS: usize = 8;
    }
    /// The `statfs` flags bit of a read-only mount.
    pub const ST_RDONLY: u64 = 1;

    /// `st_mode` file type bits, Linux's.
    pub const S_IFMT: u32 = 0o170000;
    pub const S_IFDIR: u32 = 0o040000;
    pub const S_IFREG: u32 = 0o100000;
    pub const S_IFLNK: u32 = 0o120000;
}
