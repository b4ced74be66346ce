//! `fd_*`: calls on an open descriptor (`FdRequest`), plus the preopen table the
//! kernel's `StartInfo` described.
//!
//! Reads and writes move at most [`MAX_IO_CHUNK`] bytes per call; a larger request is
//! a short read or write, which POSIX allows and which wasi-libc and Rust std loop on.

use syscall_proto::fd::{
    DirEntry, FdRequest, FdStat, FileStat, FileType, SetTime, Whence, MAX_IO_CHUNK,
};
use syscall_proto::path::oflags as linux;
use syscall_proto::Request;

use super::abi::{self, fdflags, filetype, fstflags, rights, whence};
use super::{iovecs_len, kernel_fd, CallResult, GuestMemory, Stop, WasiCtx};
use crate::errno::WasiErrno;

/// Most directory entries asked of the kernel in one `ReadDir`.
const MAX_DIR_BATCH: usize = 1024;

/// The WASI `filetype` of a kernel file type. WASI has no FIFO type: a pipe is
/// `unknown`, as in wasmtime's own WASI; a socket is taken to be a stream socket.
pub fn filetype(kind: FileType) -> u8 {
    match kind {
        FileType::Unknown | FileType::Fifo => filetype::UNKNOWN,
        FileType::Regular => filetype::REGULAR_FILE,
        FileType::Directory => filetype::DIRECTORY,
        FileType::Symlink => filetype::SYMBOLIC_LINK,
        FileType::CharDevice => filetype::CHARACTER_DEVICE,
        FileType::BlockDevice => filetype::BLOCK_DEVICE,
        FileType::Socket => filetype::SOCKET_STREAM,
    }
}

/// The WASI `fdflags` of Linux status flags. Bit by bit: Linux's `O_SYNC` contains the
/// `O_DSYNC` bit, so an `O_SYNC` descriptor reports `SYNC | DSYNC`.
pub fn fdflags_from_linux(flags: u32) -> u16 {
    let mut out = 0;
    if flags & linux::O_APPEND != 0 {
        out |= fdflags::APPEND;
    }
    if flags & linux::O_NONBLOCK != 0 {
        out |= fdflags::NONBLOCK;
    }
    if flags & linux::O_DSYNC != 0 {
        out |= fdflags::DSYNC;
    }
    if flags & linux::O_SYNC == linux::O_SYNC {
        out |= fdflags::SYNC;
    }
    out
}

/// The rights reported for a descriptor: everything its type allows, minus reading or
/// writing when its access mode excludes them (so wasi-libc's `fcntl(F_GETFL)` derives
/// the right `O_ACCMODE`). Returns `(base, inheriting)`.
pub fn rights_of(stat: &FdStat) -> (u64, u64) {
    let (mut base, inheriting) = match stat.kind {
        FileType::Directory => (rights::DIRECTORY, rights::DIRECTORY_INHERITING),
        FileType::Regular | FileType::BlockDevice => (rights::REGULAR_FILE, 0),
        FileType::CharDevice | FileType::Fifo | FileType::Unknown => (rights::UNSEEKABLE, 0),
        FileType::Socket => (rights::SOCKET, 0),
        FileType::Symlink => (rights::SYMBOLIC_LINK, 0),
    };
    if stat.flags & linux::O_PATH != 0 {
        base &= !(rights::NEED_READ | rights::NEED_WRITE);
    } else {
        match stat.flags & linux::O_ACCMODE {
            linux::O_RDONLY => base &= !rights::NEED_WRITE,
            linux::O_WRONLY => base &= !rights::NEED_READ,
            _ => {}
        }
    }
    (base, inheriting)
}

/// A kernel timestamp (signed nanoseconds) as a WASI one (unsigned); times before 1970
/// read as the epoch.
fn timestamp(ns: i64) -> u64 {
    u64::try_from(ns).unwrap_or(0)
}

/// Serialises a `filestat` record (see [`abi::FILESTAT_SIZE`]).
pub fn filestat_bytes(st: &FileStat) -> [u8; abi::FILESTAT_SIZE as usize] {
    let mut b = [0u8; abi::FILESTAT_SIZE as usize];
    b[0..8].copy_from_slice(&st.dev.to_le_bytes());
    b[8..16].copy_from_slice(&st.ino.to_le_bytes());
    b[16] = filetype(st.kind);
    b[24..32].copy_from_slice(&st.nlink.to_le_bytes());
    b[32..40].copy_from_slice(&st.size.to_le_bytes());
    b[40..48].copy_from_slice(&timestamp(st.atime).to_le_bytes());
    b[48..56].copy_from_slice(&timestamp(st.mtime).to_le_bytes());
    b[56..64].copy_from_slice(&timestamp(st.ctime).to_le_bytes());
    b
}

/// The `(atime, mtime)` updates a `fstflags` mask asks for. Setting a time both to a
/// value and to "now", or an unknown bit, is `EINVAL`.
pub fn set_times(atim: u64, mtim: u64, fst_flags: u32) -> Result<(SetTime, SetTime), WasiErrno> {
    if fst_flags & !u32::from(fstflags::ALL) != 0 {
        return Err(WasiErrno::EINVAL);
    }
    let one = |ts: u64, at: u16, now: u16| {
        let (at, now) = (fst_flags & u32::from(at) != 0, fst_flags & u32::from(now) != 0);
        match (at, now) {
            (true, true) => Err(WasiErrno::EINVAL),
            (true, false) => i64::try_from(ts).map(SetTime::At).map_err(|_| WasiErrno::EINVAL),
            (false, true) => Ok(SetTime::Now),
            (false, false) => Ok(SetTime::Omit),
        }
    };
    Ok((
        one(atim, fstflags::ATIM, fstflags::ATIM_NOW)?,
        one(mtim, fstflags::MTIM, fstflags::MTIM_NOW)?,
    ))
}

/// Serialises directory entries as WASI `dirent`s (header, then the name) into `out`,
/// and returns the bytes used. The last entry is cut off where `out` ends, as
/// `fd_readdir` specifies: the program sees a full buffer, and asks again from the
/// last whole entry's `d_next` (or with a bigger buffer).
pub fn serialize_dirents(entries: &[DirEntry], out: &mut [u8]) -> usize {
    let mut used = 0;
    for e in entries {
        let mut header = [0u8; abi::DIRENT_SIZE];
        header[0..8].copy_from_slice(&e.next.to_le_bytes());
        header[8..16].copy_from_slice(&e.ino.to_le_bytes());
        let namlen = u32::try_from(e.name.len()).unwrap_or(u32::MAX);
        header[16..20].copy_from_slice(&namlen.to_le_bytes());
        header[20] = filetype(e.kind);
        for part in [&header[..], &e.name[..]] {
            let n = part.len().min(out.len() - used);
            out[used..used + n].copy_from_slice(&part[..n]);
            used += n;
        }
        if used == out.len() {
            break;
        }
    }
    used
}

fn read(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    iovs: u32,
    iovs_len: u32,
    offset: Option<u64>,
    nread: u32,
) -> CallResult {
    let fd = kernel_fd(fd)?;
    let iovs = mem.iovecs(iovs, iovs_len)?;
    mem.check(nread, 4)?;
    // At most MAX_IO_CHUNK, which fits u32.
    let len = iovecs_len(&iovs).min(u64::from(MAX_IO_CHUNK)) as u32;
    let request = match offset {
        None => FdRequest::Read { fd, len },
        Some(offset) => FdRequest::Pread { fd, len, offset },
    };
    let data = ctx.call_data(Request::Fd(request))?;
    if data.len() > len as usize {
        return Err(Stop::BadReply("Read (more bytes than asked for)").into());
    }
    mem.scatter(&iovs, &data)?;
    mem.write_u32(nread, data.len() as u32)?;
    Ok(())
}

fn write(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    iovs: u32,
    iovs_len: u32,
    offset: Option<u64>,
    nwritten: u32,
) -> CallResult {
    let fd = kernel_fd(fd)?;
    let iovs = mem.iovecs(iovs, iovs_len)?;
    mem.check(nwritten, 4)?;
    let data = mem.gather(&iovs, MAX_IO_CHUNK as usize)?;
    let len = data.len() as u64;
    let request = match offset {
        None => FdRequest::Write { fd, data },
        Some(offset) => FdRequest::Pwrite { fd, data, offset },
    };
    let n = ctx.call_written(Request::Fd(request))?;
    if n > len {
        return Err(Stop::BadReply("Write (more bytes written than sent)").into());
    }
    // At most MAX_IO_CHUNK, which fits u32.
    mem.write_u32(nwritten, n as u32)?;
    Ok(())
}

pub fn fd_read(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    iovs: u32,
    iovs_len: u32,
    nread: u32,
) -> CallResult {
    read(ctx, mem, fd, iovs, iovs_len, None, nread)
}

pub fn fd_pread(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    iovs: u32,
    iovs_len: u32,
    offset: u64,
    nread: u32,
) -> CallResult {
    read(ctx, mem, fd, iovs, iovs_len, Some(offset), nread)
}

pub fn fd_write(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    iovs: u32,
    iovs_len: u32,
    nwritten: u32,
) -> CallResult {
    write(ctx, mem, fd, iovs, iovs_len, None, nwritten)
}

pub fn fd_pwrite(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    iovs: u32,
    iovs_len: u32,
    offset: u64,
    nwritten: u32,
) -> CallResult {
    write(ctx, mem, fd, iovs, iovs_len, Some(offset), nwritten)
}

/// `offset` is a signed `filedelta` that wasm passes as `i64`.
pub fn fd_seek(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    offset: u64,
    whence: u32,
    newoffset: u32,
) -> CallResult {
    let fd = kernel_fd(fd)?;
    let whence = match u8::try_from(whence) {
        Ok(whence::SET) => Whence::Set,
        Ok(whence::CUR) => Whence::Cur,
        Ok(whence::END) => Whence::End,
        _ => return Err(WasiErrno::EINVAL.into()),
    };
    mem.check(newoffset, 8)?;
    let at = ctx.call_offset(Request::Fd(FdRequest::Seek { fd, offset: offset as i64, whence }))?;
    mem.write_u64(newoffset, at)?;
    Ok(())
}

pub fn fd_tell(ctx: &mut WasiCtx, mem: &mut GuestMemory<'_>, fd: u32, out: u32) -> CallResult {
    fd_seek(ctx, mem, fd, 0, u32::from(whence::CUR), out)
}

pub fn fd_close(ctx: &mut WasiCtx, _mem: &mut GuestMemory<'_>, fd: u32) -> CallResult {
    let fd = kernel_fd(fd)?;
    ctx.call_unit(Request::Fd(FdRequest::Close { fd }))?;
    ctx.preopens.remove(&fd);
    Ok(())
}

pub fn fd_renumber(
    ctx: &mut WasiCtx,
    _mem: &mut GuestMemory<'_>,
    from: u32,
    to: u32,
) -> CallResult {
    let (from, to) = (kernel_fd(from)?, kernel_fd(to)?);
    if from == to {
        // dup2 then close would close it; renumbering onto itself only checks it.
        ctx.call_fdstat(Request::Fd(FdRequest::FdStat { fd: from }))?;
        return Ok(());
    }
    ctx.call_unit(Request::Fd(FdRequest::Renumber { from, to }))?;
    ctx.preopens.remove(&to);
    if let Some(name) = ctx.preopens.remove(&from) {
        ctx.preopens.insert(to, name);
    }
    Ok(())
}

pub fn fd_fdstat_get(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    out: u32,
) -> CallResult {
    let fd = kernel_fd(fd)?;
    mem.check(out, abi::FDSTAT_SIZE)?;
    let stat = ctx.call_fdstat(Request::Fd(FdRequest::FdStat { fd }))?;
    let (base, inheriting) = rights_of(&stat);
    let mut b = [0u8; abi::FDSTAT_SIZE as usize];
    b[0] = filetype(stat.kind);
    b[2..4].copy_from_slice(&fdflags_from_linux(stat.flags).to_le_bytes());
    b[8..16].copy_from_slice(&base.to_le_bytes());
    b[16..24].copy_from_slice(&inheriting.to_le_bytes());
    mem.write(out, &b)?;
    Ok(())
}

/// Only `APPEND` and `NONBLOCK` can change on an open descriptor (as with Linux's
/// `F_SETFL`); asking for a sync flag is `ENOTSUP` rather than silently ignored.
pub fn fd_fdstat_set_flags(
    ctx: &mut WasiCtx,
    _mem: &mut GuestMemory<'_>,
    fd: u32,
    flags: u32,
) -> CallResult {
    let fd = kernel_fd(fd)?;
    if flags & !u32::from(fdflags::ALL) != 0 {
        return Err(WasiErrno::EINVAL.into());
    }
    if flags & u32::from(fdflags::DSYNC | fdflags::RSYNC | fdflags::SYNC) != 0 {
        return Err(WasiErrno::ENOTSUP.into());
    }
    let mut linux_flags = 0;
    if flags & u32::from(fdflags::APPEND) != 0 {
        linux_flags |= linux::O_APPEND;
    }
    if flags & u32::from(fdflags::NONBLOCK) != 0 {
        linux_flags |= linux::O_NONBLOCK;
    }
    ctx.call_unit(Request::Fd(FdRequest::SetFlags { fd, flags: linux_flags }))
}

/// Rights are not what limits a descriptor here (the kernel is), so they cannot be
/// dropped either: `ENOTSUP`, as in wasmtime's WASI.
pub fn fd_fdstat_set_rights(
    _ctx: &mut WasiCtx,
    _mem: &mut GuestMemory<'_>,
    _fd: u32,
    _base: u64,
    _inheriting: u64,
) -> CallResult {
    Err(WasiErrno::ENOTSUP.into())
}

pub fn fd_filestat_get(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    out: u32,
) -> CallResult {
    let fd = kernel_fd(fd)?;
    mem.check(out, abi::FILESTAT_SIZE)?;
    let st = ctx.call_stat(Request::Fd(FdRequest::Stat { fd }))?;
    mem.write(out, &filestat_bytes(&st))?;
    Ok(())
}

pub fn fd_filestat_set_size(
    ctx: &mut WasiCtx,
    _mem: &mut GuestMemory<'_>,
    fd: u32,
    size: u64,
) -> CallResult {
    let fd = kernel_fd(fd)?;
    ctx.call_unit(Request::Fd(FdRequest::SetSize { fd, size }))
}

pub fn fd_filestat_set_times(
    ctx: &mut WasiCtx,
    _mem: &mut GuestMemory<'_>,
    fd: u32,
    atim: u64,
    mtim: u64,
    fst_flags: u32,
) -> CallResult {
    let fd = kernel_fd(fd)?;
    let (atime, mtime) = set_times(atim, mtim, fst_flags)?;
    ctx.call_unit(Request::Fd(FdRequest::SetTimes { fd, atime, mtime }))
}

/// `fsync(2)`; the kernel's `Sync` serves `fd_datasync` too.
pub fn fd_sync(ctx: &mut WasiCtx, _mem: &mut GuestMemory<'_>, fd: u32) -> CallResult {
    let fd = kernel_fd(fd)?;
    ctx.call_unit(Request::Fd(FdRequest::Sync { fd }))
}

pub fn fd_datasync(ctx: &mut WasiCtx, mem: &mut GuestMemory<'_>, fd: u32) -> CallResult {
    fd_sync(ctx, mem, fd)
}

/// Advice changes nothing the kernel does; the call checks its arguments and the
/// descriptor (`ESPIPE` for a pipe or socket, as `posix_fadvise`).
pub fn fd_advise(
    ctx: &mut WasiCtx,
    _mem: &mut GuestMemory<'_>,
    fd: u32,
    offset: u64,
    len: u64,
    advice: u32,
) -> CallResult {
    let fd = kernel_fd(fd)?;
    if advice > u32::from(abi::ADVICE_MAX)
        || i64::try_from(offset).is_err()
        || i64::try_from(len).is_err()
    {
        return Err(WasiErrno::EINVAL.into());
    }
    let stat = ctx.call_fdstat(Request::Fd(FdRequest::FdStat { fd }))?;
    match stat.kind {
        FileType::Fifo | FileType::Socket => Err(WasiErrno::ESPIPE.into()),
        _ => Ok(()),
    }
}

/// `posix_fallocate` has no kernel request yet: `ENOTSUP`, as in wasmtime's WASI.
pub fn fd_allocate(
    _ctx: &mut WasiCtx,
    _mem: &mut GuestMemory<'_>,
    _fd: u32,
    _offset: u64,
    _len: u64,
) -> CallResult {
    Err(WasiErrno::ENOTSUP.into())
}

pub fn fd_readdir(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    buf: u32,
    buf_len: u32,
    cookie: u64,
    bufused: u32,
) -> CallResult {
    let fd = kernel_fd(fd)?;
    mem.check(bufused, 4)?;
    let out = mem.slice_mut(buf, buf_len)?;
    let mut used = 0;
    let mut cookie = cookie;
    while used < out.len() {
        // Each entry takes more than a header, so this many always fill the room.
        let max = ((out.len() - used) / abi::DIRENT_SIZE + 1).min(MAX_DIR_BATCH) as u32;
        let entries = ctx.call_entries(Request::Fd(FdRequest::ReadDir { fd, cookie, max }))?;
        let Some(last) = entries.last() else { break };
        cookie = last.next;
        used += serialize_dirents(&entries, &mut out[used..]);
    }
    // `used` is at most `buf_len`.
    mem.write_u32(bufused, used as u32)?;
    Ok(())
}

pub fn fd_prestat_get(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    out: u32,
) -> CallResult {
    let fd = kernel_fd(fd)?;
    let name = ctx.preopens.get(&fd).ok_or(WasiErrno::EBADF)?;
    let len = u32::try_from(name.len()).map_err(|_| WasiErrno::ENAMETOOLONG)?;
    let mut b = [0u8; abi::PRESTAT_SIZE as usize];
    b[0] = abi::PREOPENTYPE_DIR;
    b[4..8].copy_from_slice(&len.to_le_bytes());
    mem.write(out, &b)?;
    Ok(())
}

pub fn fd_prestat_dir_name(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    fd: u32,
    path: u32,
    path_len: u32,
) -> CallResult {
    let fd = kernel_fd(fd)?;
    let name = ctx.preopens.get(&fd).ok_or(WasiErrno::EBADF)?;
    if (path_len as usize) < name.len() {
        return Err(WasiErrno::ENAMETOOLONG.into());
    }
    mem.write(path, name)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use syscall_proto::{Errno, Reply};

    use super::*;
    use crate::wasi::{testing, CallError};

    fn entry(next: u64, name: &str, kind: FileType) -> DirEntry {
        DirEntry { next, ino: 100 + next, kind, name: name.as_bytes().to_vec() }
    }

    fn errno_of(r: CallResult) -> WasiErrno {
        match r {
            Err(CallError::Errno(e)) => e,
            other => panic!("expected an errno, got {other:?}"),
        }
    }

    #[test]
    fn dirents_are_header_then_name() {
        let entries = [entry(1, ".", FileType::Directory), entry(2, "file.txt", FileType::Regular)];
        let mut out = [0xaau8; 128];
        let used = serialize_dirents(&entries, &mut out);
        assert_eq!(used, 24 + 1 + 24 + 8);
        assert_eq!(&out[0..8], &1u64.to_le_bytes());
        assert_eq!(&out[8..16], &101u64.to_le_bytes());
        assert_eq!(&out[16..20], &1u32.to_le_bytes());
        assert_eq!(out[20], filetype::DIRECTORY);
        assert_eq!(&out[21..24], &[0, 0, 0]);
        assert_eq!(out[24], b'.');
        assert_eq!(&out[25..33], &2u64.to_le_bytes());
        assert_eq!(&out[41..45], &8u32.to_le_bytes());
        assert_eq!(out[45], filetype::REGULAR_FILE);
        assert_eq!(&out[49..57], b"file.txt");
        assert_eq!(out[57], 0xaa);
    }

    #[test]
    fn the_last_dirent_is_cut_where_the_buffer_ends() {
        let entries = [entry(1, "abc", FileType::Regular), entry(2, "defgh", FileType::Regular)];
        for len in 0..=(27 + 29) {
            let mut out = vec![0u8; len];
            assert_eq!(serialize_dirents(&entries, &mut out), len, "buffer of {len}");
        }
        let mut out = vec![0u8; 30];
        serialize_dirents(&entries, &mut out);
        assert_eq!(&out[24..27], b"abc");
        assert_eq!(&out[27..30], &2u64.to_le_bytes()[..3]);
    }

    #[test]
    fn readdir_asks_again_until_full_or_done() {
        let fd_req = |cookie, max| Request::Fd(FdRequest::ReadDir { fd: 4, cookie, max });
        let mut ctx = testing::ctx(vec![
            (fd_req(7, 5), Ok(Reply::Entries(vec![entry(8, "a", FileType::Regular)]))),
            (fd_req(8, 4), Ok(Reply::Entries(vec![entry(9, "b", FileType::Directory)]))),
            (fd_req(9, 3), Ok(Reply::Entries(vec![]))),
        ]);
        let mut bytes = vec![0u8; 128];
        let mut mem = GuestMemory::new(&mut bytes);
        fd_readdir(&mut ctx, &mut mem, 4, 0, 100, 7, 120).unwrap();
        assert_eq!(mem.read_u32(120), Ok(50));
        assert_eq!(mem.read_u64(25), Ok(9));
        assert_eq!(mem.read_u8(49), Ok(b'b'));
    }

    #[test]
    fn readdir_stops_when_the_buffer_is_full() {
        let mut ctx = testing::ctx(vec![(
            Request::Fd(FdRequest::ReadDir { fd: 4, cookie: 0, max: 2 }),
            Ok(Reply::Entries(vec![
                entry(1, "first", FileType::Regular),
                entry(2, "second", FileType::Regular),
            ])),
        )]);
        let mut bytes = vec![0u8; 64];
        let mut mem = GuestMemory::new(&mut bytes);
        fd_readdir(&mut ctx, &mut mem, 4, 0, 40, 0, 60).unwrap();
        assert_eq!(mem.read_u32(60), Ok(40));
    }

    #[test]
    fn read_scatters_one_kernel_read() {
        let mut ctx = testing::ctx(vec![(
            Request::Fd(FdRequest::Read { fd: 0, len: 7 }),
            Ok(Reply::Data(b"hello".to_vec())),
        )]);
        let mut bytes = vec![0u8; 64];
        let mut mem = GuestMemory::new(&mut bytes);
        // iovecs at 0: (32, 3), (40, 4)
        for (at, v) in [(0, 32), (4, 3), (8, 40), (12, 4)] {
            mem.write_u32(at, v).unwrap();
        }
        fd_read(&mut ctx, &mut mem, 0, 0, 2, 16).unwrap();
        assert_eq!(mem.read_u32(16), Ok(5));
        assert_eq!(mem.slice(32, 3).unwrap(), b"hel");
        assert_eq!(mem.slice(40, 4).unwrap(), b"lo\0\0");
    }

    #[test]
    fn read_of_a_bad_buffer_asks_nothing() {
        let mut ctx = testing::ctx(vec![]);
        let mut bytes = vec![0u8; 64];
        let mut mem = GuestMemory::new(&mut bytes);
        mem.write_u32(0, 60).unwrap();
        mem.write_u32(4, 8).unwrap();
        assert_eq!(errno_of(fd_read(&mut ctx, &mut mem, 0, 0, 1, 16)), WasiErrno::EFAULT);
        mem.write_u32(4, 4).unwrap();
        assert_eq!(errno_of(fd_read(&mut ctx, &mut mem, 0, 0, 1, 62)), WasiErrno::EFAULT);
    }

    #[test]
    fn an_overlong_read_reply_stops_the_program() {
        let mut ctx = testing::ctx(vec![(
            Request::Fd(FdRequest::Read { fd: 0, len: 2 }),
            Ok(Reply::Data(b"abc".to_vec())),
        )]);
        let mut bytes = vec![0u8; 64];
        let mut mem = GuestMemory::new(&mut bytes);
        mem.write_u32(0, 32).unwrap();
        mem.write_u32(4, 2).unwrap();
        assert!(matches!(fd_read(&mut ctx, &mut mem, 0, 0, 1, 16), Err(CallError::Stop(_))));
    }

    #[test]
    fn write_gathers_and_reports_short_writes() {
        let mut ctx = testing::ctx(vec![(
            Request::Fd(FdRequest::Pwrite { fd: 5, data: b"abcdef".to_vec(), offset: 9 }),
            Ok(Reply::Written(4)),
        )]);
        let mut bytes = vec![0u8; 64];
        let mut mem = GuestMemory::new(&mut bytes);
        mem.write(32, b"abcdef").unwrap();
        for (at, v) in [(0, 32), (4, 2), (8, 34), (12, 4)] {
            mem.write_u32(at, v).unwrap();
        }
        fd_pwrite(&mut ctx, &mut mem, 5, 0, 2, 9, 16).unwrap();
        assert_eq!(mem.read_u32(16), Ok(4));
    }

    #[test]
    fn kernel_errnos_reach_the_program_as_wasi_errnos() {
        let mut ctx = testing::ctx(vec![(
            Request::Fd(FdRequest::Write { fd: 9, data: vec![] }),
            Err(Errno::EBADF),
        )]);
        let mut bytes = vec![0u8; 16];
        let mut mem = GuestMemory::new(&mut bytes);
        assert_eq!(errno_of(fd_write(&mut ctx, &mut mem, 9, 0, 0, 8)), WasiErrno::EBADF);
    }

    #[test]
    fn seek_whence_and_negative_offsets() {
        let mut ctx = testing::ctx(vec![(
            Request::Fd(FdRequest::Seek { fd: 3, offset: -4, whence: Whence::End }),
            Ok(Reply::Offset(96)),
        )]);
        let mut bytes = vec![0u8; 16];
        let mut mem = GuestMemory::new(&mut bytes);
        fd_seek(&mut ctx, &mut mem, 3, -4i64 as u64, 2, 8).unwrap();
        assert_eq!(mem.read_u64(8), Ok(96));
        assert_eq!(errno_of(fd_seek(&mut ctx, &mut mem, 3, 0, 3, 8)), WasiErrno::EINVAL);
        assert_eq!(errno_of(fd_seek(&mut ctx, &mut mem, 3, 0, 256, 8)), WasiErrno::EINVAL);
    }

    #[test]
    fn fdstat_of_a_read_only_file() {
        let mut ctx = testing::ctx(vec![(
            Request::Fd(FdRequest::FdStat { fd: 4 }),
            Ok(Reply::FdStat(FdStat {
                kind: FileType::Regular,
                flags: linux::O_RDONLY | linux::O_APPEND,
            })),
        )]);
        let mut bytes = vec![0xffu8; 32];
        let mut mem = GuestMemory::new(&mut bytes);
        fd_fdstat_get(&mut ctx, &mut mem, 4, 8).unwrap();
        assert_eq!(mem.read_u8(8), Ok(filetype::REGULAR_FILE));
        assert_eq!(mem.read_u8(9), Ok(0));
        assert_eq!(mem.read_u16(10), Ok(fdflags::APPEND));
        let base = mem.read_u64(16).unwrap();
        assert_ne!(base & rights::FD_READ, 0);
        assert_eq!(base & rights::FD_WRITE, 0);
        assert_ne!(base & rights::FD_SEEK, 0);
        assert_eq!(mem.read_u64(24), Ok(0));
    }

    #[test]
    fn rights_follow_type_and_access_mode() {
        let of = |kind, flags| rights_of(&FdStat { kind, flags });
        let (tty, _) = of(FileType::CharDevice, linux::O_RDWR);
        // wasi-libc's isatty: a character device without seek/tell rights.
        assert_eq!(tty & (rights::FD_SEEK | rights::FD_TELL), 0);
        let (dir, inh) = of(FileType::Directory, linux::O_RDONLY | linux::O_DIRECTORY);
        assert_ne!(dir & rights::PATH_OPEN, 0);
        assert_ne!(dir & rights::FD_READDIR, 0);
        assert_eq!(inh, rights::DIRECTORY_INHERITING);
        let (wo, _) = of(FileType::Regular, linux::O_WRONLY);
        assert_eq!(wo & rights::FD_READ, 0);
        assert_ne!(wo & rights::FD_WRITE, 0);
        let (rw, _) = of(FileType::Regular, linux::O_RDWR);
        assert_eq!(rw, rights::REGULAR_FILE);
        let (path_only, _) = of(FileType::Directory, linux::O_PATH);
        assert_eq!(path_only & rights::FD_READDIR, 0);
    }

    #[test]
    fn linux_status_flags_to_fdflags() {
        assert_eq!(fdflags_from_linux(linux::O_RDWR), 0);
        assert_eq!(
            fdflags_from_linux(linux::O_APPEND | linux::O_NONBLOCK),
            fdflags::APPEND | fdflags::NONBLOCK
        );
        assert_eq!(fdflags_from_linux(linux::O_DSYNC), fdflags::DSYNC);
        assert_eq!(fdflags_from_linux(linux::O_SYNC), fdflags::SYNC | fdflags::DSYNC);
    }

    #[test]
    fn set_flags_translates_and_refuses_sync() {
        let mut ctx = testing::ctx(vec![(
            Request::Fd(FdRequest::SetFlags { fd: 1, flags: linux::O_APPEND | linux::O_NONBLOCK }),
            Ok(Reply::Unit),
        )]);
        let mut bytes = [0u8; 0];
        let mut mem = GuestMemory::new(&mut bytes);
        fd_fdstat_set_flags(&mut ctx, &mut mem, 1, u32::from(fdflags::APPEND | fdflags::NONBLOCK))
            .unwrap();
        assert_eq!(
            errno_of(fd_fdstat_set_flags(&mut ctx, &mut mem, 1, u32::from(fdflags::SYNC))),
            WasiErrno::ENOTSUP
        );
        assert_eq!(errno_of(fd_fdstat_set_flags(&mut ctx, &mut mem, 1, 1 << 5)), WasiErrno::EINVAL);
    }

    #[test]
    fn timestamps() {
        assert_eq!(set_times(1, 2, 0), Ok((SetTime::Omit, SetTime::Omit)));
        assert_eq!(
            set_times(1, 2, u32::from(fstflags::ATIM | fstflags::MTIM_NOW)),
            Ok((SetTime::At(1), SetTime::Now))
        );
        assert_eq!(
            set_times(1, 2, u32::from(fstflags::ATIM | fstflags::ATIM_NOW)),
            Err(WasiErrno::EINVAL)
        );
        assert_eq!(set_times(u64::MAX, 2, u32::from(fstflags::ATIM)), Err(WasiErrno::EINVAL));
        assert_eq!(set_times(1, 2, 1 << 4), Err(WasiErrno::EINVAL));
    }

    #[test]
    fn filestat_layout() {
        let st = FileStat {
            dev: 1,
            ino: 2,
            kind: FileType::Symlink,
            mode: 0o777,
            nlink: 3,
            uid: 0,
            gid: 0,
            size: 4,
            blksize: 4096,
            blocks: 0,
            atime: 5,
            mtime: -6,
            ctime: 7,
        };
        let b = filestat_bytes(&st);
        let word = |at: usize| u64::from_le_bytes(b[at..at + 8].try_into().unwrap());
        assert_eq!(
            (word(0), word(8), b[16], word(24), word(32)),
            (1, 2, filetype::SYMBOLIC_LINK, 3, 4)
        );
        assert_eq!((word(40), word(48), word(56)), (5, 0, 7));
    }

    #[test]
    fn preopens_follow_close_and_renumber() {
        let mut ctx = testing::ctx(vec![
            (Request::Fd(FdRequest::Renumber { from: 3, to: 9 }), Ok(Reply::Unit)),
            (Request::Fd(FdRequest::Close { fd: 9 }), Ok(Reply::Unit)),
        ]);
        let mut bytes = vec![0u8; 16];
        let mut mem = GuestMemory::new(&mut bytes);
        fd_prestat_get(&mut ctx, &mut mem, 3, 0).unwrap();
        assert_eq!((mem.read_u8(0), mem.read_u32(4)), (Ok(abi::PREOPENTYPE_DIR), Ok(1)));
        assert_eq!(
            errno_of(fd_prestat_dir_name(&mut ctx, &mut mem, 3, 8, 0)),
            WasiErrno::ENAMETOOLONG
        );
        fd_prestat_dir_name(&mut ctx, &mut mem, 3, 8, 1).unwrap();
        assert_eq!(mem.read_u8(8), Ok(b'/'));
        assert_eq!(errno_of(fd_prestat_get(&mut ctx, &mut mem, 4, 0)), WasiErrno::EBADF);
        fd_renumber(&mut ctx, &mut mem, 3, 9).unwrap();
        assert_eq!(errno_of(fd_prestat_get(&mut ctx, &mut mem, 3, 0)), WasiErrno::EBADF);
        fd_prestat_get(&mut ctx, &mut mem, 9, 0).unwrap();
        fd_close(&mut ctx, &mut mem, 9).unwrap();
        assert_eq!(errno_of(fd_prestat_get(&mut ctx, &mut mem, 9, 0)), WasiErrno::EBADF);
    }

    #[test]
    fn renumber_onto_itself_closes_nothing() {
        let mut ctx = testing::ctx(vec![(
            Request::Fd(FdRequest::FdStat { fd: 5 }),
            Ok(Reply::FdStat(FdStat { kind: FileType::Regular, flags: 0 })),
        )]);
        let mut bytes = [0u8; 0];
        let mut mem = GuestMemory::new(&mut bytes);
        fd_renumber(&mut ctx, &mut mem, 5, 5).unwrap();
    }

    #[test]
    fn transport_failure_stops_the_program() {
        let mut ctx = testing::ctx_with(vec![(
            Request::Fd(FdRequest::Sync { fd: 1 }),
            testing::Answer::Lose,
        )]);
        let mut bytes = [0u8; 0];
        let mut mem = GuestMemory::new(&mut bytes);
        assert!(matches!(fd_sync(&mut ctx, &mut mem, 1), Err(CallError::Stop(Stop::Transport(_)))));
    }
}
