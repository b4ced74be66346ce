//! `path_*`: calls that name a path relative to a directory descriptor
//! (`PathRequest`). Paths go to the kernel as the program's bytes; the kernel resolves
//! them in the sandbox's namespace and decides what is allowed.

use syscall_proto::fd::FdRequest;
use syscall_proto::path::{oflags as linux, PathRequest};
use syscall_proto::{Request, PATH_MAX};

use super::abi::{fdflags, lookupflags, oflags, rights};
use super::fd::set_times;
use super::{kernel_fd, CallResult, GuestMemory, WasiCtx};
use crate::errno::WasiErrno;

/// Mode of files created by `path_open` (the kernel applies the umask).
const FILE_MODE: u32 = 0o666;
/// Mode of directories created by `path_create_directory`.
const DIR_MODE: u32 = 0o777;

/// Reads a path argument out of guest memory. Longer than `PATH_MAX` is
/// `ENAMETOOLONG` without asking the kernel (which would refuse it too).
pub(super) fn path_arg(mem: &GuestMemory<'_>, ptr: u32, len: u32) -> Result<Vec<u8>, WasiErrno> {
    let bytes = mem.slice(ptr, len)?;
    if bytes.len() > PATH_MAX {
        return Err(WasiErrno::ENAMETOOLONG);
    }
    Ok(bytes.to_vec())
}

/// Whether `lookupflags` asks to follow a final symlink; unknown bits are `EINVAL`.
fn follow(flags: u32) -> Result<bool, WasiErrno> {
    if flags & !lookupflags::ALL != 0 {
        return Err(WasiErrno::EINVAL);
    }
    Ok(flags & lookupflags::SYMLINK_FOLLOW != 0)
}

/// Linux `openat(2)` flags for a `path_open`.
///
/// - Access mode from the requested rights: `FD_READ` or `FD_READDIR` reads,
///   `FD_WRITE` writes (wasi-libc and Rust std always ask for `FD_WRITE` when they
///   mean to write). Neither is `O_RDONLY`, the least a Linux open can ask.
/// - `oflags`: `CREAT`, `DIRECTORY`, `EXCL`, `TRUNC` to their `O_*`.
/// - `fdflags`: `APPEND`, `NONBLOCK`, `DSYNC` to their `O_*`; `SYNC` and `RSYNC` to
///   `O_SYNC` (Linux's `O_RSYNC` is `O_SYNC`).
/// - Without `SYMLINK_FOLLOW`, `O_NOFOLLOW`: like WASI's flag it concerns only the last
///   component, and a symlink there is `ELOOP`.
///
/// Unknown bits in `oflags`, `fdflags` or `lookupflags` are `EINVAL`.
pub fn open_flags(
    lookup: u32,
    open: u32,
    rights_base: u64,
    fd_flags: u32,
) -> Result<u32, WasiErrno> {
    let follow = follow(lookup)?;
    if open & !u32::from(oflags::ALL) != 0 || fd_flags & !u32::from(fdflags::ALL) != 0 {
        return Err(WasiErrno::EINVAL);
    }
    let read = rights_base & rights::NEED_READ != 0;
    let write = rights_base & rights::FD_WRITE != 0;
    let mut flags = match (read, write) {
        (_, false) => linux::O_RDONLY,
        (false, true) => linux::O_WRONLY,
        (true, true) => linux::O_RDWR,
    };
    for (wasi, bit) in [
        (oflags::CREAT, linux::O_CREAT),
        (oflags::DIRECTORY, linux::O_DIRECTORY),
        (oflags::EXCL, linux::O_EXCL),
        (oflags::TRUNC, linux::O_TRUNC),
    ] {
        if open & u32::from(wasi) != 0 {
            flags |= bit;
        }
    }
    for (wasi, bit) in [
        (fdflags::APPEND, linux::O_APPEND),
        (fdflags::NONBLOCK, linux::O_NONBLOCK),
        (fdflags::DSYNC, linux::O_DSYNC),
        (fdflags::SYNC, linux::O_SYNC),
        (fdflags::RSYNC, linux::O_SYNC),
    ] {
        if fd_flags & u32::from(wasi) != 0 {
            flags |= bit;
        }
    }
    if !follow {
        flags |= linux::O_NOFOLLOW;
    }
    Ok(flags)
}

#[allow(clippy::too_many_arguments, reason = "the WASI ABI fixes the parameters")]
pub fn path_open(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    dirflags: u32,
    path: u32,
    path_len: u32,
    oflags: u32,
    rights_base: u64,
    _rights_inheriting: u64,
    fdflags: u32,
    opened: u32,
) -> CallResult {
    let dirfd = kernel_fd(fd)?;
    let path = path_arg(mem, path, path_len)?;
    let flags = open_flags(dirflags, oflags, rights_base, fdflags)?;
    mem.check(opened, 4)?;
    let new =
        ctx.call_fd(Request::Path(PathRequest::Open { dirfd, path, flags, mode: FILE_MODE }))?;
    // The program cannot be told about a descriptor it cannot name: close it again.
    let Ok(wasi_fd) = u32::try_from(new) else {
        ctx.call_unit(Request::Fd(FdRequest::Close { fd: new }))?;
        return Err(WasiErrno::EMFILE.into());
    };
    mem.write_u32(opened, wasi_fd)?;
    Ok(())
}

pub fn path_filestat_get(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    flags: u32,
    path: u32,
    path_len: u32,
    out: u32,
) -> CallResult {
    let dirfd = kernel_fd(fd)?;
    let follow = follow(flags)?;
    let path = path_arg(mem, path, path_len)?;
    mem.check(out, super::abi::FILESTAT_SIZE)?;
    let st = ctx.call_stat(Request::Path(PathRequest::Stat { dirfd, path, follow }))?;
    mem.write(out, &super::fd::filestat_bytes(&st))?;
    Ok(())
}

#[allow(clippy::too_many_arguments, reason = "the WASI ABI fixes the parameters")]
pub fn path_filestat_set_times(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    flags: u32,
    path: u32,
    path_len: u32,
    atim: u64,
    mtim: u64,
    fst_flags: u32,
) -> CallResult {
    let dirfd = kernel_fd(fd)?;
    let follow = follow(flags)?;
    let path = path_arg(mem, path, path_len)?;
    let (atime, mtime) = set_times(atim, mtim, fst_flags)?;
    ctx.call_unit(Request::Path(PathRequest::SetTimes { dirfd, path, follow, atime, mtime }))
}

pub fn path_create_directory(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    path: u32,
    path_len: u32,
) -> CallResult {
    let dirfd = kernel_fd(fd)?;
    let path = path_arg(mem, path, path_len)?;
    ctx.call_unit(Request::Path(PathRequest::Mkdir { dirfd, path, mode: DIR_MODE }))
}

pub fn path_unlink_file(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    path: u32,
    path_len: u32,
) -> CallResult {
    let dirfd = kernel_fd(fd)?;
    let path = path_arg(mem, path, path_len)?;
    ctx.call_unit(Request::Path(PathRequest::Unlink { dirfd, path }))
}

pub fn path_remove_directory(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    path: u32,
    path_len: u32,
) -> CallResult {
    let dirfd = kernel_fd(fd)?;
    let path = path_arg(mem, path, path_len)?;
    ctx.call_unit(Request::Path(PathRequest::Rmdir { dirfd, path }))
}

#[allow(clippy::too_many_arguments, reason = "the WASI ABI fixes the parameters")]
pub fn path_rename(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    old_path: u32,
    old_len: u32,
    new_fd: u32,
    new_path: u32,
    new_len: u32,
) -> CallResult {
    let (old_dirfd, new_dirfd) = (kernel_fd(fd)?, kernel_fd(new_fd)?);
    let old = path_arg(mem, old_path, old_len)?;
    let new = path_arg(mem, new_path, new_len)?;
    ctx.call_unit(Request::Path(PathRequest::Rename { old_dirfd, old, new_dirfd, new }))
}

/// `old_path` is the link's target, stored as given; `new_path` is the link.
pub fn path_symlink(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    old_path: u32,
    old_len: u32,
    fd: u32,
    new_path: u32,
    new_len: u32,
) -> CallResult {
    let dirfd = kernel_fd(fd)?;
    let target = path_arg(mem, old_path, old_len)?;
    let path = path_arg(mem, new_path, new_len)?;
    ctx.call_unit(Request::Path(PathRequest::Symlink { target, dirfd, path }))
}

/// As `readlink(2)`: a target longer than the buffer is cut to fit, and `bufused` says
/// how much was written.
#[allow(clippy::too_many_arguments, reason = "the WASI ABI fixes the parameters")]
pub fn path_readlink(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    path: u32,
    path_len: u32,
    buf: u32,
    buf_len: u32,
    bufused: u32,
) -> CallResult {
    let dirfd = kernel_fd(fd)?;
    let path = path_arg(mem, path, path_len)?;
    mem.check(buf, buf_len)?;
    mem.check(bufused, 4)?;
    let target = ctx.call_data(Request::Path(PathRequest::Readlink { dirfd, path }))?;
    let n = target.len().min(buf_len as usize);
    mem.write(buf, &target[..n])?;
    // At most `buf_len`.
    mem.write_u32(bufused, n as u32)?;
    Ok(())
}

#[allow(clippy::too_many_arguments, reason = "the WASI ABI fixes the parameters")]
pub fn path_link(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    old_fd: u32,
    old_flags: u32,
    old_path: u32,
    old_len: u32,
    new_fd: u32,
    new_path: u32,
    new_len: u32,
) -> CallResult {
    let (old_dirfd, new_dirfd) = (kernel_fd(old_fd)?, kernel_fd(new_fd)?);
    let follow = follow(old_flags)?;
    let old = path_arg(mem, old_path, old_len)?;
    let new = path_arg(mem, new_path, new_len)?;
    ctx.call_unit(Request::Path(PathRequest::Link { old_dirfd, old, new_dirfd, new, follow }))
}

#[cfg(test)]
mod tests {
    use syscall_proto::{Errno, Reply};

    use super::*;
    use crate::wasi::{testing, CallError};

    const FOLLOW: u32 = lookupflags::SYMLINK_FOLLOW;
    const READ: u64 = rights::FD_READ | rights::FD_SEEK;
    const WRITE: u64 = rights::FD_WRITE | rights::FD_SEEK;

    #[test]
    fn access_mode_from_rights() {
        assert_eq!(open_flags(FOLLOW, 0, READ, 0), Ok(linux::O_RDONLY));
        assert_eq!(open_flags(FOLLOW, 0, WRITE, 0), Ok(linux::O_WRONLY));
        assert_eq!(open_flags(FOLLOW, 0, READ | WRITE, 0), Ok(linux::O_RDWR));
        assert_eq!(open_flags(FOLLOW, 0, rights::FD_READDIR, 0), Ok(linux::O_RDONLY));
        assert_eq!(open_flags(FOLLOW, 0, 0, 0), Ok(linux::O_RDONLY));
    }

    #[test]
    fn rust_std_file_create() {
        // File::create: write, create, truncate, follow.
        let f = open_flags(
            FOLLOW,
            u32::from(oflags::CREAT | oflags::TRUNC),
            WRITE | rights::FD_FILESTAT_SET_SIZE,
            0,
        );
        assert_eq!(f, Ok(linux::O_WRONLY | linux::O_CREAT | linux::O_TRUNC));
    }

    #[test]
    fn open_flags_translate_bit_by_bit() {
        let all_o = u32::from(oflags::ALL);
        assert_eq!(
            open_flags(FOLLOW, all_o, READ, 0),
            Ok(linux::O_CREAT | linux::O_DIRECTORY | linux::O_EXCL | linux::O_TRUNC)
        );
        assert_eq!(
            open_flags(FOLLOW, 0, WRITE, u32::from(fdflags::APPEND)),
            Ok(linux::O_WRONLY | linux::O_APPEND)
        );
        assert_eq!(
            open_flags(FOLLOW, 0, READ, u32::from(fdflags::NONBLOCK)),
            Ok(linux::O_NONBLOCK)
        );
        assert_eq!(
            open_flags(FOLLOW, 0, WRITE, u32::from(fdflags::DSYNC)),
            Ok(linux::O_WRONLY | linux::O_DSYNC)
        );
        assert_eq!(
            open_flags(FOLLOW, 0, WRITE, u32::from(fdflags::SYNC)),
            Ok(linux::O_WRONLY | linux::O_SYNC)
        );
        assert_eq!(open_flags(FOLLOW, 0, READ, u32::from(fdflags::RSYNC)), Ok(linux::O_SYNC));
        assert_eq!(open_flags(0, 0, READ, 0), Ok(linux::O_NOFOLLOW));
        // Everything produced is something the kernel accepts.
        let f = open_flags(0, all_o, READ | WRITE, u32::from(fdflags::ALL)).unwrap();
        assert_eq!(f & !linux::KNOWN, 0);
    }

    #[test]
    fn unknown_bits_are_einval() {
        assert_eq!(open_flags(2, 0, READ, 0), Err(WasiErrno::EINVAL));
        assert_eq!(open_flags(FOLLOW, 1 << 4, READ, 0), Err(WasiErrno::EINVAL));
        assert_eq!(open_flags(FOLLOW, 0, READ, 1 << 5), Err(WasiErrno::EINVAL));
        // Unknown rights are ignored, as rights are only a hint here.
        assert_eq!(open_flags(FOLLOW, 0, READ | (1 << 40), 0), Ok(linux::O_RDONLY));
    }

    #[test]
    fn path_open_asks_the_kernel() {
        let mut ctx = testing::ctx(vec![(
            Request::Path(PathRequest::Open {
                dirfd: 3,
                path: b"app/x".to_vec(),
                flags: linux::O_RDONLY | linux::O_DIRECTORY,
                mode: FILE_MODE,
            }),
            Ok(Reply::Fd(4)),
        )]);
        let mut bytes = vec![0u8; 32];
        let mut mem = GuestMemory::new(&mut bytes);
        mem.write(0, b"app/x").unwrap();
        path_open(
            &mut ctx,
            &mut mem,
            3,
            FOLLOW,
            0,
            5,
            u32::from(oflags::DIRECTORY),
            READ,
            0,
            0,
            16,
        )
        .unwrap();
        assert_eq!(mem.read_u32(16), Ok(4));
    }

    #[test]
    fn path_open_errno_and_bad_pointers() {
        let mut ctx = testing::ctx(vec![(
            Request::Path(PathRequest::Open {
                dirfd: 3,
                path: b"etc".to_vec(),
                flags: linux::O_RDONLY,
                mode: FILE_MODE,
            }),
            Err(Errno::EACCES),
        )]);
        let mut bytes = vec![0u8; 32];
        let mut mem = GuestMemory::new(&mut bytes);
        mem.write(0, b"etc").unwrap();
        let r = path_open(&mut ctx, &mut mem, 3, FOLLOW, 0, 3, 0, READ, 0, 0, 16);
        assert!(matches!(r, Err(CallError::Errno(WasiErrno::EACCES))));
        // Path outside memory, result pointer outside memory: no kernel call.
        let r = path_open(&mut ctx, &mut mem, 3, FOLLOW, 30, 3, 0, READ, 0, 0, 16);
        assert!(matches!(r, Err(CallError::Errno(WasiErrno::EFAULT))));
        let r = path_open(&mut ctx, &mut mem, 3, FOLLOW, 0, 3, 0, READ, 0, 0, 30);
        assert!(matches!(r, Err(CallError::Errno(WasiErrno::EFAULT))));
    }

    #[test]
    fn readlink_cuts_to_the_buffer() {
        let mut ctx = testing::ctx(vec![(
            Request::Path(PathRequest::Readlink { dirfd: 3, path: b"l".to_vec() }),
            Ok(Reply::Data(b"/a/long/target".to_vec())),
        )]);
        let mut bytes = vec![0u8; 32];
        let mut mem = GuestMemory::new(&mut bytes);
        mem.write(0, b"l").unwrap();
        path_readlink(&mut ctx, &mut mem, 3, 0, 1, 8, 6, 28).unwrap();
        assert_eq!(mem.read_u32(28), Ok(6));
        assert_eq!(mem.slice(8, 7).unwrap(), b"/a/lon\0");
    }

    #[test]
    fn symlink_argument_order() {
        let mut ctx = testing::ctx(vec![(
            Request::Path(PathRequest::Symlink {
                target: b"t".to_vec(),
                dirfd: 3,
                path: b"l".to_vec(),
            }),
            Ok(Reply::Unit),
        )]);
        let mut bytes = vec![0u8; 8];
        let mut mem = GuestMemory::new(&mut bytes);
        mem.write(0, b"tl").unwrap();
        path_symlink(&mut ctx, &mut mem, 0, 1, 3, 1, 1).unwrap();
    }

    #[test]
    fn overlong_paths_are_refused_locally() {
        let mut ctx = testing::ctx(vec![]);
        let mut bytes = vec![b'a'; PATH_MAX + 1];
        let mut mem = GuestMemory::new(&mut bytes);
        let r = path_create_directory(&mut ctx, &mut mem, 3, 0, PATH_MAX as u32 + 1);
        assert!(matches!(r, Err(CallError::Errno(WasiErrno::ENAMETOOLONG))));
    }
}
