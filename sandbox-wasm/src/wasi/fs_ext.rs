//! The file extension: the host import module [`MODULE`] (`sandbox_fs_v1`), for what
//! WASI preview 1 cannot express about files: their permission bits and owners
//! (`stat` with `st_mode`, `st_uid`, `st_gid`, `st_blocks`), `chmod`, and `statfs`. The
//! sandbox's `stat`, `chmod`, `du`, `df` and `tar` need them. Each function is one
//! `PathRequest` of the kernel, which decides everything as for any other runtime; the
//! ABI is in `docs/wasm-abi.md`.

use syscall_proto::fd::{FileStat, FsStat};
use syscall_proto::path::PathRequest;
use syscall_proto::Request;
use wasmtime::{Caller, Linker};

use super::path::path_arg;
use super::{dispatch, kernel_fd, CallResult, GuestMemory, WasiCtx};
use crate::errno::WasiErrno;

/// The import module name; the version is part of it.
pub const MODULE: &str = "sandbox_fs_v1";

/// Bytes of a `stat` record (see `docs/wasm-abi.md`).
pub const STAT_SIZE: u32 = 80;

/// Bytes of a `statfs` record.
pub const STATFS_SIZE: u32 = 72;

/// Linux's `ST_RDONLY` in `f_flags`.
const ST_RDONLY: u64 = 1;

/// The record `stat` writes: Linux's `struct stat` fields, little-endian.
fn stat_bytes(st: &FileStat) -> [u8; STAT_SIZE as usize] {
    let mut b = [0u8; STAT_SIZE as usize];
    let mut put = |at: usize, v: &[u8]| b[at..at + v.len()].copy_from_slice(v);
    put(0, &st.dev.to_le_bytes());
    put(8, &st.ino.to_le_bytes());
    put(16, &(st.kind.mode_bits() | (st.mode & 0o7777)).to_le_bytes());
    put(20, &st.uid.to_le_bytes());
    put(24, &st.gid.to_le_bytes());
    put(28, &st.blksize.to_le_bytes());
    put(32, &st.nlink.to_le_bytes());
    put(40, &st.size.to_le_bytes());
    put(48, &st.blocks.to_le_bytes());
    put(56, &st.atime.to_le_bytes());
    put(64, &st.mtime.to_le_bytes());
    put(72, &st.ctime.to_le_bytes());
    b
}

/// fstatat(2): `path` resolved from the WASI descriptor `fd` (an absolute path ignores
/// it); `follow` 1 follows a final symlink, 0 does not.
pub fn stat(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    path: u32,
    path_len: u32,
    follow: u32,
    out: u32,
) -> CallResult {
    let dirfd = kernel_fd(fd)?;
    let follow = match follow {
        0 => false,
        1 => true,
        _ => return Err(WasiErrno::EINVAL.into()),
    };
    let path = path_arg(mem, path, path_len)?;
    mem.check(out, STAT_SIZE)?;
    let st = ctx.call_stat(Request::Path(PathRequest::Stat { dirfd, path, follow }))?;
    Ok(mem.write(out, &stat_bytes(&st))?)
}

/// fchmodat(2), following a final symlink as Linux's does: permission bits `mode &
/// 0o7777` (other bits `EINVAL`).
pub fn chmod(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    path: u32,
    path_len: u32,
    mode: u32,
) -> CallResult {
    let dirfd = kernel_fd(fd)?;
    if mode & !0o7777 != 0 {
        return Err(WasiErrno::EINVAL.into());
    }
    let path = path_arg(mem, path, path_len)?;
    ctx.call_unit(Request::Path(PathRequest::Chmod { dirfd, path, mode }))
}

/// The record `statfs` writes: Linux's `struct statfs` fields, little-endian.
fn statfs_bytes(st: &FsStat) -> [u8; STATFS_SIZE as usize] {
    let flags = if st.read_only { ST_RDONLY } else { 0 };
    let fields = [
        st.fs_type, st.bsize, st.blocks, st.bfree, st.bavail, st.files, st.ffree, st.namelen, flags,
    ];
    let mut b = [0u8; STATFS_SIZE as usize];
    for (i, v) in fields.iter().enumerate() {
        b[i * 8..i * 8 + 8].copy_from_slice(&v.to_le_bytes());
    }
    b
}

/// statfs(2) of the file system `path` (from the WASI descriptor `fd`) lies on.
pub fn statfs(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    path: u32,
    path_len: u32,
    out: u32,
) -> CallResult {
    let dirfd = kernel_fd(fd)?;
    let path = path_arg(mem, path, path_len)?;
    mem.check(out, STATFS_SIZE)?;
    let st = ctx.call_fsstat(Request::Path(PathRequest::Statfs { dirfd, path }))?;
    Ok(mem.write(out, &statfs_bytes(&st))?)
}

/// Registers the module's functions with wasmtime.
///
/// # Errors
/// When wasmtime refuses a definition.
pub fn add_to_linker(linker: &mut Linker<WasiCtx>) -> wasmtime::Result<()> {
    linker.func_wrap(
        MODULE,
        "stat",
        |mut caller: Caller<'_, WasiCtx>,
         fd: u32,
         path: u32,
         path_len: u32,
         follow: u32,
         out: u32|
         -> wasmtime::Result<i32> {
            dispatch(&mut caller, |ctx, mem| stat(ctx, mem, fd, path, path_len, follow, out))
        },
    )?;
    linker.func_wrap(
        MODULE,
        "chmod",
        |mut caller: Caller<'_, WasiCtx>,
         fd: u32,
         path: u32,
         path_len: u32,
         mode: u32|
         -> wasmtime::Result<i32> {
            dispatch(&mut caller, |ctx, mem| chmod(ctx, mem, fd, path, path_len, mode))
        },
    )?;
    linker.func_wrap(
        MODULE,
        "statfs",
        |mut caller: Caller<'_, WasiCtx>,
         fd: u32,
         path: u32,
         path_len: u32,
         out: u32|
         -> wasmtime::Result<i32> {
            dispatch(&mut caller, |ctx, mem| statfs(ctx, mem, fd, path, path_len, out))
        },
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use syscall_proto::fd::FileType;

    #[test]
    fn stat_records_carry_type_and_permission_bits() {
        let st = FileStat {
            dev: 1,
            ino: 7,
            kind: FileType::Directory,
            mode: 0o1777,
            nlink: 2,
            uid: 1000,
            gid: 1000,
            size: 4096,
            blksize: 4096,
            blocks: 8,
            atime: 1,
            mtime: -2,
            ctime: 3,
        };
        let b = stat_bytes(&st);
        assert_eq!(u32::from_le_bytes(b[16..20].try_into().unwrap()), 0o041777);
        assert_eq!(u32::from_le_bytes(b[20..24].try_into().unwrap()), 1000);
        assert_eq!(u64::from_le_bytes(b[48..56].try_into().unwrap()), 8);
        assert_eq!(i64::from_le_bytes(b[64..72].try_into().unwrap()), -2);
    }

    #[test]
    fn statfs_records_carry_the_read_only_flag() {
        let st = FsStat {
            fs_type: 0x0102_1994,
            bsize: 4096,
            blocks: 100,
            bfree: 40,
            bavail: 40,
            files: 10,
            ffree: 3,
            namelen: 255,
            read_only: true,
        };
        let b = statfs_bytes(&st);
        assert_eq!(u64::from_le_bytes(b[16..24].try_into().unwrap()), 100);
        assert_eq!(u64::from_le_bytes(b[48..56].try_into().unwrap()), 3);
        assert_eq!(u64::from_le_bytes(b[64..72].try_into().unwrap()), ST_RDONLY);
    }

    /// The guests' declarations (sandbox-wasm/guest-abi) read these records at their own
    /// offsets; they must be where the host writes.
    #[test]
    fn the_guest_bindings_read_what_the_host_writes() {
        use sandbox_guest_abi::fs::{self as guest, stat_at, statfs_at};
        assert_eq!(guest::MODULE, MODULE);
        assert_eq!((guest::STAT_SIZE, guest::STATFS_SIZE), (STAT_SIZE, STATFS_SIZE));
        let st = FileStat {
            dev: 11,
            ino: 12,
            kind: FileType::Symlink,
            mode: 0o777,
            nlink: 13,
            uid: 14,
            gid: 15,
            size: 16,
            blksize: 17,
            blocks: 18,
            atime: -19,
            mtime: 20,
            ctime: 21,
        };
        let b = stat_bytes(&st);
        let u32_at = |at: usize| u32::from_le_bytes(b[at..at + 4].try_into().unwrap());
        let u64_at = |at: usize| u64::from_le_bytes(b[at..at + 8].try_into().unwrap());
        assert_eq!(u32_at(stat_at::MODE) & guest::S_IFMT, guest::S_IFLNK);
        assert_eq!(u32_at(stat_at::MODE) & !guest::S_IFMT, 0o777);
        assert_eq!([stat_at::UID, stat_at::GID, stat_at::BLKSIZE].map(u32_at), [14, 15, 17]);
        assert_eq!(
            [stat_at::DEV, stat_at::INO, stat_at::NLINK, stat_at::SIZE, stat_at::BLOCKS]
                .map(u64_at),
            [11, 12, 13, 16, 18]
        );
        assert_eq!(
            [stat_at::ATIME, stat_at::MTIME, stat_at::CTIME].map(|at| u64_at(at) as i64),
            [-19, 20, 21]
        );
        let fs = FsStat {
            fs_type: 1,
            bsize: 2,
            blocks: 3,
            bfree: 4,
            bavail: 5,
            files: 6,
            ffree: 7,
            namelen: 8,
            read_only: true,
        };
        let b = statfs_bytes(&fs);
        let at = |i: usize| u64::from_le_bytes(b[i * 8..i * 8 + 8].try_into().unwrap());
        use statfs_at::*;
        assert_eq!(
            [TYPE, BSIZE, BLOCKS, BFREE, BAVAIL, FILES, FFREE, NAMELEN].map(at),
            [1, 2, 3, 4, 5, 6, 7, 8]
        );
        assert_eq!(at(FLAGS), guest::ST_RDONLY);
        for (kind, bits) in [
            (FileType::Directory, guest::S_IFDIR),
            (FileType::Regular, guest::S_IFREG),
            (FileType::Symlink, guest::S_IFLNK),
        ] {
            assert_eq!(kind.mode_bits(), bits, "{kind:?}");
        }
    }

    #[test]
    fn every_function_is_linked_under_the_versioned_module() {
        let engine = wasmtime::Engine::default();
        let mut linker = Linker::new(&engine);
        super::super::add_to_linker(&mut linker).unwrap();
        let mut store = wasmtime::Store::new(&engine, super::super::testing::ctx(vec![]));
        for name in sandbox_guest_abi::fs::FUNCTIONS {
            assert!(linker.get(&mut store, MODULE, name).is_ok(), "{name} not linked");
        }
    }
}
