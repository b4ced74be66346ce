//! Seccomp: the runtime's system calls, as reviewable data.
//!
//! One JSON profile per process kind in `policies/seccomp/` (seccompiler's format, each
//! rule with a `comment` naming who needs it), embedded at build time and compiled when
//! the runtime locks itself down. The mismatch action is `kill_process`: a runtime that
//! makes any other system call dies with `SIGSYS` at once, and the kernel process sees
//! it die. The filter is installed on every thread (TSYNC).
//!
//! The profiles are written with x86_64 system call names; other architectures need
//! their own files before they can run runtimes.

use seccompiler::{BpfProgram, TargetArch};

use super::{ConfineError, RuntimeProfile};

const SANDBOX_WASM: &str = include_str!("../../seccomp/sandbox-wasm.json");
const SANDBOX_NODE: &str = include_str!("../../seccomp/sandbox-node.json");

/// The JSON profile of `profile`, as shipped (its one filter is named
/// [`RuntimeProfile::name`]).
pub fn profile_json(profile: RuntimeProfile) -> &'static str {
    match profile {
        RuntimeProfile::Wasm => SANDBOX_WASM,
        RuntimeProfile::Node => SANDBOX_NODE,
    }
}

/// Compiles the profile of `profile` for the running architecture.
///
/// # Errors
/// [`ConfineError::Seccomp`] when the JSON does not compile for this architecture.
pub fn compile(profile: RuntimeProfile) -> Result<BpfProgram, ConfineError> {
    let arch = TargetArch::try_from(std::env::consts::ARCH)
        .map_err(|e| ConfineError::Seccomp(format!("no seccomp support for this architecture: {e}")))?;
    let mut filters = seccompiler::compile_from_json(profile_json(profile).as_bytes(), arch)
        .map_err(|e| ConfineError::Seccomp(format!("profile {}: {e}", profile.name())))?;
    filters
        .remove(profile.name())
        .ok_or_else(|| ConfineError::Seccomp(format!("profile {0} has no filter named {0}", profile.name())))
}

/// Installs `program` on every thread of the calling process (TSYNC). Sets
/// `no_new_privs` first, as an unprivileged filter requires.
///
/// # Errors
/// [`ConfineError::Seccomp`] when the kernel rejects the filter or a thread could not be
/// synchronised.
pub fn apply(program: &BpfProgram) -> Result<(), ConfineError> {
    seccompiler::apply_filter_all_threads(program).map_err(|e| ConfineError::Seccomp(e.to_string()))
}

/// Whether this kernel can enforce our profiles: seccomp filters with the
/// kill-process action (Linux 4.14).
///
/// # Errors
/// Why not, as a sentence for the log.
pub fn probe() -> Result<(), String> {
    let action: u32 = libc::SECCOMP_RET_KILL_PROCESS;
    // SAFETY: SECCOMP_GET_ACTION_AVAIL reads one u32 through the pointer, which points
    // at a live local.
    let r = unsafe {
        libc::syscall(
            libc::SYS_seccomp,
            libc::SECCOMP_GET_ACTION_AVAIL,
            0,
            &action as *const u32,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(format!(
            "seccomp filters with the kill-process action are unavailable: {}",
            std::io::Error::last_os_error()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROFILES: [RuntimeProfile; 2] = [RuntimeProfile::Wasm, RuntimeProfile::Node];

    /// System calls no runtime profile may allow, whatever else changes.
    const FORBIDDEN: &[&str] = &[
        "open", "openat", "openat2", "creat", "socket", "socketpair", "connect", "bind", "accept",
        "accept4", "execve", "execveat", "ptrace", "kill", "tkill", "fork", "vfork", "clone3",
        "io_uring_setup", "io_uring_enter", "io_uring_register", "mount", "umount2", "unshare",
        "setns", "pidfd_open", "pidfd_getfd", "pidfd_send_signal", "process_vm_readv",
        "process_vm_writev", "memfd_create", "bpf", "userfaultfd", "keyctl", "add_key",
        "request_key", "perf_event_open", "init_module", "finit_module", "chroot", "pivot_root",
        "mknod", "mknodat", "link", "linkat", "unlink", "unlinkat", "rename", "renameat",
        "renameat2", "mkdir", "mkdirat", "symlink", "symlinkat", "prctl", "seccomp",
        "landlock_create_ruleset", "setuid", "setresuid", "setgid", "setresgid", "setgroups",
    ];

    fn rules(profile: RuntimeProfile) -> Vec<serde_json::Value> {
        let doc: serde_json::Value = serde_json::from_str(profile_json(profile)).unwrap();
        let filters = doc.as_object().unwrap();
        assert_eq!(filters.len(), 1, "one filter per profile");
        let filter = &filters[profile.name()];
        assert_eq!(filter["mismatch_action"], "kill_process", "deny by default, by death");
        assert_eq!(filter["match_action"], "allow");
        filter["filter"].as_array().unwrap().clone()
    }

    #[test]
    fn profiles_compile() {
        for profile in PROFILES {
            let program = compile(profile).unwrap();
            assert!(!program.is_empty());
        }
    }

    #[test]
    fn every_rule_says_who_needs_it() {
        for profile in PROFILES {
            for rule in rules(profile) {
                let comment = rule["comment"].as_str().unwrap_or_default();
                assert!(comment.len() > 5, "{}: rule without a comment: {rule}", profile.name());
            }
        }
    }

    #[test]
    fn forbidden_calls_are_absent() {
        for profile in PROFILES {
            for rule in rules(profile) {
                let name = rule["syscall"].as_str().unwrap();
                assert!(!FORBIDDEN.contains(&name), "{} allows {name}", profile.name());
            }
        }
    }

    #[test]
    fn clone_is_for_threads_only() {
        for profile in PROFILES {
            for rule in rules(profile).iter().filter(|r| r["syscall"] == "clone") {
                let args = rule["args"].as_array().expect("clone must be restricted by its flags");
                let flags = args.iter().find(|a| a["index"] == 0).expect("a condition on the flags");
                assert_eq!(flags["op"]["masked_eq"], libc::CLONE_THREAD as u64, "{rule}");
                assert_eq!(flags["val"], libc::CLONE_THREAD as u64, "{rule}");
            }
        }
    }
}
