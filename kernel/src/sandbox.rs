//! One sandbox: a validated policy and the file system built from it. Processes of the
//! sandbox share it.

use std::sync::atomic::{AtomicU32, Ordering};

use policies::{MountMode, Policy};

use crate::vfs::hostdir::HostDir;
use crate::vfs::path::VPath;
use crate::vfs::Vfs;

#[derive(Debug)]
pub struct Sandbox {
    pub policy: Policy,
    pub vfs: Vfs,
    next_pid: AtomicU32,
}

/// The sandbox could not be built from its policy.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error("mount {path}: cannot open host directory {host}: {source}")]
    Mount { path: String, host: String, source: std::io::Error },
}

impl Sandbox {
    /// Builds the file system the policy describes.
    ///
    /// # Errors
    /// When a mounted host directory cannot be opened.
    pub fn new(policy: Policy) -> Result<Sandbox, SetupError> {
        let mut vfs = Vfs::new();
        for m in &policy.mounts {
            let dir = HostDir::open(&m.host, m.mode == MountMode::ReadWrite).map_err(|source| {
                SetupError::Mount {
                    path: m.path.clone(),
                    host: m.host.display().to_string(),
                    source,
                }
            })?;
            vfs.mount(VPath::parse_trusted(&m.path), dir);
        }
        Ok(Sandbox { policy, vfs, next_pid: AtomicU32::new(1) })
    }

    pub fn allocate_pid(&self) -> u32 {
        self.next_pid.fetch_add(1, Ordering::Relaxed)
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
