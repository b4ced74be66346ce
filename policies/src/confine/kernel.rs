//! The kernel process confines itself once its policy is loaded, before it serves any
//! runtime: if a hostile runtime ever found a bug in the kernel, the attacker would hold
//! a process that reaches only what the policy mounts.
//!
//! - **Landlock**: the file system shrinks to the policy's host mounts (read-only
//!   mounts readable; read-write ones also writable, but never executable and without
//!   device nodes, sockets or fifos), the runtime binaries (read and execute, for
//!   `fexecve`), and what a starting runtime reads before it confines itself: the
//!   dynamic loader's cache and the system library directories, `/proc` (read only:
//!   `/proc/self/{task,fd,maps}` of the new process) and `/dev/null` (its stdin and
//!   stdout). TCP bind and connect are refused (the kernel has no network yet), and
//!   signals and abstract UNIX sockets are scoped to the kernel's own domain, which its
//!   runtimes are nested in.
//! - **seccomp**: `policies/seccomp/kernel.json`, a list of calls the kernel never
//!   makes that widen what a compromised process can do to the host (ptrace, module
//!   loading, bpf, mounts, io_uring, file handles, execve by path, ...). They fail with
//!   `EPERM`, so an unforeseen use in a library is an error, not a dead kernel. An
//!   allow-list (as the runtimes have) is the next step once the kernel's own calls
//!   are recorded under its test workload.
//! - **no_new_privs**, set by the Landlock step (and required by seccomp).
//!
//! Runtimes inherit all three and then add their own, stricter, layers.
//!
//! Must run while the kernel has a single thread: on hosts with Landlock ABI < 8 the
//! ruleset binds only the calling thread and threads it starts later.

use std::path::PathBuf;

use landlock::{
    path_beneath_rules, Access, AccessFs, AccessNet, BitFlags, CompatLevel, Compatible, Ruleset,
    RulesetAttr, RulesetCreatedAttr, RulesetStatus, Scope,
};
use seccompiler::{BpfProgram, TargetArch};

use super::landlock::{detect_abi, TARGET_ABI};
use super::ConfineError;

const PROFILE: &str = include_str!("../../seccomp/kernel.json");
const PROFILE_NAME: &str = "kernel";

/// What a runtime process reads between `fexecve` and its own lock-down: the dynamic
/// loader's cache and the shared libraries it links.
const LOADER_PATHS: &[&str] =
    &["/etc/ld.so.cache", "/lib", "/lib64", "/usr/lib", "/usr/lib64", "/usr/local/lib"];

/// The host paths the kernel keeps.
#[derive(Debug, Clone, Default)]
pub struct KernelPaths {
    /// Host directories mounted read-only.
    pub read_only: Vec<PathBuf>,
    /// Host directories mounted read-write.
    pub read_write: Vec<PathBuf>,
    /// Runtime binaries the kernel starts.
    pub executables: Vec<PathBuf>,
}

/// What [`confine_self`] applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KernelConfinement {
    /// The host's Landlock ABI; `None` when Landlock is missing (nothing applied).
    /// The seccomp profile is always installed ([`confine_self`] fails otherwise).
    pub landlock_abi: Option<i32>,
}

/// Confines the calling process (the kernel) to `paths`, and installs its seccomp
/// profile.
///
/// # Errors
/// [`ConfineError::Threads`] when more than one thread runs on a host whose Landlock
/// cannot bind them all; [`ConfineError::Landlock`] or [`ConfineError::Seccomp`] when a
/// layer the host has cannot be applied.
pub fn confine_self(paths: &KernelPaths) -> Result<KernelConfinement, ConfineError> {
    let landlock_abi = detect_abi();
    if let Some(abi) = landlock_abi {
        landlock(paths, abi)?;
    }
    let programs = compile()?;
    for program in &programs {
        seccompiler::apply_filter_all_threads(program)
            .map_err(|e| ConfineError::Seccomp(format!("kernel profile: {e}")))?;
    }
    Ok(KernelConfinement { landlock_abi })
}

fn landlock(paths: &KernelPaths, abi: i32) -> Result<(), ConfineError> {
    let threads = super::thread_count()?;
    if threads > 1 && abi < 8 {
        return Err(ConfineError::Threads(threads));
    }
    let all = AccessFs::from_all(TARGET_ABI);
    let read = AccessFs::ReadFile | AccessFs::ReadDir;
    let read_exec = read | AccessFs::Execute;
    // No execution, no device nodes (a root kernel could otherwise make one for a host
    // disk), no sockets or fifos: the VFS creates none of these on a host mount.
    let write: BitFlags<AccessFs> = all
        & !(AccessFs::Execute
            | AccessFs::MakeChar
            | AccessFs::MakeBlock
            | AccessFs::MakeSock
            | AccessFs::MakeFifo
            | AccessFs::IoctlDev);
    let status = Ruleset::default()
        .set_compatibility(CompatLevel::BestEffort)
        .handle_access(all)?
        .handle_access(AccessNet::from_all(TARGET_ABI))?
        .scope(Scope::from_all(TARGET_ABI))?
        .create()?
        .add_rules(path_beneath_rules(LOADER_PATHS, read_exec))?
        .add_rules(path_beneath_rules(["/proc"], read))?
        .add_rules(path_beneath_rules(["/dev/null"], AccessFs::ReadFile | AccessFs::WriteFile))?
        .add_rules(path_beneath_rules(&paths.executables, AccessFs::ReadFile | AccessFs::Execute))?
        .add_rules(path_beneath_rules(&paths.read_only, read))?
        .add_rules(path_beneath_rules(&paths.read_write, write | read))?
        .restrict_self()?;
    if status.ruleset == RulesetStatus::NotEnforced {
        return Err(ConfineError::Landlock(
            "the host reports Landlock but the kernel's ruleset was not enforced".into(),
        ));
    }
    Ok(())
}

/// The kernel's seccomp profile, compiled for the running architecture.
///
/// # Errors
/// [`ConfineError::Seccomp`] when the JSON does not compile here.
pub fn compile() -> Result<Vec<BpfProgram>, ConfineError> {
    let arch = TargetArch::try_from(std::env::consts::ARCH).map_err(|e| {
        ConfineError::Seccomp(format!("no seccomp support for this architecture: {e}"))
    })?;
    let mut filters = seccompiler::compile_from_json(PROFILE.as_bytes(), arch)
        .map_err(|e| ConfineError::Seccomp(format!("profile {PROFILE_NAME}: {e}")))?;
    let main = filters
        .remove(PROFILE_NAME)
        .ok_or_else(|| ConfineError::Seccomp(format!("no filter named {PROFILE_NAME}")))?;
    if !filters.is_empty() {
        return Err(ConfineError::Seccomp(format!("{PROFILE_NAME}.json has extra filters")));
    }
    Ok(vec![main])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn denied() -> Vec<String> {
        let v: serde_json::Value = serde_json::from_str(PROFILE).expect("kernel.json is JSON");
        v[PROFILE_NAME]["filter"]
            .as_array()
            .expect("a filter list")
            .iter()
            .map(|r| r["syscall"].as_str().expect("a syscall name").to_owned())
            .collect()
    }

    #[test]
    fn the_profile_compiles_and_denies_with_eperm() {
        assert_eq!(compile().expect("compiles").len(), 1);
        let v: serde_json::Value = serde_json::from_str(PROFILE).expect("JSON");
        assert_eq!(v[PROFILE_NAME]["mismatch_action"], "allow");
        assert_eq!(v[PROFILE_NAME]["match_action"]["errno"], libc::EPERM);
    }

    /// The calls that would let a compromised kernel reach past its own process, and
    /// the calls the kernel itself needs to start runtimes, on the right sides.
    #[test]
    fn denies_the_host_widening_calls_and_keeps_what_spawning_needs() {
        let denied = denied();
        for call in ["ptrace", "bpf", "init_module", "mount", "setns", "io_uring_setup", "execve"] {
            assert!(denied.iter().any(|d| d == call), "{call} must be denied");
        }
        for call in ["clone3", "execveat", "memfd_create", "pidfd_send_signal", "openat2"] {
            assert!(!denied.iter().any(|d| d == call), "{call} is needed by the kernel");
        }
    }

    #[test]
    fn every_rule_says_why() {
        let v: serde_json::Value = serde_json::from_str(PROFILE).expect("JSON");
        for rule in v[PROFILE_NAME]["filter"].as_array().expect("rules") {
            let comment = rule["comment"].as_str().unwrap_or_default();
            assert!(!comment.is_empty(), "rule without a comment: {rule}");
        }
    }
}
