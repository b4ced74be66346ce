//! One sandbox: a validated policy, the file system built from it, the permissions
//! that guard it, the audit log, the limits' accounts and the process table.
//! Processes of the sandbox share it.

use std::sync::{Arc, OnceLock};

use policies::{MountMode, MountSource, Policy};

use crate::audit::{Audit, OpenAuditError};
use crate::limits::OutputAccounts;
use crate::perm::fs::FsPermissions;
use crate::proctable::ProcessTable;
use crate::runtime::Runtimes;
use crate::vfs::hostdir::HostDir;
use crate::vfs::memfs::Capacity;
use crate::vfs::path::VPath;
use crate::vfs::Vfs;

#[derive(Debug)]
pub struct Sandbox {
    pub policy: Policy,
    pub vfs: Vfs,
    /// `[[mount]]` and `[[fs]]` as `crate::perm::fs` asks them.
    pub perm: FsPermissions,
    /// Where denials and limits reached are recorded (`[audit]`).
    pub audit: Audit,
    /// `limits.output_bytes` spent.
    pub output: OutputAccounts,
    /// Every process of the sandbox.
    pub procs: Arc<ProcessTable>,
    /// How runtimes are started, set when the first program starts.
    pub runtimes: OnceLock<Runtimes>,
}

/// The sandbox could not be built from its policy.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error("mount {path}: cannot open host directory {host}: {source}")]
    Mount { path: String, host: String, source: std::io::Error },
    #[error(transparent)]
    Audit(#[from] OpenAuditError),
}

impl Sandbox {
    /// Builds the file system the policy describes and opens its audit log.
    ///
    /// # Errors
    /// When a mounted host directory or the audit file cannot be opened.
    pub fn new(policy: Policy) -> Result<Sandbox, SetupError> {
        let l = &policy.limits;
        let mut vfs = Vfs::with_capacity(Capacity {
            bytes: l.fs_bytes,
            inodes: usize::try_from(l.fs_inodes).unwrap_or(usize::MAX),
        });
        // Shallower first, so a mount inside an in-memory mount gets its mount point there.
        let mut ordered: Vec<_> = policy.mounts.iter().collect();
        ordered.sort_by_key(|m| VPath::parse_trusted(&m.path).components().len());
        for m in ordered {
            let at = VPath::parse_trusted(&m.path);
            match &m.source {
                MountSource::Host(host) => {
                    let dir =
                        HostDir::open(host, m.mode == MountMode::ReadWrite).map_err(|source| {
                            SetupError::Mount {
                                path: m.path.clone(),
                                host: host.display().to_string(),
                                source,
                            }
                        })?;
                    vfs.mount(at, dir);
                }
                MountSource::Tmpfs(size) => {
                    let inodes = usize::try_from(size.inodes).unwrap_or(usize::MAX);
                    vfs.mount_tmpfs(at, Capacity { bytes: size.bytes, inodes });
                }
            }
        }
        let audit = Audit::open(policy.audit.file.as_deref())?;
        let perm = FsPermissions::new(&policy);
        Ok(Sandbox {
            policy,
            vfs,
            perm,
            audit,
            output: OutputAccounts::default(),
            procs: Arc::new(ProcessTable::default()),
            runtimes: OnceLock::new(),
        })
    }

    /// The environment the policy gives a program: `pass` names copied from the
    /// kernel's own environment when set there, then `set` values, which win.
    pub fn environment(&self) -> Vec<(Vec<u8>, Vec<u8>)> {
        use std::os::unix::ffi::OsStringExt;
        let mut env: std::collections::BTreeMap<Vec<u8>, Vec<u8>> =
            std::collections::BTreeMap::new();
        for name in &self.policy.env.pass {
            if let Some(v) = std::env::var_os(name) {
                env.insert(name.as_bytes().to_vec(), v.into_vec());
            }
        }
        for (k, v) in &self.policy.env.set {
            env.insert(k.as_bytes().to_vec(), v.as_bytes().to_vec());
        }
        env.into_iter().collect()
    }
}
