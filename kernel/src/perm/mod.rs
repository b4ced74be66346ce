//! Permissions: the one place the kernel decides whether a program may do something,
//! from `policy.toml`. Deny by default, deny wins.
//!
//! One file per kind of object: `fs.rs` for paths (`[[mount]]` baselines and `[[fs]]`
//! rules). Spawning (`[process] spawn`) and sockets (`[net]`) get `process.rs` and
//! `net.rs` with the work that adds them.
//!
//! A successful file-system check returns a [`CheckedPath`]: a token only this module
//! can build, and the only way into the VFS operations that read, change, create or
//! remove something by path. So a handler cannot forget the check: without one it has
//! nothing to hand the VFS. A refusal is a [`Denial`]: the errno the program sees and
//! the policy key that decided, which the check writes to the audit log
//! (`crate::audit`) before returning the errno.

pub mod fs;

use policies::FsOps;
use syscall_proto::Errno;

use crate::vfs::path::{Resolved, VPath};

/// Proof that the operations in [`CheckedPath::granted`] were checked against the
/// policy for this resolved path. Built only by [`fs`].
#[derive(Debug)]
pub struct CheckedPath {
    resolved: Resolved,
    granted: FsOps,
}

impl CheckedPath {
    /// The resolved sandbox path.
    pub fn path(&self) -> &VPath {
        &self.resolved.path
    }

    /// Whether the final component existed when it was resolved.
    pub fn exists(&self) -> bool {
        self.resolved.exists
    }

    /// The operations the check allowed.
    pub fn granted(&self) -> FsOps {
        self.granted
    }

    /// `Ok` if every operation of `ops` was checked and allowed. The VFS asks this
    /// before acting, so a token checked for one operation cannot be spent on another;
    /// failing it is a kernel bug, reported to the program as `EACCES`.
    ///
    /// # Errors
    /// `EACCES` when some operation of `ops` was not granted.
    pub fn require(&self, ops: FsOps) -> Result<(), Errno> {
        if ops.is_subset(self.granted) {
            Ok(())
        } else {
            tracing::error!(
                path = %self.resolved.path,
                granted = %self.granted,
                needed = %ops,
                "kernel bug: a VFS call with a path checked for other operations"
            );
            Err(Errno::EACCES)
        }
    }
}

/// A refusal by the policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Denial {
    /// What the program sees.
    pub errno: Errno,
    /// The policy key or rule that decided, as the audit record names it:
    /// `fs[2].deny`, `mount[0].mode = "ro"`, `default deny`.
    pub rule: String,
}

/// Who is asking, for the audit record.
#[derive(Debug, Clone, Copy)]
pub struct Caller<'a> {
    /// The virtual pid.
    pub pid: u32,
    /// The system call, as the audit record names it (`openat`, `renameat`, ...).
    pub call: &'a str,
}

#[cfg(test)]
impl CheckedPath {
    /// For tests of the VFS itself, which are not about the policy.
    pub(crate) fn for_vfs_tests(resolved: Resolved, granted: FsOps) -> CheckedPath {
        CheckedPath { resolved, granted }
    }
}
