//! The descriptor family: calls on an open descriptor, the dup family and descriptor
//! flags. Pipe ends are read and written through `pipe.rs`; `Pipe` and `Poll` are
//! served by `pipe.rs` and `poll.rs`.

use std::os::fd::{AsFd, BorrowedFd};

use nix::poll::{PollFd, PollFlags, PollTimeout};
use nix::sys::stat::fstat;
use nix::unistd::{lseek, Whence as HostWhence};
use syscall_proto::fd::{FdRequest, FdStat, FileType, Whence, FD_CLOEXEC, MAX_IO_CHUNK};
use syscall_proto::path::oflags;
use syscall_proto::{Errno, Reply, Response};

use super::{pipe, poll, unit};
use crate::fd::OpenFile;
use crate::process::Process;
use crate::sandbox::Sandbox;
use crate::vfs::hostdir::{convert_stat, timespec};
use crate::vfs::Object;

/// Most directory entries returned by one `ReadDir`.
const MAX_DIR_BATCH: u32 = 4096;

pub fn handle(sandbox: &Sandbox, process: &Process, request: FdRequest) -> Response {
    match request {
        FdRequest::Read { fd, len } => {
            let file = process.fds().get(fd)?;
            read(process, &file, len.min(MAX_IO_CHUNK) as usize, None).map(Reply::Data)
        }
        FdRequest::Pread { fd, len, offset } => {
            let file = process.fds().get(fd)?;
            let offset = i64::try_from(offset).map_err(|_| Errno::EINVAL)?;
            past_the_end(&file, offset, u64::from(len))?;
            read(process, &file, len.min(MAX_IO_CHUNK) as usize, Some(offset as u64))
                .map(Reply::Data)
        }
        FdRequest::Write { fd, data } => {
            let file = process.fds().get(fd)?;
            crate::limits::write(sandbox, process, &file, data.len(), || {
                write(sandbox, process, &file, &data, None)
            })
            .map(Reply::Written)
        }
        FdRequest::Pwrite { fd, data, offset } => {
            let file = process.fds().get(fd)?;
            let at = i64::try_from(offset).map_err(|_| Errno::EINVAL)?;
            past_the_end(&file, at, data.len() as u64)?;
            crate::limits::write(sandbox, process, &file, data.len(), || {
                write(sandbox, process, &file, &data, Some(offset))
            })
            .map(Reply::Written)
        }
        FdRequest::Seek { fd, offset, whence } => {
            let file = process.fds().get(fd)?;
            seek(&file, offset, whence).map(Reply::Offset)
        }
        FdRequest::Close { fd } => unit(process.fds().close(fd)),
        FdRequest::Stat { fd } => {
            let file = process.fds().get(fd)?;
            Ok(Reply::Stat(match &file.object {
                Object::MemFile(h) | Object::MemDir(h) => h.fs.stat(h.ino)?,
                Object::HostFile(f) => convert_stat(&fstat(f).map_err(Errno::from)?),
                Object::HostDir(d) => convert_stat(&fstat(d).map_err(Errno::from)?),
                Object::SynthDir => sandbox.vfs.stat_for(Some(process), &file.path)?,
                Object::Device(d) => d.stat(),
                Object::ProcFile(_) => sandbox.vfs.stat_for(Some(process), &file.path)?,
                Object::Stdio(n) => convert_stat(&fstat(stdio(*n)).map_err(Errno::from)?),
                Object::PipeRead(end) => end.stat(),
                Object::PipeWrite(end) => end.stat(),
            }))
        }
        FdRequest::FdStat { fd } => {
            let file = process.fds().get(fd)?;
            let kind = match &file.object {
                Object::MemFile(_) | Object::ProcFile(_) => FileType::Regular,
                Object::MemDir(_) | Object::HostDir(_) | Object::SynthDir => FileType::Directory,
                Object::Device(_) => FileType::CharDevice,
                Object::HostFile(f) => {
                    crate::vfs::hostdir::file_type(fstat(f).map_err(Errno::from)?.st_mode)
                }
                Object::Stdio(n) => {
                    crate::vfs::hostdir::file_type(fstat(stdio(*n)).map_err(Errno::from)?.st_mode)
                }
                Object::PipeRead(_) | Object::PipeWrite(_) => FileType::Fifo,
            };
            let flags = file.state().flags;
            Ok(Reply::FdStat(FdStat { kind, flags }))
        }
        FdRequest::SetFlags { fd, flags } => {
            let file = process.fds().get(fd)?;
            let settable = oflags::O_APPEND | oflags::O_NONBLOCK;
            let mut st = file.state();
            st.flags = (st.flags & !settable) | (flags & settable);
            if let Object::HostFile(f) = &file.object {
                let host =
                    nix::fcntl::OFlag::from_bits_truncate((st.flags & oflags::O_APPEND) as i32);
                nix::fcntl::fcntl(f, nix::fcntl::FcntlArg::F_SETFL(host)).map_err(Errno::from)?;
            }
            Ok(Reply::Unit)
        }
        FdRequest::SetSize { fd, size } => {
            let file = process.fds().get(fd)?;
            if !file.writable() {
                return Err(Errno::EINVAL);
            }
            let size_i = i64::try_from(size).map_err(|_| Errno::EINVAL)?;
            unit(match &file.object {
                Object::MemFile(h) => h.fs.set_size(h.ino, size, sandbox.vfs.mem_max_file()),
                Object::HostFile(f) => nix::unistd::ftruncate(f, size_i).map_err(Errno::from),
                Object::MemDir(_) | Object::HostDir(_) | Object::SynthDir => Err(Errno::EISDIR),
                Object::Stdio(_)
                | Object::PipeRead(_)
                | Object::PipeWrite(_)
                | Object::Device(_)
                | Object::ProcFile(_) => Err(Errno::EINVAL),
            })
        }
        FdRequest::SetTimes { fd, atime, mtime } => {
            let file = process.fds().get(fd)?;
            unit(match &file.object {
                Object::MemFile(h) | Object::MemDir(h) => h.fs.set_times(h.ino, atime, mtime),
                // By the descriptor: the file may have been renamed since it was opened.
                Object::HostFile(f) => sandbox.vfs.check_writable(&file.path).and_then(|()| {
                    let (a, m) = (timespec(atime), timespec(mtime));
                    nix::sys::stat::futimens(f, &a, &m).map_err(Errno::from)
                }),
                Object::HostDir(_) => {
                    sandbox.vfs.set_times(&sandbox.vfs.current_path(&file)?, atime, mtime)
                }
                Object::PipeRead(end) => {
                    end.set_times(atime, mtime);
                    Ok(())
                }
                Object::PipeWrite(end) => {
                    end.set_times(atime, mtime);
                    Ok(())
                }
                Object::Stdio(_) | Object::Device(_) | Object::ProcFile(_) | Object::SynthDir => {
                    Err(Errno::EPERM)
                }
            })
        }
        FdRequest::Sync { fd } => {
            let file = process.fds().get(fd)?;
            unit(match &file.object {
                Object::HostFile(f) => nix::unistd::fsync(f).map_err(Errno::from),
                Object::PipeRead(_) | Object::PipeWrite(_) => Err(Errno::EINVAL),
                _ => Ok(()),
            })
        }
        FdRequest::ReadDir { fd, cookie, max } => {
            let file = process.fds().get(fd)?;
            let max = max.min(MAX_DIR_BATCH) as usize;
            sandbox.vfs.read_dir(Some(process), &file, cookie, max).map(Reply::Entries)
        }
        FdRequest::Renumber { from, to } => unit(process.fds().renumber(from, to)),
        FdRequest::Dup { fd, min, cloexec } => process.fds().dup(fd, min, cloexec).map(Reply::Fd),
        FdRequest::Dup3 { from, to, flags: None } => process.fds().dup2(from, to).map(Reply::Fd),
        FdRequest::Dup3 { from, to, flags: Some(flags) } => {
            if flags & !oflags::O_CLOEXEC != 0 {
                return Err(Errno::EINVAL);
            }
            process.fds().dup3(from, to, flags != 0).map(Reply::Fd)
        }
        FdRequest::GetFdFlags { fd } => {
            let cloexec = process.fds().cloexec(fd)?;
            Ok(Reply::Flags(if cloexec { FD_CLOEXEC } else { 0 }))
        }
        FdRequest::SetFdFlags { fd, flags } => {
            unit(process.fds().set_cloexec(fd, flags & FD_CLOEXEC != 0))
        }
        FdRequest::Pipe { flags } => pipe::create(process, flags),
        FdRequest::Poll { fds, timeout_ms } => poll::handle(process, fds, timeout_ms),
        FdRequest::Chmod { fd, mode } => {
            let file = process.fds().get(fd)?;
            unit(match &file.object {
                Object::MemFile(h) | Object::MemDir(h) => h.fs.chmod(h.ino, mode),
                Object::HostFile(f) => sandbox.vfs.check_writable(&file.path).and_then(|()| {
                    // Never set-id on the host: see `Vfs::chmod`.
                    let mode = nix::sys::stat::Mode::from_bits_truncate(mode & 0o1777);
                    nix::sys::stat::fchmod(f, mode).map_err(Errno::from)
                }),
                Object::HostDir(_) => sandbox.vfs.chmod(&sandbox.vfs.current_path(&file)?, mode),
                _ => Err(Errno::EPERM),
            })
        }
        FdRequest::Chown { fd, uid, gid } => {
            let file = process.fds().get(fd)?;
            unit(match &file.object {
                Object::MemFile(h) | Object::MemDir(h) => h.fs.chown(h.ino, uid, gid),
                _ if uid.is_none() && gid.is_none() => Ok(()),
                Object::HostFile(_) | Object::HostDir(_) => {
                    sandbox.vfs.check_writable(&file.path).and(Err(Errno::EPERM))
                }
                _ => Err(Errno::EPERM),
            })
        }
    }
}

/// `EINVAL` when a positioned call on an in-memory file would end past `i64::MAX`, as
/// Linux's `rw_verify_area` answers (host files get the host's answer; pipes `ESPIPE`).
fn past_the_end(file: &OpenFile, offset: i64, len: u64) -> Result<(), Errno> {
    let end = (offset as u64).checked_add(len).ok_or(Errno::EINVAL)?;
    if matches!(file.object, Object::MemFile(_)) && end > i64::MAX as u64 {
        return Err(Errno::EINVAL);
    }
    Ok(())
}

pub(super) fn stdio(n: i32) -> BorrowedFd<'static> {
    // SAFETY: 0, 1 and 2 are the kernel's own standard streams, open for the whole life
    // of the process (the kernel never closes them).
    unsafe { BorrowedFd::borrow_raw(n) }
}

/// Waits until `fd` is readable or the process is gone (`EINTR`), so a read of the
/// kernel's stdin never outlives the program that asked for it. Non-blocking, it only
/// looks (`EAGAIN`).
fn wait_readable(fd: BorrowedFd<'_>, process: &Process, nonblock: bool) -> Result<(), Errno> {
    let timeout = if nonblock { PollTimeout::ZERO } else { PollTimeout::NONE };
    loop {
        let mut fds = [
            PollFd::new(fd, PollFlags::POLLIN),
            PollFd::new(process.pidfd.as_fd(), PollFlags::POLLIN),
        ];
        match nix::poll::poll(&mut fds, timeout) {
            Ok(0) => return Err(Errno::EAGAIN),
            Err(nix::errno::Errno::EINTR) => continue,
            Err(e) => return Err(e.into()),
            Ok(_) => {}
        }
        if fds[1].any().unwrap_or(false) {
            return Err(Errno::EINTR);
        }
        return Ok(());
    }
}

fn read(process: &Process, file: &OpenFile, len: usize, at: Option<u64>) -> Result<Vec<u8>, Errno> {
    let pipe = matches!(file.object, Object::PipeRead(_) | Object::PipeWrite(_));
    if pipe && at.is_some() {
        return Err(Errno::ESPIPE);
    }
    if !file.readable() {
        return Err(Errno::EBADF);
    }
    match &file.object {
        Object::MemFile(h) => {
            let mut st = file.state();
            let offset = at.unwrap_or(st.offset);
            let data = h.fs.read_at(h.ino, offset, len)?;
            if at.is_none() {
                st.offset = offset + data.len() as u64;
            }
            Ok(data)
        }
        Object::ProcFile(contents) => {
            let mut st = file.state();
            let offset = at.unwrap_or(st.offset);
            let start = usize::try_from(offset).unwrap_or(usize::MAX).min(contents.len());
            let data = contents[start..contents.len().min(start.saturating_add(len))].to_vec();
            if at.is_none() {
                st.offset = offset + data.len() as u64;
            }
            Ok(data)
        }
        Object::Device(d) => d.read(len),
        Object::HostFile(f) => {
            let mut buf = vec![0u8; len];
            let n = match at {
                Some(off) => nix::sys::uio::pread(f, &mut buf, off as i64),
                None => nix::unistd::read(f, &mut buf),
            }
            .map_err(Errno::from)?;
            buf.truncate(n);
            Ok(buf)
        }
        Object::Stdio(0) if at.is_none() => {
            let nonblock = file.state().flags & oflags::O_NONBLOCK != 0;
            wait_readable(stdio(0), process, nonblock)?;
            let mut buf = vec![0u8; len.min(1 << 20)];
            let n = nix::unistd::read(stdio(0), &mut buf).map_err(Errno::from)?;
            buf.truncate(n);
            Ok(buf)
        }
        Object::Stdio(_) => Err(if at.is_some() { Errno::ESPIPE } else { Errno::EBADF }),
        Object::MemDir(_) | Object::HostDir(_) | Object::SynthDir => Err(Errno::EISDIR),
        Object::PipeRead(end) => pipe::read(process, file, end, len),
        Object::PipeWrite(_) => Err(Errno::EBADF),
    }
}

fn write(
    sandbox: &Sandbox,
    process: &Process,
    file: &OpenFile,
    data: &[u8],
    at: Option<u64>,
) -> Result<u64, Errno> {
    let pipe = matches!(file.object, Object::PipeRead(_) | Object::PipeWrite(_));
    if pipe && at.is_some() {
        return Err(Errno::ESPIPE);
    }
    if !file.writable() {
        return Err(Errno::EBADF);
    }
    match &file.object {
        Object::MemFile(h) => {
            let mut st = file.state();
            // As on Linux, O_APPEND wins even over pwrite's offset.
            let append = st.flags & oflags::O_APPEND != 0;
            let offset = at.unwrap_or(st.offset);
            let end = h.fs.write_at(h.ino, offset, append, data, sandbox.vfs.mem_max_file())?;
            if at.is_none() {
                st.offset = end;
            }
            Ok(data.len() as u64)
        }
        Object::HostFile(f) => match at {
            Some(off) => {
                nix::sys::uio::pwrite(f, data, off as i64).map(|n| n as u64).map_err(Errno::from)
            }
            None => nix::unistd::write(f, data).map(|n| n as u64).map_err(Errno::from),
        },
        Object::Stdio(n @ (1 | 2)) if at.is_none() => {
            // The program's output is forwarded whole: a short write to a pipe would
            // otherwise surface as a short write the program did not cause.
            let mut rest = data;
            while !rest.is_empty() {
                match nix::unistd::write(stdio(*n), rest) {
                    Ok(k) => rest = &rest[k..],
                    Err(nix::errno::Errno::EINTR) => {}
                    Err(nix::errno::Errno::EPIPE) => {
                        // The reader of the kernel's output is gone: to the program,
                        // its stdout is a broken pipe, as `prog | head` would make it.
                        process.terminate_by_signal(libc::SIGPIPE);
                        return Err(Errno::EPIPE);
                    }
                    Err(e) => return Err(e.into()),
                }
            }
            Ok(data.len() as u64)
        }
        Object::Stdio(_) => Err(if at.is_some() { Errno::ESPIPE } else { Errno::EBADF }),
        Object::MemDir(_) | Object::HostDir(_) | Object::SynthDir => Err(Errno::EISDIR),
        Object::Device(d) => d.write(data.len()),
        Object::ProcFile(_) => Err(Errno::EBADF),
        Object::PipeWrite(end) => pipe::write(process, file, end, data),
        Object::PipeRead(_) => Err(Errno::EBADF),
    }
}

fn seek(file: &OpenFile, offset: i64, whence: Whence) -> Result<u64, Errno> {
    match &file.object {
        Object::MemFile(h) => {
            let mut st = file.state();
            let base = match whence {
                Whence::Set => 0,
                Whence::Cur => st.offset as i64,
                Whence::End => h.fs.stat(h.ino)?.size as i64,
            };
            let new = base.checked_add(offset).filter(|n| *n >= 0).ok_or(Errno::EINVAL)?;
            st.offset = new as u64;
            Ok(new as u64)
        }
        Object::HostFile(f) => {
            let w = match whence {
                Whence::Set => HostWhence::SeekSet,
                Whence::Cur => HostWhence::SeekCur,
                Whence::End => HostWhence::SeekEnd,
            };
            lseek(f.as_fd(), offset, w).map(|n| n as u64).map_err(Errno::from)
        }
        Object::ProcFile(contents) => {
            let mut st = file.state();
            let base = match whence {
                Whence::Set => 0,
                Whence::Cur => st.offset as i64,
                Whence::End => contents.len() as i64,
            };
            let new = base.checked_add(offset).filter(|n| *n >= 0).ok_or(Errno::EINVAL)?;
            st.offset = new as u64;
            Ok(new as u64)
        }
        // Linux's character devices here accept any seek and stay where they are.
        Object::Device(_) => Ok(0),
        Object::MemDir(_) | Object::HostDir(_) | Object::SynthDir => {
            if whence == Whence::Set && offset == 0 {
                Ok(0)
            } else {
                Err(Errno::EINVAL)
            }
        }
        Object::Stdio(_) | Object::PipeRead(_) | Object::PipeWrite(_) => Err(Errno::ESPIPE),
    }
}
