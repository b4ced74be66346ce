//! What the runtimes ask of the host, recorded: the system calls each confined runtime
//! process made after its seccomp profile was in force, from an `strace -f` log of the
//! `kernel` that started it.
//!
//! A runtime is a process that `execveat`s a `sandbox-*` binary (the kernel starts
//! runtimes with `fexecve`); it is confined from its first
//! `seccomp(SECCOMP_SET_MODE_FILTER, ...)` on (the filter installs themselves excepted),
//! and so is every thread it starts afterwards. Runtimes are in pid namespaces of their
//! own, so the log must come from `strace -f --pidns-translation` for their threads'
//! pids to be known.

use std::collections::{BTreeMap, BTreeSet};

/// One system call a confined runtime made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// Which runtime binary (`sandbox-wasm`, `sandbox-node`).
    pub runtime: String,
    pub name: String,
    /// The first argument as strace printed it.
    pub first_arg: String,
}

/// The calls of every confined runtime in `log`, and the runtimes killed by `SIGSYS`.
#[derive(Debug, Default)]
pub struct Recorded {
    pub calls: Vec<Call>,
    /// `(runtime, pid)` of each runtime process or thread killed by `SIGSYS`.
    pub killed: Vec<(String, u32)>,
}

struct Line<'a> {
    pid: u32,
    rest: &'a str,
}

fn lines(log: &str) -> impl Iterator<Item = Line<'_>> {
    log.lines().filter_map(|l| {
        let (pid, rest) = l.split_once(char::is_whitespace)?;
        Some(Line { pid: pid.parse().ok()?, rest: rest.trim_start() })
    })
}

/// `name(` at the start of a call line.
fn call_name(rest: &str) -> Option<&str> {
    let end = rest.find('(')?;
    let name = &rest[..end];
    (!name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
        .then_some(name)
}

/// The return value of a finished call line (`... = 123`). A pid in a runtime's own
/// pid namespace is translated by `strace --pidns-translation`
/// (`= 2 /* 16959 in strace's PID NS */`): take the translation.
fn returned(rest: &str) -> Option<i64> {
    let (_, ret) = rest.rsplit_once(") = ")?;
    if let Some((_, translated)) = ret.split_once("/* ") {
        return translated.split_whitespace().next()?.parse().ok();
    }
    ret.split_whitespace().next()?.parse().ok()
}

fn first_arg(rest: &str) -> String {
    let args = rest.split_once('(').map_or("", |(_, a)| a);
    let end = args.find([',', ')']).unwrap_or(args.len());
    args[..end].trim().to_owned()
}

fn runtime_binary(rest: &str) -> Option<String> {
    let at = rest.find("sandbox-")?;
    let name: String = rest[at..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    Some(name)
}

/// Parses an `strace -f` log (one line per call, `PID name(args) = ret`).
pub fn record(log: &str) -> Recorded {
    // Pass 1: runtimes, when each was confined, and threads started once confined.
    let mut runtime_of: BTreeMap<u32, String> = BTreeMap::new();
    let mut confined: BTreeSet<u32> = BTreeSet::new();
    let mut threads: BTreeSet<u32> = BTreeSet::new();
    for line in lines(log) {
        let Line { pid, rest } = line;
        if rest.starts_with("execveat(") {
            if let Some(bin) = runtime_binary(rest) {
                runtime_of.insert(pid, bin);
            }
            continue;
        }
        let Some(runtime) = runtime_of.get(&pid).cloned() else { continue };
        if rest.starts_with("seccomp(SECCOMP_SET_MODE_FILTER") {
            confined.insert(pid);
        }
        let is_clone = matches!(call_name(rest), Some("clone" | "clone3"))
            || rest.starts_with("<... clone resumed>")
            || rest.starts_with("<... clone3 resumed>");
        if is_clone && confined.contains(&pid) {
            if let Some(child) = returned(rest).and_then(|c| u32::try_from(c).ok()) {
                if child > 0 {
                    runtime_of.insert(child, runtime);
                    threads.insert(child);
                }
            }
        }
    }
    // Pass 2: the calls of confined processes, after the first filter install.
    let mut out = Recorded::default();
    let mut started: BTreeSet<u32> = BTreeSet::new();
    for Line { pid, rest } in lines(log) {
        let Some(runtime) = runtime_of.get(&pid) else { continue };
        if rest.starts_with("+++ killed by SIGSYS") {
            out.killed.push((runtime.clone(), pid));
            continue;
        }
        if rest.starts_with("seccomp(SECCOMP_SET_MODE_FILTER") {
            started.insert(pid);
            continue;
        }
        // A thread started once confined counts from its first line; the runtime
        // itself from its first filter install.
        if !started.contains(&pid) && !threads.contains(&pid) {
            continue;
        }
        if let Some(name) = call_name(rest) {
            out.calls.push(Call {
                runtime: runtime.clone(),
                name: name.to_owned(),
                first_arg: first_arg(rest),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOG: &str = "\
100  openat(AT_FDCWD, \"policy.toml\", O_RDONLY) = 3
101  execveat(11, \"\", [\"/t/sandbox-node\"], 0x7f /* 0 vars */, AT_EMPTY_PATH <unfinished ...>
101  <... execveat resumed>)           = 0
101  openat(AT_FDCWD, \"/etc/ld.so.cache\", O_RDONLY|O_CLOEXEC) = 3
101  seccomp(SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, {len=17, filter=0x1}) = 0
101  seccomp(SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, {len=201, filter=0x2}) = 0
101  write(4, \"\\1\\0\\0\\0\\0\\0\\0\\0\", 8) = 8
101  clone(child_stack=0x7f, flags=CLONE_VM|CLONE_THREAD <unfinished ...>
102  set_robust_list(0x7f, 24)         = 0
101  <... clone resumed>, parent_tid=[2 /* 102 in strace's PID NS */], tls=0x7f) = 2 /* 102 in strace's PID NS */
102  futex(0x7f, FUTEX_WAIT, 0, NULL)  = 0
102  read(5, \"\\1\\0\\0\\0\\0\\0\\0\\0\", 8) = 8
102  socket(AF_INET, SOCK_STREAM, 0)   = ?
102  +++ killed by SIGSYS +++
";

    #[test]
    fn records_calls_after_the_filter_and_of_later_threads() {
        let r = record(LOG);
        let names: Vec<&str> = r.calls.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["write", "clone", "set_robust_list", "futex", "read", "socket"]);
        assert!(r.calls.iter().all(|c| c.runtime == "sandbox-node"));
        assert_eq!(r.calls[0].first_arg, "4");
        assert_eq!(r.killed, [("sandbox-node".to_owned(), 102)]);
    }
}
