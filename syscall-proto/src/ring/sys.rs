//! Every raw OS call and every `unsafe` block of the ring transport: the sealed memfd,
//! its mapping, the eventfd doorbells, `poll`, and the descriptors a runtime inherits.
//!
//! The hot path uses only `read`/`write` on eventfds and `poll`. Setting up (memfd,
//! `ftruncate`, seals, `fstat`, `mmap`, `fcntl`) happens before the runtime's seccomp
//! filter is installed.

use std::io;
use std::mem::MaybeUninit;
use std::num::NonZeroUsize;
use std::os::fd::{BorrowedFd, FromRawFd, OwnedFd, RawFd};
use std::ptr::NonNull;

use memfd::{FileSeal, MemfdOptions};
use nix::errno::Errno;
use nix::poll::{PollFd, PollFlags, PollTimeout};
use nix::sys::eventfd::EfdFlags;
use nix::sys::mman::{MapFlags, ProtFlags};

use super::sync::{AtomicU32, AtomicU64};

/// Creates the ring memfd at its final size and seals it against shrinking and growing,
/// so the runtime cannot truncate it under the kernel's mapping (a SIGBUS in the
/// kernel), nor lift the seals.
pub(super) fn sealed_memfd(len: usize) -> io::Result<OwnedFd> {
    let mfd = MemfdOptions::new()
        .allow_sealing(true)
        .close_on_exec(true)
        .create("sandbox-ring")
        .map_err(memfd_error)?;
    mfd.as_file().set_len(len as u64)?;
    mfd.add_seals(&[FileSeal::SealShrink, FileSeal::SealGrow, FileSeal::SealSeal])
        .map_err(memfd_error)?;
    Ok(mfd.into_file().into())
}

fn memfd_error(e: memfd::Error) -> io::Error {
    match e {
        memfd::Error::Create(e) | memfd::Error::AddSeals(e) | memfd::Error::GetSeals(e) => e,
    }
}

/// The size of the file behind `fd`.
pub(super) fn file_size(fd: BorrowedFd<'_>) -> io::Result<u64> {
    let st = nix::sys::stat::fstat(fd)?;
    u64::try_from(st.st_size).map_err(|_| io::Error::other("negative file size"))
}

/// A read-write shared mapping of the ring memfd, unmapped on drop.
///
/// The peer process may write any byte of it at any time. Control words are therefore
/// only touched through atomics, and data only through the copying methods, whose
/// results the callers validate.
pub(super) struct SharedMap {
    base: NonNull<u8>,
    len: usize,
}

// SAFETY: the mapping is process-wide memory that is not tied to a thread; all access
// goes through atomics or explicit copies, and the owner (`Endpoint`) takes `&mut self`
// for every operation.
unsafe impl Send for SharedMap {}

impl SharedMap {
    /// Maps `len` bytes of `fd` from offset 0. The file must be at least that long and
    /// sealed against shrinking, or a later access could fault.
    pub fn map(fd: BorrowedFd<'_>, len: usize) -> io::Result<SharedMap> {
        let nz = NonZeroUsize::new(len)
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "empty mapping"))?;
        // SAFETY: a fresh mapping at an address of the kernel's choosing aliases no Rust
        // object; it stays valid until `Drop` unmaps it, and nothing hands out
        // references that outlive `&self`.
        let ptr = unsafe {
            nix::sys::mman::mmap(
                None,
                nz,
                ProtFlags::PROT_READ | ProtFlags::PROT_WRITE,
                MapFlags::MAP_SHARED,
                fd,
                0,
            )
        }?;
        Ok(SharedMap { base: ptr.cast(), len })
    }

    pub fn len(&self) -> usize {
        self.len
    }

    fn check(&self, off: usize, len: usize, align: usize) {
        // Offsets come from our own layout constants and masked positions, never from
        // the peer, so a failure here is a bug in this module, not hostile input.
        assert!(
            off % align == 0 && off <= self.len && len <= self.len - off,
            "ring access {off}+{len} outside the {}-byte mapping",
            self.len
        );
    }

    /// The control word at `off`.
    pub fn u64_at(&self, off: usize) -> &AtomicU64 {
        self.check(off, 8, 8);
        // SAFETY: in bounds and 8-aligned (checked; the mapping is page-aligned); the
        // memory lives as long as `&self`, and atomics are the one sound way to share it
        // with a concurrently writing process.
        unsafe { AtomicU64::from_ptr(self.base.as_ptr().add(off).cast()) }
    }

    /// The parked flag at `off`.
    pub fn u32_at(&self, off: usize) -> &AtomicU32 {
        self.check(off, 4, 4);
        // SAFETY: as for `u64_at`, with 4-byte alignment.
        unsafe { AtomicU32::from_ptr(self.base.as_ptr().add(off).cast()) }
    }

    /// Copies shared bytes out into private memory.
    pub fn read(&self, off: usize, dst: &mut [u8]) {
        self.check(off, dst.len(), 1);
        // SAFETY: the source is in bounds (checked) and `dst` is private, so they do not
        // overlap. The peer may be writing the source concurrently: the copy is a single
        // read of each byte into `dst`, the only place the caller looks afterwards, so
        // torn or changing bytes can make the copy wrong but not make us read twice.
        unsafe {
            std::ptr::copy_nonoverlapping(self.base.as_ptr().add(off), dst.as_mut_ptr(), dst.len())
        }
    }

    /// Appends `len` shared bytes at `off` to `out`, which must already have the spare
    /// capacity (the caller bounds it by `max_message`).
    pub fn append_to(&self, off: usize, len: usize, out: &mut Vec<u8>) {
        self.check(off, len, 1);
        let spare: &mut [MaybeUninit<u8>] = out.spare_capacity_mut();
        assert!(spare.len() >= len, "append_to without reserved capacity");
        // SAFETY: as for `read`: in-bounds source, private non-overlapping destination
        // with room for `len` bytes (checked just above).
        unsafe {
            std::ptr::copy_nonoverlapping(
                self.base.as_ptr().add(off),
                spare.as_mut_ptr().cast::<u8>(),
                len,
            );
        }
        let new_len = out.len() + len;
        // SAFETY: the `len` bytes after the old length were initialised by the copy and
        // lie within the capacity.
        unsafe { out.set_len(new_len) };
    }

    /// Copies private bytes into shared memory.
    pub fn write(&self, off: usize, src: &[u8]) {
        self.check(off, src.len(), 1);
        // SAFETY: in bounds (checked); `src` is private so they do not overlap. We never
        // read these bytes back, so a peer scribbling on them concurrently harms only
        // what it receives.
        unsafe {
            std::ptr::copy_nonoverlapping(src.as_ptr(), self.base.as_ptr().add(off), src.len())
        }
    }
}

impl Drop for SharedMap {
    fn drop(&mut self) {
        // SAFETY: unmaps exactly the mapping made in `map`; every reference into it
        // borrowed `&self`, so none is left.
        let _ = unsafe { nix::sys::mman::munmap(self.base.cast(), self.len) };
    }
}

/// A doorbell: a non-blocking eventfd. Non-blocking because the peer holds the same
/// eventfd and can drain it between our `poll` and our `read`; a blocking read would then
/// hang where it should just re-check the ring.
pub(super) fn eventfd() -> io::Result<OwnedFd> {
    let flags = EfdFlags::EFD_CLOEXEC | EfdFlags::EFD_NONBLOCK;
    Ok(nix::sys::eventfd::EventFd::from_value_and_flags(0, flags)?.into())
}

/// Rings a doorbell.
pub(super) fn ring(bell: BorrowedFd<'_>) -> io::Result<()> {
    loop {
        match nix::unistd::write(bell, &1u64.to_ne_bytes()) {
            // EAGAIN: the counter is saturated, so a wake-up is pending anyway.
            Ok(_) | Err(Errno::EAGAIN) => return Ok(()),
            Err(Errno::EINTR) => continue,
            Err(e) => return Err(e.into()),
        }
    }
}

/// Why [`sleep`] returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Woken {
    /// The doorbell rang, or a signal interrupted the wait: re-check the ring.
    Bell,
    /// The watched descriptor became readable, or the doorbell reports an error.
    PeerGone,
    /// The timeout passed first.
    TimedOut,
}

/// Sleeps until `bell` rings or `watch` (a pidfd) becomes readable, then drains `bell`;
/// at most `timeout` when given.
pub(super) fn sleep(
    bell: BorrowedFd<'_>,
    watch: Option<BorrowedFd<'_>>,
    timeout: Option<std::time::Duration>,
) -> io::Result<Woken> {
    let mut fds = [PollFd::new(bell, PollFlags::POLLIN), PollFd::new(bell, PollFlags::POLLIN)];
    let n = match watch {
        Some(w) => {
            fds[1] = PollFd::new(w, PollFlags::POLLIN);
            2
        }
        None => 1,
    };
    let timeout = match timeout {
        None => PollTimeout::NONE,
        // Rounded up, so a wait never ends before the deadline it serves.
        Some(t) => {
            let ms = t.as_nanos().div_ceil(1_000_000);
            PollTimeout::try_from(ms.min(i32::MAX as u128) as i32).unwrap_or(PollTimeout::MAX)
        }
    };
    match nix::poll::poll(&mut fds[..n], timeout) {
        Ok(0) => return Ok(Woken::TimedOut),
        Ok(_) => {}
        Err(Errno::EINTR) => return Ok(Woken::Bell),
        Err(e) => return Err(e.into()),
    }
    let bad = PollFlags::POLLERR | PollFlags::POLLHUP | PollFlags::POLLNVAL;
    let bell_ev = fds[0].revents().unwrap_or(PollFlags::empty());
    if n == 2 && fds[1].revents().is_some_and(|r| !r.is_empty()) {
        return Ok(Woken::PeerGone);
    }
    if bell_ev.intersects(bad) {
        return Ok(Woken::PeerGone);
    }
    if bell_ev.contains(PollFlags::POLLIN) {
        let mut buf = [0u8; 8];
        match nix::unistd::read(bell, &mut buf) {
            // EAGAIN: the peer drained our bell first; the caller re-checks anyway.
            Ok(_) | Err(Errno::EAGAIN) | Err(Errno::EINTR) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(Woken::Bell)
}

/// Whether a descriptor number is open.
pub(super) fn check_open(raw: RawFd) -> io::Result<()> {
    // SAFETY: F_GETFD only reads the descriptor flags; for a number that is not open it
    // fails with EBADF and touches nothing.
    if unsafe { libc::fcntl(raw, libc::F_GETFD) } < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// Takes ownership of an inherited descriptor number after checking it is open.
///
/// The caller must make sure nothing else in the process owns `raw` (the `CHILD_FDS`
/// convention, plus a once-only guard in `ChildFds::inherited`).
pub(super) fn take_inherited(raw: RawFd) -> io::Result<OwnedFd> {
    check_open(raw)?;
    // SAFETY: the descriptor is open (checked above) and, by the caller's contract,
    // owned by nothing else in this process.
    Ok(unsafe { OwnedFd::from_raw_fd(raw) })
}

/// A pidfd for `pid`: readable once the process has exited. Hand it to
/// `Endpoint::watch_peer`.
pub(super) fn pidfd_open(pid: libc::pid_t) -> io::Result<OwnedFd> {
    // SAFETY: pidfd_open(2) takes a pid and flags and returns a new descriptor or -1;
    // it does not touch our memory.
    let r = unsafe { libc::syscall(libc::SYS_pidfd_open, pid, 0) };
    if r < 0 {
        return Err(io::Error::last_os_error());
    }
    let raw = RawFd::try_from(r).map_err(|_| io::Error::other("pidfd out of range"))?;
    // SAFETY: the kernel just created this descriptor for us; nothing else owns it.
    Ok(unsafe { OwnedFd::from_raw_fd(raw) })
}

/// Test support: fork a child that runs `child` and exits with its result (101 if it
/// panics). Returns the child's pid.
#[cfg(test)]
pub(crate) fn fork_child(child: impl FnOnce() -> i32) -> io::Result<libc::pid_t> {
    // SAFETY: the test binary is multi-threaded, so the child may only rely on what
    // fork(2) leaves consistent: glibc re-initialises malloc's locks in the child, and
    // the child touches only its own ring endpoint and then `_exit`s without running
    // destructors or atexit handlers of the parent's state.
    match unsafe { nix::unistd::fork() }? {
        nix::unistd::ForkResult::Parent { child } => Ok(child.as_raw()),
        nix::unistd::ForkResult::Child => {
            let code = std::panic::catch_unwind(std::panic::AssertUnwindSafe(child)).unwrap_or(101);
            // SAFETY: ends the child without unwinding into the test harness's frames.
            unsafe { libc::_exit(code) }
        }
    }
}

/// Test support: waits for a child and returns its exit status (or 128 + signal).
#[cfg(test)]
pub(crate) fn wait_child(pid: libc::pid_t) -> io::Result<i32> {
    use nix::sys::wait::{waitpid, WaitStatus};
    match waitpid(nix::unistd::Pid::from_raw(pid), None)? {
        WaitStatus::Exited(_, code) => Ok(code),
        WaitStatus::Signaled(_, sig, _) => Ok(128 + sig as i32),
        other => Err(io::Error::other(format!("unexpected wait status {other:?}"))),
    }
}

/// Test support, for a forked child only: moves `fds` to the numbers in `targets`
/// (clearing close-on-exec), as the kernel's spawn path does for a runtime.
#[cfg(test)]
pub(crate) fn install_at(fds: [OwnedFd; 3], targets: [RawFd; 3]) -> io::Result<()> {
    use std::os::fd::AsRawFd;
    // First move every descriptor above the targets, so one dup2 cannot close a source
    // that happens to sit at another target number.
    let mut high = Vec::new();
    for fd in &fds {
        // SAFETY: F_DUPFD_CLOEXEC creates a new descriptor from one we own.
        let r = unsafe { libc::fcntl(fd.as_raw_fd(), libc::F_DUPFD_CLOEXEC, 100) };
        if r < 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: `r` was just created and is owned by nothing else.
        high.push(unsafe { OwnedFd::from_raw_fd(r) });
    }
    drop(fds);
    for (fd, target) in high.iter().zip(targets) {
        // SAFETY: dup2 onto a fixed number in a forked child, which owns no Rust object
        // at that number that it will use again (the test child only runs ring code).
        if unsafe { libc::dup2(fd.as_raw_fd(), target) } < 0 {
            return Err(io::Error::last_os_error());
        }
    }
    Ok(())
}
