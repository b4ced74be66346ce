//! Descriptors: per-virtual-process tables over shared real descriptors, and
//! `select`, which never blocks the instance: a task with nothing ready
//! registers what it waits for and yields to the others; `executor.rs` blocks
//! once for all of them.

use super::SandboxSystem;
use super::sig::{FdSet, SIGPIPE, Sigset};
use super::state::{FdEntry, RealFd, with};
use crate::errno;
use enumset::EnumSet;
use std::ffi::{CStr, c_int};
use std::future::poll_fn;
use std::io::SeekFrom;
use std::rc::Rc;
use std::task::Poll;
use std::time::{Duration, Instant};
use yash_env::io::Fd;
use yash_env::path::Path;
use yash_env::str::UnixStr;
use yash_env::system::r#virtual::VirtualDir;
use yash_env::system::{
    Close, Dir, Dup, Errno, Fcntl, FdFlag, FileType, Fstat, Gid, IsExecutableFile, Mode, OfdAccess,
    Open, OpenFlag, Pipe, Read, Result, Seek, Select, Uid, Write,
};

/// A pipe write of at most this many bytes never blocks once `poll` says the
/// pipe is writable (the kernel's pipes, as Linux's, guarantee that).
const PIPE_BUF: usize = 4096;

impl SandboxSystem {
    pub fn entry(&self, fd: Fd) -> Result<FdEntry> {
        self.with_proc(|p| p.fds.get(&fd.0).cloned()).ok_or(Errno::EBADF)
    }

    pub fn real_fd(&self, fd: Fd) -> Result<Rc<RealFd>> {
        Ok(self.entry(fd)?.real)
    }

    /// Enters `real` at the lowest free descriptor from `min`.
    fn insert(&self, real: Rc<RealFd>, min: i32, cloexec: bool) -> Result<Fd> {
        self.with_proc(|p| {
            let mut fd = min;
            while p.fds.contains_key(&fd) {
                fd += 1;
            }
            if fd > 1023 {
                return Err(Errno::EMFILE);
            }
            p.fds.insert(fd, FdEntry { real, cloexec, nonblock: false });
            Ok(Fd(fd))
        })
    }
}

/// Whether an operation on `real` for `events` would not block now.
fn ready(real: i32, events: i16) -> bool {
    let mut pfd = libc::pollfd { fd: real, events, revents: 0 };
    // SAFETY: one valid pollfd.
    let n = unsafe { libc::poll(&mut pfd, 1, 0) };
    n != 0
}

/// A file's status as yash needs it.
#[derive(Clone, Debug)]
pub struct Stat {
    dev: u64,
    ino: u64,
    mode: Mode,
    r#type: FileType,
    nlink: u64,
    uid: Uid,
    gid: Gid,
    size: u64,
}

impl yash_env::system::Stat for Stat {
    fn dev(&self) -> u64 {
        self.dev
    }
    fn ino(&self) -> u64 {
        self.ino
    }
    fn mode(&self) -> Mode {
        self.mode
    }
    fn r#type(&self) -> FileType {
        self.r#type
    }
    fn nlink(&self) -> u64 {
        self.nlink
    }
    fn uid(&self) -> Uid {
        self.uid
    }
    fn gid(&self) -> Gid {
        self.gid
    }
    fn size(&self) -> u64 {
        self.size
    }
}

fn stat_of(st: &libc::stat) -> Stat {
    let r#type = match st.st_mode & libc::S_IFMT {
        libc::S_IFDIR => FileType::Directory,
        libc::S_IFLNK => FileType::Symlink,
        libc::S_IFIFO => FileType::Fifo,
        libc::S_IFCHR => FileType::CharacterDevice,
        libc::S_IFBLK => FileType::BlockDevice,
        libc::S_IFSOCK => FileType::Socket,
        libc::S_IFREG => FileType::Regular,
        _ => FileType::Other,
    };
    Stat {
        dev: st.st_dev,
        ino: st.st_ino,
        mode: Mode::from_bits_truncate(st.st_mode & 0o7777),
        r#type,
        nlink: st.st_nlink,
        uid: Uid(st.st_uid),
        gid: Gid(st.st_gid),
        size: st.st_size as u64,
    }
}

impl Fstat for SandboxSystem {
    type Stat = Stat;

    fn fstat(&self, fd: Fd) -> Result<Stat> {
        let real = self.real_fd(fd)?;
        // SAFETY: a zeroed stat is valid; pointers valid.
        unsafe {
            let mut st: libc::stat = std::mem::zeroed();
            if libc::fstat(real.0, &mut st) < 0 {
                return Err(errno::last());
            }
            Ok(stat_of(&st))
        }
    }

    fn fstatat(&self, dir_fd: Fd, path: &CStr, follow_symlinks: bool) -> Result<Stat> {
        if dir_fd != yash_env::system::AT_FDCWD && !path.to_bytes().starts_with(b"/") {
            return Err(Errno::ENOSYS);
        }
        super::stat_path(&self.absolute(path), follow_symlinks).map(|st| stat_of(&st))
    }
}

/// WASI preview 1 has no permission bits, so every regular file counts as
/// executable; the kernel's spawn decides.
impl IsExecutableFile for SandboxSystem {
    fn is_executable_file(&self, path: &CStr) -> bool {
        super::stat_path(&self.absolute(path), true)
            .is_ok_and(|st| st.st_mode & libc::S_IFMT == libc::S_IFREG)
    }
}

impl Pipe for SandboxSystem {
    fn pipe(&self) -> Result<(Fd, Fd)> {
        let (r, w) = crate::host::pipe()?;
        let (r, w) = (Rc::new(RealFd(r)), Rc::new(RealFd(w)));
        let r = self.insert(r, 0, false)?;
        let w = self.insert(w, 0, false)?;
        Ok((r, w))
    }
}

impl Dup for SandboxSystem {
    fn dup(&self, from: Fd, to_min: Fd, flags: EnumSet<FdFlag>) -> Result<Fd> {
        let entry = self.entry(from)?;
        self.insert(entry.real, to_min.0, flags.contains(FdFlag::CloseOnExec))
    }

    fn dup2(&self, from: Fd, to: Fd) -> Result<Fd> {
        let entry = self.entry(from)?;
        if from != to {
            self.with_proc(|p| p.fds.insert(to.0, FdEntry { cloexec: false, ..entry }));
        }
        Ok(to)
    }
}

impl Open for SandboxSystem {
    fn open(
        &self,
        path: &CStr,
        access: OfdAccess,
        flags: EnumSet<OpenFlag>,
        mode: Mode,
    ) -> impl Future<Output = Result<Fd>> + use<> {
        std::future::ready(self.open_now(path, access, flags, mode))
    }

    fn open_tmpfile(&self, parent_dir: &Path) -> Result<Fd> {
        let base = parent_dir.as_unix_str().as_bytes().to_vec();
        for n in 0..100 {
            let stamp = Instant::now().elapsed().as_nanos() as u64 ^ (self.pid.0 as u64) << 20;
            let mut path = base.clone();
            path.extend_from_slice(format!("/.sh-tmp-{}-{stamp:x}-{n}", self.pid.0).as_bytes());
            let c = std::ffi::CString::new(path).map_err(|_| Errno::EINVAL)?;
            let flags = OpenFlag::Create | OpenFlag::Exclusive;
            match self.open_now(&c, OfdAccess::ReadWrite, flags, Mode::from_bits_retain(0o600)) {
                Ok(fd) => {
                    // SAFETY: valid C string.
                    unsafe { libc::unlink(c.as_ptr()) };
                    return Ok(fd);
                }
                Err(Errno::EEXIST) => continue,
                Err(e) => return Err(e),
            }
        }
        Err(Errno::EEXIST)
    }

    fn fdopendir(&self, _fd: Fd) -> Result<impl Dir + use<>> {
        Err::<VirtualDir<std::vec::IntoIter<Rc<UnixStr>>>, _>(Errno::ENOSYS)
    }

    fn opendir(&self, path: &CStr) -> Result<impl Dir + use<>> {
        let abs = self.absolute(path);
        let abs = std::str::from_utf8(abs.to_bytes()).map_err(|_| Errno::EILSEQ)?;
        let entries = std::fs::read_dir(abs)
            .map_err(|e| e.raw_os_error().map_or(Errno::EIO, errno::from_wasi))?;
        // Linux's readdir lists `.` and `..` too (globs such as `.*` see them).
        let mut names: Vec<Rc<UnixStr>> =
            vec![Rc::from(UnixStr::new(".")), Rc::from(UnixStr::new(".."))];
        for entry in entries {
            let entry = entry.map_err(|e| e.raw_os_error().map_or(Errno::EIO, errno::from_wasi))?;
            use std::os::wasi::ffi::OsStrExt as _;
            names.push(Rc::from(UnixStr::from_bytes(entry.file_name().as_bytes())));
        }
        Ok(VirtualDir::new(names))
    }
}

impl SandboxSystem {
    fn open_now(
        &self,
        path: &CStr,
        access: OfdAccess,
        flags: EnumSet<OpenFlag>,
        mode: Mode,
    ) -> Result<Fd> {
        let mut oflag = match access {
            OfdAccess::ReadOnly => libc::O_RDONLY,
            OfdAccess::WriteOnly => libc::O_WRONLY,
            OfdAccess::ReadWrite => libc::O_RDWR,
            OfdAccess::Exec => libc::O_EXEC,
            OfdAccess::Search => libc::O_SEARCH,
            _ => return Err(Errno::EINVAL),
        };
        for flag in flags {
            oflag |= match flag {
                OpenFlag::Append => libc::O_APPEND,
                OpenFlag::Create => libc::O_CREAT,
                OpenFlag::Directory => libc::O_DIRECTORY,
                OpenFlag::Exclusive => libc::O_EXCL,
                OpenFlag::NoFollow => libc::O_NOFOLLOW,
                OpenFlag::Truncate => libc::O_TRUNC,
                OpenFlag::Sync => libc::O_SYNC,
                _ => 0,
            };
        }
        let abs = self.absolute(path);
        let umask = self.with_proc(|p| p.umask.bits());
        let mode = (mode.bits() & !umask) as libc::c_uint;
        // SAFETY: valid C string; the mode argument is what open's varargs expect.
        let real = unsafe { libc::open(abs.as_ptr(), oflag, mode) };
        if real < 0 {
            return Err(errno::last());
        }
        let real = Rc::new(RealFd(real));
        // Children get only what a virtual table names (spawn's fd actions).
        crate::host::set_cloexec(real.0, true)?;
        let fd = self.insert(real, 0, flags.contains(OpenFlag::CloseOnExec))?;
        if flags.contains(OpenFlag::NonBlock) {
            self.with_proc(|p| p.fds.get_mut(&fd.0).map(|e| e.nonblock = true));
        }
        Ok(fd)
    }
}

impl Close for SandboxSystem {
    fn close(&self, fd: Fd) -> Result<()> {
        self.with_proc(|p| p.fds.remove(&fd.0));
        Ok(())
    }
}

impl Fcntl for SandboxSystem {
    fn ofd_access(&self, fd: Fd) -> Result<OfdAccess> {
        let real = self.real_fd(fd)?;
        // SAFETY: plain call.
        let flags = unsafe { libc::fcntl(real.0, libc::F_GETFL) };
        if flags < 0 {
            return Err(errno::last());
        }
        Ok(match flags & libc::O_ACCMODE {
            libc::O_RDONLY => OfdAccess::ReadOnly,
            libc::O_WRONLY => OfdAccess::WriteOnly,
            libc::O_RDWR => OfdAccess::ReadWrite,
            libc::O_EXEC => OfdAccess::Exec,
            libc::O_SEARCH => OfdAccess::Search,
            _ => OfdAccess::ReadWrite,
        })
    }

    fn get_and_set_nonblocking(&self, fd: Fd, nonblocking: bool) -> Result<bool> {
        self.with_proc(|p| {
            let e = p.fds.get_mut(&fd.0).ok_or(Errno::EBADF)?;
            Ok(std::mem::replace(&mut e.nonblock, nonblocking))
        })
    }

    fn fcntl_getfd(&self, fd: Fd) -> Result<EnumSet<FdFlag>> {
        let e = self.entry(fd)?;
        Ok(if e.cloexec { FdFlag::CloseOnExec.into() } else { EnumSet::empty() })
    }

    fn fcntl_setfd(&self, fd: Fd, flags: EnumSet<FdFlag>) -> Result<()> {
        self.with_proc(|p| {
            let e = p.fds.get_mut(&fd.0).ok_or(Errno::EBADF)?;
            e.cloexec = flags.contains(FdFlag::CloseOnExec);
            Ok(())
        })
    }
}

impl Read for SandboxSystem {
    fn read<'a>(
        &self,
        fd: Fd,
        buffer: &'a mut [u8],
    ) -> impl Future<Output = Result<usize>> + use<'a> {
        let result = (|| {
            let e = self.entry(fd)?;
            if e.nonblock && !ready(e.real.0, libc::POLLIN) {
                return Err(Errno::EAGAIN);
            }
            // SAFETY: the buffer is valid for its length.
            let n = unsafe { libc::read(e.real.0, buffer.as_mut_ptr().cast(), buffer.len()) };
            if n < 0 { Err(errno::last()) } else { Ok(n as usize) }
        })();
        std::future::ready(result)
    }
}

impl Write for SandboxSystem {
    fn write<'a>(&self, fd: Fd, buffer: &'a [u8]) -> impl Future<Output = Result<usize>> + use<'a> {
        let result = (|| {
            let e = self.entry(fd)?;
            let mut len = buffer.len();
            if e.nonblock {
                if !ready(e.real.0, libc::POLLOUT) {
                    return Err(Errno::EAGAIN);
                }
                len = len.min(PIPE_BUF);
            }
            // SAFETY: the buffer is valid for `len <= buffer.len()` bytes.
            let n = unsafe { libc::write(e.real.0, buffer.as_ptr().cast(), len) };
            if n < 0 { Err(errno::last()) } else { Ok(n as usize) }
        })();
        // The kernel raised SIGPIPE on the instance, which handles it: here it
        // becomes the virtual process's SIGPIPE (by default, the end of it).
        let ended = result == Err(Errno::EPIPE) && with(|s| s.deliver(self.pid, SIGPIPE));
        async move {
            if ended {
                std::future::pending::<()>().await;
            }
            result
        }
    }
}

impl Seek for SandboxSystem {
    fn lseek(&self, fd: Fd, position: SeekFrom) -> Result<u64> {
        let real = self.real_fd(fd)?;
        let (offset, whence) = match position {
            SeekFrom::Start(o) => (o as i64, libc::SEEK_SET),
            SeekFrom::Current(o) => (o, libc::SEEK_CUR),
            SeekFrom::End(o) => (o, libc::SEEK_END),
        };
        // SAFETY: plain call.
        let r = unsafe { libc::lseek(real.0, offset, whence) };
        if r < 0 { Err(errno::last()) } else { Ok(r as u64) }
    }
}

impl Select for SandboxSystem {
    type FdSet = FdSet;

    fn select<'a>(
        &self,
        readers: &'a mut FdSet,
        writers: &'a mut FdSet,
        timeout: Option<Duration>,
        _signal_mask: Option<&Sigset>,
    ) -> impl Future<Output = Result<c_int>> + use<'a> {
        let this = self.clone();
        let deadline = timeout.map(|t| Instant::now() + t);
        poll_fn(move |cx| {
            let pending_signals = with(|s| {
                s.procs.get(&this.pid).is_none_or(|p| !p.caught.is_empty() || !p.is_alive())
            });
            if pending_signals {
                return Poll::Ready(Err(Errno::EINTR));
            }
            let mut polls = Vec::new();
            for (set, events) in [(&*readers, libc::POLLIN), (&*writers, libc::POLLOUT)] {
                for fd in &set.0 {
                    match this.real_fd(*fd) {
                        Ok(real) => polls.push((*fd, events, real.0)),
                        Err(e) => return Poll::Ready(Err(e)),
                    }
                }
            }
            let mut pfds: Vec<libc::pollfd> = polls
                .iter()
                .map(|&(_, events, fd)| libc::pollfd { fd, events, revents: 0 })
                .collect();
            if !pfds.is_empty() {
                // SAFETY: valid pollfd array.
                unsafe { libc::poll(pfds.as_mut_ptr(), pfds.len() as _, 0) };
            }
            let ready_count = pfds.iter().filter(|p| p.revents != 0).count();
            if ready_count > 0 {
                for ((fd, events, _), p) in polls.iter().zip(&pfds) {
                    if p.revents == 0 {
                        if *events == libc::POLLIN {
                            readers.0.remove(fd);
                        } else {
                            writers.0.remove(fd);
                        }
                    }
                }
                return Poll::Ready(Ok(ready_count as c_int));
            }
            if deadline.is_some_and(|d| d <= Instant::now()) {
                readers.0.clear();
                writers.0.clear();
                return Poll::Ready(Ok(0));
            }
            with(|s| {
                let i = &mut s.interests;
                for (_, events, real) in &polls {
                    if *events == libc::POLLIN {
                        i.reads.push(*real);
                    } else {
                        i.writes.push(*real);
                    }
                }
                if let Some(d) = deadline {
                    i.deadline = Some(i.deadline.map_or(d, |old| old.min(d)));
                }
                i.wakers.push(cx.waker().clone());
            });
            Poll::Pending
        })
    }
}
