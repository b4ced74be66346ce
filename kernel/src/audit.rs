//! Audit records: every denial the policy causes and every limit a program reaches,
//! for the operator.
//!
//! Each record is one JSON object on one line, written with a single `write` to the
//! policy's `[audit] file` (opened for appending, created if missing) or, when the
//! policy names none, to the kernel's stderr:
//!
//! ```json
//! {"time":"2026-08-01T12:00:00.123Z","sandbox":"5f1c0e9a2b7d4c61","pid":1,"call":"openat","object":"/data/secret.txt","rule":"fs[0].deny","errno":"EACCES"}
//! ```
//!
//! `time` is RFC 3339 in UTC (milliseconds); `sandbox` identifies one kernel run;
//! `pid` is the virtual pid; `call` the system call (or `execve` for the start of a
//! program); `object` the resolved sandbox path (or the program, or the stream);
//! `rule` the policy key that decided (`fs[2].deny`, `mount[0].mode = "ro"`,
//! `default deny`, `limits.output_bytes`); `errno` what the program saw. The same
//! record also goes to the kernel's log as a warning under the `audit` target.

use std::fs::File;
use std::io::Write;
use std::path::Path;
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use syscall_proto::Errno;

/// Where records go.
#[derive(Debug)]
enum Sink {
    Stderr,
    File(Mutex<File>),
}

/// The audit log of one sandbox.
#[derive(Debug)]
pub struct Audit {
    sandbox: String,
    sink: Sink,
}

/// The audit log could not be opened.
#[derive(Debug, thiserror::Error)]
#[error("audit file {path}: {source}")]
pub struct OpenAuditError {
    path: String,
    source: std::io::Error,
}

impl Audit {
    /// Records to `file` (appended to, created if missing), or to stderr when `None`.
    ///
    /// # Errors
    /// When the file cannot be opened for appending.
    pub fn open(file: Option<&Path>) -> Result<Audit, OpenAuditError> {
        let sink = match file {
            None => Sink::Stderr,
            Some(path) => {
                let f = std::fs::OpenOptions::new().create(true).append(true).open(path).map_err(
                    |source| OpenAuditError { path: path.display().to_string(), source },
                )?;
                Sink::File(Mutex::new(f))
            }
        };
        Ok(Audit { sandbox: new_sandbox_id(), sink })
    }

    /// The id this kernel run's records carry.
    pub fn sandbox_id(&self) -> &str {
        &self.sandbox
    }

    /// Records that `call` on `object` by `pid` was refused under `rule` with `errno`.
    pub fn denied(&self, pid: u32, call: &str, object: &str, rule: &str, errno: Errno) {
        let errno = errno.name().unwrap_or("?");
        tracing::warn!(
            target: "audit",
            sandbox = %self.sandbox,
            pid,
            call,
            object,
            rule,
            errno,
            "denied"
        );
        let record = serde_json::json!({
            "time": rfc3339(SystemTime::now()),
            "sandbox": self.sandbox,
            "pid": pid,
            "call": call,
            "object": object,
            "rule": rule,
            "errno": errno,
        });
        let mut line = record.to_string();
        line.push('\n');
        let written = match &self.sink {
            Sink::Stderr => std::io::stderr().lock().write_all(line.as_bytes()),
            Sink::File(f) => f.lock().unwrap_or_else(|e| e.into_inner()).write_all(line.as_bytes()),
        };
        if let Err(e) = written {
            tracing::error!(target: "audit", error = %e, "cannot write an audit record");
        }
    }
}

/// An id for one kernel run: 64 bits from the standard library's per-process random
/// hash keys, mixed with the time and the host pid.
fn new_sandbox_id() -> String {
    use std::hash::{BuildHasher, Hash, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    SystemTime::now().hash(&mut h);
    std::process::id().hash(&mut h);
    format!("{:016x}", h.finish())
}

/// `t` as RFC 3339 in UTC with milliseconds, e.g. `2026-08-01T12:00:00.123Z`.
pub fn rfc3339(t: SystemTime) -> String {
    let d = t.duration_since(UNIX_EPOCH).unwrap_or_default();
    let secs = d.as_secs();
    let (days, rem) = (secs / 86_400, secs % 86_400);
    let (y, m, day) = civil_from_days(days as i64);
    format!(
        "{y:04}-{m:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60,
        d.subsec_millis()
    )
}

/// Year, month, day of a count of days since 1970-01-01 (Howard Hinnant's
/// `civil_from_days`, proleptic Gregorian).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn rfc3339_dates() {
        let at = |s: u64, ms: u64| {
            rfc3339(UNIX_EPOCH + Duration::from_secs(s) + Duration::from_millis(ms))
        };
        assert_eq!(at(0, 0), "1970-01-01T00:00:00.000Z");
        assert_eq!(at(951_782_400, 5), "2000-02-29T00:00:00.005Z");
        assert_eq!(at(1_785_585_599, 999), "2026-08-01T11:59:59.999Z");
        assert_eq!(at(4_107_542_400, 0), "2100-03-01T00:00:00.000Z");
    }

    #[test]
    fn records_are_json_lines_in_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.jsonl");
        let audit = Audit::open(Some(&path)).unwrap();
        audit.denied(7, "openat", "/data/x", "fs[0].deny", Errno::EACCES);
        audit.denied(7, "write", "stdout", "limits.output_bytes", Errno::EFBIG);
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<serde_json::Value> =
            text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(lines.len(), 2);
        let r = &lines[0];
        assert_eq!(r["sandbox"], audit.sandbox_id());
        assert_eq!(r["pid"], 7);
        assert_eq!(r["call"], "openat");
        assert_eq!(r["object"], "/data/x");
        assert_eq!(r["rule"], "fs[0].deny");
        assert_eq!(r["errno"], "EACCES");
        assert!(r["time"].as_str().unwrap().ends_with('Z'));
        assert_eq!(lines[1]["errno"], "EFBIG");
        // Appends, never truncates.
        drop(audit);
        Audit::open(Some(&path)).unwrap().denied(1, "c", "o", "r", Errno::EPERM);
        assert_eq!(std::fs::read_to_string(&path).unwrap().lines().count(), 3);
    }

    #[test]
    fn sandbox_ids_differ() {
        assert_ne!(new_sandbox_id(), new_sandbox_id());
        assert_eq!(new_sandbox_id().len(), 16);
    }
}
