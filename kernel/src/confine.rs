//! The kernel confines itself before serving any runtime (`policies::confine::kernel`):
//! Landlock down to the policy's host mounts (the commands at `/bin` among them), the
//! runtime binaries and the module cache, and a seccomp profile of its own. See
//! `docs/security.md`.

use std::path::Path;

use policies::confine::kernel::{self, KernelConfinement, KernelPaths};
use policies::confine::{ConfineError, HostProbe, RuntimeProfile};
use policies::{MountMode, MountSource, Policy};

/// What the kernel of `policy` keeps of the host file system; `module_cache` is the
/// directory of precompiled modules it reads and writes.
pub fn paths(policy: &Policy, runtime_dir: &Path, module_cache: Option<&Path>) -> KernelPaths {
    let mut paths = KernelPaths::default();
    for m in &policy.mounts {
        // A tmpfs lives in the kernel's memory: nothing of the host to keep.
        let MountSource::Host(host) = &m.source else { continue };
        match m.mode {
            MountMode::ReadOnly => paths.read_only.push(host.clone()),
            MountMode::ReadWrite => paths.read_write.push(host.clone()),
        }
    }
    // The runtime binaries the kernel may start (read and executed with `fexecve`).
    paths.executables = RuntimeProfile::ALL.iter().map(|p| runtime_dir.join(p.name())).collect();
    paths.read_write.extend(module_cache.map(Path::to_path_buf));
    paths
}

/// Confines the kernel process. Call it with the sandbox built (mounts and the audit
/// log open) and before any thread starts. `host` is the probe of the host's layers
/// the kernel started first thing ([`HostProbe::start`]), so its test child ran while
/// the kernel set up.
///
/// # Errors
/// When a layer the host has cannot be applied.
pub fn confine_self(
    host: HostProbe,
    policy: &Policy,
    runtime_dir: &Path,
    module_cache: Option<&Path>,
) -> Result<KernelConfinement, ConfineError> {
    // Which layers the host has is found out once, by a probe process; it must end
    // with the whole host still visible, so it sees the host and not our rules.
    host.finish();
    let applied = kernel::confine_self(&paths(policy, runtime_dir, module_cache))?;
    match applied.landlock_abi {
        Some(abi) => tracing::debug!(abi, "kernel confined: Landlock and seccomp"),
        None => tracing::warn!(
            "this host has no Landlock: the kernel process keeps the whole host file system \
             (only its seccomp profile applies)"
        ),
    }
    Ok(applied)
}
