//! Descriptors: a runtime holds exactly 0, 1, 2 and the ring descriptors, nothing else.
//!
//! [`Placement`] is the kernel-side half: computed before the runtime process is cloned, it moves the
//! descriptors the kernel hands over to their numbers and marks every other descriptor
//! close-on-exec, using system calls only. [`close_strays`] is the runtime-side check in
//! [`super::lock_down`].

use std::io;
use std::os::fd::{AsRawFd, OwnedFd, RawFd};

use super::ConfineError;

/// The highest descriptor a runtime may hold: 0–2 are stdio, 3–5 the ring
/// (`syscall_proto::ring::CHILD_FDS`: memfd, kernel doorbell, runtime doorbell), 6 a
/// precompiled module from the kernel's cache (sandbox-wasm `--precompiled`).
pub const MAX_INHERITED_FD: RawFd = 6;

/// Where each handed-over descriptor goes, computed in the parent.
#[derive(Debug)]
pub struct Placement {
    /// `(source, target)`; the sources stay open in the parent until `spawn` returns.
    moves: Vec<(RawFd, RawFd)>,
    /// One more than the highest target: temporaries are placed at or above it.
    above: RawFd,
    /// The targets, sorted: every other descriptor from 3 up is closed.
    keep: Vec<RawFd>,
}

impl Placement {
    /// Checks the requested `(descriptor, target)` pairs: targets are unique, at least 3
    /// (0–2 are stdio) and at most [`MAX_INHERITED_FD`]. Sources below 3 are duplicated
    /// out of the way (the child's stdio is set up over them before the move);
    /// `holders` keeps those duplicates open until the spawn is over.
    ///
    /// # Errors
    /// [`ConfineError::Descriptors`] for a bad target; the errno of `fcntl` if a
    /// low source cannot be duplicated.
    pub fn new(
        fds: &[(OwnedFd, RawFd)],
        holders: &mut Vec<OwnedFd>,
    ) -> Result<Placement, ConfineError> {
        let mut keep: Vec<RawFd> = fds.iter().map(|(_, target)| *target).collect();
        keep.sort_unstable();
        if let Some(bad) = keep.iter().find(|t| !(3..=MAX_INHERITED_FD).contains(*t)) {
            return Err(ConfineError::Descriptors(format!(
                "target descriptor {bad} is outside 3..={MAX_INHERITED_FD}"
            )));
        }
        if let Some(w) = keep.windows(2).find(|w| w[0] == w[1]) {
            return Err(ConfineError::Descriptors(format!(
                "target descriptor {} is given twice",
                w[0]
            )));
        }
        let mut moves = Vec::with_capacity(fds.len());
        for (fd, target) in fds {
            let source = if fd.as_raw_fd() < 3 {
                let moved = dup_at_least(fd.as_raw_fd(), 3).map_err(|e| {
                    ConfineError::Descriptors(format!(
                        "cannot move descriptor {}: {e}",
                        fd.as_raw_fd()
                    ))
                })?;
                let raw = moved.as_raw_fd();
                holders.push(moved);
                raw
            } else {
                fd.as_raw_fd()
            };
            moves.push((source, *target));
        }
        let above = keep.last().map_or(3, |max| max + 1);
        Ok(Placement { moves, above, keep })
    }

    /// In the child, before `execve`: puts every source at its target and marks every
    /// other descriptor from 3 up close-on-exec (closing them outright would also close
    /// the socket `spawn.rs` uses to report a failed `execve`).
    ///
    /// First each source is duplicated at or above the highest target, so a source
    /// whose number is another pair's target cannot be overwritten before it moves.
    ///
    /// Async-signal-safe: system calls only, no allocation.
    ///
    /// # Errors
    /// The errno of the failing `fcntl`/`dup2`/`close_range`.
    pub fn apply(&self) -> io::Result<()> {
        // Temporaries live only until execve (they are close-on-exec). At most
        // MAX_INHERITED_FD - 2 moves exist, so a fixed array holds them.
        let mut temporaries = [-1 as RawFd; MAX_INHERITED_FD as usize];
        for (slot, (source, _)) in temporaries.iter_mut().zip(&self.moves) {
            // SAFETY: F_DUPFD_CLOEXEC only reads the descriptor number arguments.
            let t = unsafe { libc::fcntl(*source, libc::F_DUPFD_CLOEXEC, self.above) };
            if t < 0 {
                return Err(io::Error::last_os_error());
            }
            *slot = t;
        }
        for (temporary, (_, target)) in temporaries.iter().zip(&self.moves) {
            // SAFETY: dup2 on two descriptor numbers; the new one is not close-on-exec.
            if unsafe { libc::dup2(*temporary, *target) } < 0 {
                return Err(io::Error::last_os_error());
            }
        }
        let mut first = 3;
        for &kept in self.keep.iter().chain(std::iter::once(&RawFd::MAX)) {
            if first < kept {
                cloexec_range(first, kept - 1)?;
            }
            first = kept.saturating_add(1);
        }
        Ok(())
    }
}

/// `fcntl(fd, F_DUPFD_CLOEXEC, min)` as an owned descriptor.
pub(super) fn dup_at_least(fd: RawFd, min: RawFd) -> io::Result<OwnedFd> {
    // SAFETY: F_DUPFD_CLOEXEC only reads the argument numbers.
    let new = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, min) };
    if new < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `new` was just returned by fcntl and nothing else owns it.
    Ok(unsafe { <OwnedFd as std::os::fd::FromRawFd>::from_raw_fd(new) })
}

/// Marks descriptors `first..=last` close-on-exec. `close_range(CLOSE_RANGE_CLOEXEC)`
/// where the kernel has it (5.11), else one `fcntl` per possible descriptor up to the
/// `RLIMIT_NOFILE` hard limit (capped).
fn cloexec_range(first: RawFd, last: RawFd) -> io::Result<()> {
    // SAFETY: close_range takes numbers only; with CLOSE_RANGE_CLOEXEC it closes nothing.
    let r = unsafe {
        libc::syscall(
            libc::SYS_close_range,
            first as libc::c_uint,
            last as libc::c_uint,
            libc::CLOSE_RANGE_CLOEXEC as libc::c_uint,
        )
    };
    if r == 0 {
        return Ok(());
    }
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: `limit` is a valid out-pointer.
    let max = if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } == 0 {
        RawFd::try_from(limit.rlim_max).unwrap_or(RawFd::MAX).min(1 << 20)
    } else {
        1 << 20
    };
    for fd in first..=last.min(max) {
        // SAFETY: F_SETFD on a descriptor number; EBADF for closed ones is ignored.
        unsafe { libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC) };
    }
    Ok(())
}

/// Closes every descriptor above [`MAX_INHERITED_FD`] and returns their numbers, for
/// the report: after `spawn` there should be none, so any found means a descriptor
/// leaked into the runtime (or the runtime opened one before locking down).
///
/// # Errors
/// [`ConfineError::Descriptors`] if `close_range` fails.
pub fn close_strays() -> Result<Vec<RawFd>, ConfineError> {
    let mut listed: Vec<RawFd> = match std::fs::read_dir("/proc/self/fd") {
        Ok(entries) => entries
            .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<RawFd>().ok())
            .filter(|fd| *fd > MAX_INHERITED_FD)
            .collect(),
        Err(_) => Vec::new(),
    };
    // The listing included the directory's own descriptor, closed again by now.
    // SAFETY: F_GETFD only inspects the descriptor number.
    listed.retain(|fd| unsafe { libc::fcntl(*fd, libc::F_GETFD) } >= 0);
    listed.sort_unstable();
    // Close by range as well: it also covers a process without /proc.
    // SAFETY: close_range takes numbers only; by the contract of `lock_down`, nothing
    // in this process still uses descriptors above MAX_INHERITED_FD.
    let r = unsafe {
        libc::syscall(
            libc::SYS_close_range,
            (MAX_INHERITED_FD + 1) as libc::c_uint,
            libc::c_uint::MAX,
            0 as libc::c_uint,
        )
    };
    if r != 0 {
        return Err(ConfineError::Descriptors(format!(
            "close_range above {MAX_INHERITED_FD}: {}",
            io::Error::last_os_error()
        )));
    }
    Ok(listed)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A source whose number is another pair's target must still arrive intact: run
    /// [`Placement::apply`] in a forked child (it owns its descriptor table there) with
    /// 3 and 4 swapped and 9 moved to 5, and check each eventfd's counter at its target.
    #[test]
    fn swapped_sources_land_intact() {
        let placement =
            Placement { moves: vec![(4, 3), (3, 4), (9, 5)], above: 6, keep: vec![3, 4, 5] };
        // SAFETY: the child makes system calls only, on data allocated before the fork,
        // and leaves with _exit.
        let pid = unsafe { libc::fork() };
        assert!(pid >= 0);
        if pid == 0 {
            let code = (|| {
                // SAFETY: eventfd/dup2/read/fcntl on integers and a local u64 buffer;
                // the forked child owns its descriptor table.
                unsafe {
                    for (value, at) in [(33, 4), (44, 3), (55, 9)] {
                        let fd = libc::eventfd(value, 0);
                        if fd < 0 || libc::dup2(fd, at) != at {
                            return 10;
                        }
                    }
                    let spare = libc::eventfd(0, 0); // no close-on-exec flag
                    if placement.apply().is_err() {
                        return 11;
                    }
                    for (fd, expect) in [(3, 33u64), (4, 44), (5, 55)] {
                        let mut value = 0u64;
                        if libc::read(fd, (&mut value as *mut u64).cast(), 8) != 8
                            || value != expect
                        {
                            return 20 + fd;
                        }
                        if libc::fcntl(fd, libc::F_GETFD) & libc::FD_CLOEXEC != 0 {
                            return 30 + fd;
                        }
                    }
                    for fd in [9, spare] {
                        if libc::fcntl(fd, libc::F_GETFD) & libc::FD_CLOEXEC == 0 {
                            return 40;
                        }
                    }
                    0
                }
            })();
            // SAFETY: ends the forked child without running the harness's code.
            unsafe { libc::_exit(code) };
        }
        let mut status = 0;
        // SAFETY: waiting for our own child with a valid out-pointer.
        assert_eq!(unsafe { libc::waitpid(pid, &mut status, 0) }, pid);
        assert!(libc::WIFEXITED(status), "status {status:#x}");
        assert_eq!(libc::WEXITSTATUS(status), 0, "see the return codes in the child");
    }

    #[test]
    fn targets_are_checked() {
        let fd = || OwnedFd::from(std::fs::File::open("/dev/null").unwrap());
        let mut holders = Vec::new();
        for (fds, expect) in [
            (vec![(fd(), 2)], "outside 3..=6"),
            (vec![(fd(), 7)], "outside 3..=6"),
            (vec![(fd(), 4), (fd(), 4)], "given twice"),
        ] {
            let err = Placement::new(&fds, &mut holders).unwrap_err().to_string();
            assert!(err.contains(expect), "{err}");
        }
        let ok = Placement::new(&[(fd(), 5), (fd(), 3)], &mut holders).unwrap();
        assert_eq!((ok.keep, ok.above), (vec![3, 5], 6));
    }
}
