//! Resource limits of a runtime process, set between its `clone` and `execve`.
//!
//! They are backstops, not the accounting: the runtime enforces `memory_mb` exactly
//! (wasmtime's resource limiter, V8's heap limit) and the kernel process counts CPU
//! time. The rlimits only bound what a compromised or buggy runtime can take from the
//! host. [`Plan::new`] computes every value in the parent (allocation is fine there);
//! [`Plan::apply`] only makes system calls, so it is async-signal-safe.
//!
//! | limit | value | why |
//! | --- | --- | --- |
//! | `RLIMIT_NOFILE` | [`NOFILE`] | the runtime holds 0–6 and opens nothing |
//! | `RLIMIT_CORE` | 0 | no core files (they would hold program memory) |
//! | `RLIMIT_FSIZE` | 0 | no file growth, should a writable file ever be reached |
//! | `RLIMIT_MEMLOCK` | 0 | no locked memory |
//! | `RLIMIT_MSGQUEUE` | 0 | no POSIX message queues |
//! | `RLIMIT_CPU` | `cpu_ms` rounded up to seconds, + 1 s (soft, `SIGXCPU`), + 2 s (hard, `SIGKILL`) | backstop for `[limits] cpu_ms` |
//! | `RLIMIT_DATA` | `memory_mb` + [`data_headroom_mb`] | backstop for `[limits] memory_mb` |
//! | `RLIMIT_NPROC` | [`nproc`], only inside a new user namespace | bounds threads |
//!
//! `RLIMIT_AS` is deliberately not used: wasmtime reserves large `PROT_NONE` regions
//! (guard regions of several GiB per linear memory) and V8 a 4 GiB pointer-compression
//! cage; `RLIMIT_DATA` counts only private writable mappings and `brk`, which is what
//! actually consumes memory (a region made writable by `mprotect` is counted then).
//!
//! `RLIMIT_CPU`'s soft limit only warns: the runtime is pid 1 of its pid namespace,
//! and an init ignores signals it has no handler for, the soft limit's `SIGXCPU`
//! included. The hard limit's `SIGKILL`, sent by the host kernel, is not ignored: it is
//! what ends a runtime that spins (a second after the soft limit). Without namespaces
//! (a policy that degrades) the `SIGXCPU` ends it at the soft limit, as for any process.
//!
//! `RLIMIT_NPROC` counts tasks per *real uid*, and root ignores it. Outside a user
//! namespace it would count every process of the uid the runtime runs as (other
//! runtimes, or the operator's own processes when the kernel is not root), so it is
//! only set once the process is in its new user namespace (made by the `clone`, or by
//! `unshare(CLONE_NEWUSER)` after the uid drop when the kernel is root): since Linux
//! 5.14 the count is kept per user namespace, and a fresh namespace per runtime makes
//! it count this runtime's own threads. Creating processes is separately forbidden by
//! seccomp.

use std::io;

use super::RuntimeProfile;

/// `RLIMIT_NOFILE` of a runtime process (soft and hard).
pub const NOFILE: u64 = 64;

/// MiB added to `memory_mb` for `RLIMIT_DATA`: the engine's own heap, compiled code
/// and thread stacks on top of the program's memory.
pub fn data_headroom_mb(profile: RuntimeProfile) -> u64 {
    match profile {
        // wasmtime: module metadata, Cranelift output, Rust heap; no threads of its own.
        RuntimeProfile::Wasm => 256,
        // V8: code space, the snapshot, worker-thread stacks and malloc'd side tables
        // outside the JS heap limit.
        RuntimeProfile::Node => 1024,
    }
}

/// `RLIMIT_NPROC` inside the runtime's own user namespace: its threads.
pub fn nproc(profile: RuntimeProfile) -> u64 {
    match profile {
        // Rust std and wasmtime start no threads in our configuration.
        RuntimeProfile::Wasm => 16,
        // V8's platform workers (about one per core, capped) and Node's own helpers.
        RuntimeProfile::Node => 128,
    }
}

const MIB: u64 = 1 << 20;

/// One `setrlimit` to make.
#[derive(Debug, Clone, Copy)]
struct Limit {
    resource: libc::c_int,
    soft: u64,
    hard: u64,
}

/// The limits of one runtime process, computed before the `clone`.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Set in every case.
    always: [Option<Limit>; 7],
    /// Set only in a new user namespace (see the module docs).
    nproc: Limit,
}

impl Plan {
    /// The limits for `profile` with the policy's `memory_mb` and `cpu_ms`.
    pub fn new(profile: RuntimeProfile, memory_mb: Option<u64>, cpu_ms: Option<u64>) -> Plan {
        let fixed = |resource, value| {
            Some(Limit { resource: resource as libc::c_int, soft: value, hard: value })
        };
        let cpu = cpu_ms.map(|ms| {
            let soft = ms.div_ceil(1000).saturating_add(1);
            Limit { resource: libc::RLIMIT_CPU as libc::c_int, soft, hard: soft.saturating_add(1) }
        });
        let data = memory_mb.map(|mb| {
            let bytes = mb.saturating_add(data_headroom_mb(profile)).saturating_mul(MIB);
            Limit { resource: libc::RLIMIT_DATA as libc::c_int, soft: bytes, hard: bytes }
        });
        let n = nproc(profile);
        Plan {
            always: [
                fixed(libc::RLIMIT_NOFILE, NOFILE),
                fixed(libc::RLIMIT_CORE, 0),
                fixed(libc::RLIMIT_FSIZE, 0),
                fixed(libc::RLIMIT_MEMLOCK, 0),
                fixed(libc::RLIMIT_MSGQUEUE, 0),
                cpu,
                data,
            ],
            nproc: Limit { resource: libc::RLIMIT_NPROC as libc::c_int, soft: n, hard: n },
        }
    }

    /// Sets the limits on the calling process. `in_user_namespace`: the process has
    /// just left the host user namespace, so `RLIMIT_NPROC` is meaningful.
    ///
    /// Async-signal-safe: system calls only, no allocation.
    ///
    /// # Errors
    /// The `setrlimit(2)` errno (`EPERM` when a hard limit would be raised).
    pub fn apply(&self, in_user_namespace: bool) -> io::Result<()> {
        let nproc = in_user_namespace.then_some(self.nproc);
        for limit in self.always.iter().flatten().chain(nproc.iter()) {
            let value = libc::rlimit {
                rlim_cur: limit.soft as libc::rlim_t,
                rlim_max: limit.hard as libc::rlim_t,
            };
            // SAFETY: `value` is a valid rlimit that outlives the call; the resource
            // number is one of libc's RLIMIT_* constants. The cast adapts it to the
            // platform's parameter type (`__rlimit_resource_t` on glibc).
            if unsafe { libc::setrlimit(limit.resource as _, &value) } != 0 {
                return Err(io::Error::last_os_error());
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(plan: &Plan, resource: u32) -> Option<(u64, u64)> {
        plan.always
            .iter()
            .flatten()
            .find(|l| l.resource == resource as libc::c_int)
            .map(|l| (l.soft, l.hard))
    }

    #[test]
    fn cpu_rounds_up_and_adds_a_second() {
        let plan = Plan::new(RuntimeProfile::Wasm, None, Some(1500));
        assert_eq!(find(&plan, libc::RLIMIT_CPU), Some((3, 4)));
        let plan = Plan::new(RuntimeProfile::Wasm, None, Some(1000));
        assert_eq!(find(&plan, libc::RLIMIT_CPU), Some((2, 3)));
    }

    #[test]
    fn data_has_headroom_and_no_policy_means_no_limit() {
        let plan = Plan::new(RuntimeProfile::Wasm, Some(64), None);
        assert_eq!(find(&plan, libc::RLIMIT_DATA), Some(((64 + 256) * MIB, (64 + 256) * MIB)));
        let plan = Plan::new(RuntimeProfile::Node, None, None);
        assert_eq!(find(&plan, libc::RLIMIT_DATA), None);
        assert_eq!(find(&plan, libc::RLIMIT_CPU), None);
        assert_eq!(find(&plan, libc::RLIMIT_NOFILE), Some((NOFILE, NOFILE)));
        assert_eq!(find(&plan, libc::RLIMIT_NPROC), None, "NPROC is kept apart");
    }

    #[test]
    fn huge_values_saturate() {
        let plan = Plan::new(RuntimeProfile::Node, Some(u64::MAX), Some(u64::MAX));
        assert_eq!(find(&plan, libc::RLIMIT_DATA), Some((u64::MAX, u64::MAX)));
        assert!(find(&plan, libc::RLIMIT_CPU).is_some());
    }
}
