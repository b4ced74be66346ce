//! Audit records: every denial the policy causes, for the operator. Records go through
//! `tracing` under the `audit` target with structured fields, so `--log-format json`
//! makes them machine-readable JSON lines.

use syscall_proto::Errno;

/// Records that `call` on `object` by `pid` was refused under `rule`.
pub fn denied(pid: u32, call: &str, object: &str, rule: &str, errno: Errno) {
    tracing::warn!(
        target: "audit",
        pid,
        call,
        object,
        rule,
        errno = errno.name().unwrap_or("?"),
        "denied"
    );
}
