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

/// Compiles the profile of `profile` for the running architecture, in the order
/// [`apply`] installs them: any extra filters of the file (named `<name>:<purpose>`,
/// e.g. `sandbox-node:enosys`), then the main filter (named [`RuntimeProfile::name`]).
/// The main filter goes last because installing a filter takes `prctl` and `seccomp`
/// calls that the main filter itself kills.
///
/// Extra filters exist because a seccompiler filter has a single match action. They
/// may only *narrow* the main filter: every filter in force is evaluated and the most
/// severe answer wins (`KILL` > `ERRNO` > `ALLOW`), so an extra filter whose default
/// is `allow` and whose rules answer an errno turns an allowed call into a failing one
/// (`clone3` → `ENOSYS` so glibc falls back to the checkable `clone`) and can never
/// allow what the main filter kills.
///
/// # Errors
/// [`ConfineError::Seccomp`] when the JSON does not compile for this architecture.
///
/// # Examples
/// ```
/// use policies::confine::{seccomp, RuntimeProfile};
/// let filters = seccomp::compile(RuntimeProfile::Node).unwrap();
/// assert_eq!(filters.len(), 2); // sandbox-node:enosys, then sandbox-node
/// ```
pub fn compile(profile: RuntimeProfile) -> Result<Vec<BpfProgram>, ConfineError> {
    let arch = TargetArch::try_from(std::env::consts::ARCH).map_err(|e| {
        ConfineError::Seccomp(format!("no seccomp support for this architecture: {e}"))
    })?;
    let mut filters = seccompiler::compile_from_json(profile_json(profile).as_bytes(), arch)
        .map_err(|e| ConfineError::Seccomp(format!("profile {}: {e}", profile.name())))?;
    let main = filters.remove(profile.name()).ok_or_else(|| {
        ConfineError::Seccomp(format!("profile {0} has no filter named {0}", profile.name()))
    })?;
    let mut extra: Vec<(String, BpfProgram)> = filters.into_iter().collect();
    extra.sort_by(|a, b| a.0.cmp(&b.0));
    let mut programs: Vec<BpfProgram> = extra.into_iter().map(|(_, program)| program).collect();
    programs.push(main);
    Ok(programs)
}

/// Installs `programs` (as [`compile`] returns them) on every thread of the calling
/// process (TSYNC). Sets `no_new_privs` first, as an unprivileged filter requires.
///
/// # Errors
/// [`ConfineError::Seccomp`] when the kernel rejects a filter or a thread could not be
/// synchronised.
pub fn apply(programs: &[BpfProgram]) -> Result<(), ConfineError> {
    for program in programs {
        seccompiler::apply_filter_all_threads(program)
            .map_err(|e| ConfineError::Seccomp(e.to_string()))?;
    }
    Ok(())
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
        libc::syscall(libc::SYS_seccomp, libc::SECCOMP_GET_ACTION_AVAIL, 0, &action as *const u32)
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

    /// System calls no runtime profile may let through, whatever else changes.
    const FORBIDDEN: &[&str] = &[
        "open",
        "openat",
        "openat2",
        "creat",
        "socket",
        "socketpair",
        "connect",
        "bind",
        "accept",
        "accept4",
        "execve",
        "execveat",
        "ptrace",
        "kill",
        "tkill",
        "tgkill",
        "fork",
        "vfork",
        "clone3",
        "io_uring_setup",
        "io_uring_enter",
        "io_uring_register",
        "mount",
        "umount2",
        "unshare",
        "setns",
        "pidfd_open",
        "pidfd_getfd",
        "pidfd_send_signal",
        "process_vm_readv",
        "process_vm_writev",
        "memfd_create",
        "bpf",
        "userfaultfd",
        "keyctl",
        "add_key",
        "request_key",
        "perf_event_open",
        "init_module",
        "finit_module",
        "chroot",
        "pivot_root",
        "mknod",
        "mknodat",
        "link",
        "linkat",
        "unlink",
        "unlinkat",
        "rename",
        "renameat",
        "renameat2",
        "mkdir",
        "mkdirat",
        "symlink",
        "symlinkat",
        "seccomp",
        "landlock_create_ruleset",
        "setuid",
        "setresuid",
        "setgid",
        "setresgid",
        "setgroups",
        "newfstatat",
        "statx",
        "stat",
        "lstat",
        "access",
        "faccessat",
        "faccessat2",
        "readlink",
        "readlinkat",
        "getdents64",
        "chdir",
        "ioctl",
    ];

    struct Filter {
        name: String,
        value: serde_json::Value,
    }

    impl Filter {
        fn rules(&self) -> &[serde_json::Value] {
            self.value["filter"].as_array().unwrap()
        }
    }

    /// The main filter, then the extra ones.
    fn filters(profile: RuntimeProfile) -> (Filter, Vec<Filter>) {
        let doc: serde_json::Value = serde_json::from_str(profile_json(profile)).unwrap();
        let mut main = None;
        let mut extra = Vec::new();
        for (name, value) in doc.as_object().unwrap() {
            let filter = Filter { name: name.clone(), value: value.clone() };
            if name == profile.name() {
                main = Some(filter);
            } else {
                assert!(name.starts_with(&format!("{}:", profile.name())), "stray filter {name}");
                extra.push(filter);
            }
        }
        (main.expect("the main filter"), extra)
    }

    /// Rules of `syscall` in `filter`.
    fn rules_for<'a>(filter: &'a Filter, syscall: &str) -> Vec<&'a serde_json::Value> {
        filter.rules().iter().filter(|r| r["syscall"] == syscall).collect()
    }

    #[test]
    fn profiles_compile() {
        for profile in PROFILES {
            let programs = compile(profile).unwrap();
            assert!(programs.iter().all(|p| !p.is_empty()));
            assert_eq!(programs.len(), 1 + filters(profile).1.len());
        }
    }

    #[test]
    fn main_filter_kills_by_default() {
        for profile in PROFILES {
            let (main, _) = filters(profile);
            assert_eq!(main.value["mismatch_action"], "kill_process", "{}", main.name);
            assert_eq!(main.value["match_action"], "allow", "{}", main.name);
        }
    }

    #[test]
    fn extra_filters_only_narrow() {
        for profile in PROFILES {
            for extra in filters(profile).1 {
                assert_eq!(extra.value["mismatch_action"], "allow", "{}", extra.name);
                assert!(
                    extra.value["match_action"]["errno"].is_u64(),
                    "{}: must answer an errno",
                    extra.name
                );
            }
        }
    }

    #[test]
    fn every_rule_says_who_needs_it() {
        for profile in PROFILES {
            let (main, extra) = filters(profile);
            for filter in std::iter::once(&main).chain(&extra) {
                for rule in filter.rules() {
                    let comment = rule["comment"].as_str().unwrap_or_default();
                    assert!(
                        comment.len() > 10,
                        "{}: rule without a real comment: {rule}",
                        filter.name
                    );
                    for arg in rule["args"].as_array().into_iter().flatten() {
                        assert!(
                            arg["comment"].is_string(),
                            "{}: argument without a comment: {rule}",
                            filter.name
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn forbidden_calls_never_get_through() {
        for profile in PROFILES {
            let (main, extra) = filters(profile);
            for syscall in FORBIDDEN {
                if rules_for(&main, syscall).is_empty() {
                    continue; // killed
                }
                // Allowed by the main filter: only acceptable if an extra filter answers
                // an errno for every use of it.
                let refused = extra
                    .iter()
                    .any(|f| rules_for(f, syscall).iter().any(|r| r.get("args").is_none()));
                assert!(refused, "{} lets {syscall} through", profile.name());
            }
        }
    }

    #[test]
    fn clone_is_for_threads_only() {
        for profile in PROFILES {
            for rule in rules_for(&filters(profile).0, "clone") {
                let args = rule["args"].as_array().expect("clone must be restricted by its flags");
                let flags =
                    args.iter().find(|a| a["index"] == 0).expect("a condition on the flags");
                let mask = flags["op"]["masked_eq"].as_u64().expect("a masked comparison");
                let namespaces = (libc::CLONE_NEWNS
                    | libc::CLONE_NEWCGROUP
                    | libc::CLONE_NEWUTS
                    | libc::CLONE_NEWIPC
                    | libc::CLONE_NEWUSER
                    | libc::CLONE_NEWPID
                    | libc::CLONE_NEWNET) as u64;
                assert_eq!(mask, libc::CLONE_THREAD as u64 | namespaces, "{rule}");
                assert_eq!(flags["val"], libc::CLONE_THREAD as u64, "{rule}");
            }
        }
    }

    #[test]
    fn prctl_only_names_threads() {
        // PR_SET_NAME is allowed; any other prctl option a main filter matches must be
        // refused (an errno) by an extra filter for that option, so it never runs.
        for profile in PROFILES {
            let (main, extra) = filters(profile);
            for rule in rules_for(&main, "prctl") {
                let option = &rule["args"][0];
                assert_eq!(option["index"], 0, "{rule}");
                assert_eq!(option["op"], "eq", "{rule}");
                if option["val"] == libc::PR_SET_NAME {
                    assert_eq!(
                        rule["args"],
                        serde_json::json!([{"index": 0, "type": "dword", "op": "eq",
                            "val": libc::PR_SET_NAME, "comment": "PR_SET_NAME"}]),
                        "{rule}"
                    );
                    continue;
                }
                let refused = extra.iter().any(|f| {
                    rules_for(f, "prctl").iter().any(|r| {
                        r["args"].as_array().is_some_and(|a| a.len() == 1)
                            && r["args"][0]["index"] == 0
                            && r["args"][0]["op"] == "eq"
                            && r["args"][0]["val"] == option["val"]
                    })
                });
                assert!(
                    refused,
                    "{}: prctl option {} is allowed, not refused",
                    main.name, option["val"]
                );
            }
        }
    }

    #[test]
    fn wasm_has_no_threads() {
        let (main, _) = filters(RuntimeProfile::Wasm);
        for syscall in ["clone", "clone3", "exit", "set_robust_list", "rseq", "prctl"] {
            assert!(rules_for(&main, syscall).is_empty(), "sandbox-wasm allows {syscall}");
        }
    }
}
