//! `kernel policy check`: what a valid policy grants, in words an operator can review.

use std::fmt::Write;

use policies::{IfUnsupported, MountMode, MountSource, Policy, SpawnList};

/// A human-readable account of everything `policy` makes visible or possible.
pub fn explain(policy: &Policy) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}: valid", policy.source.display());
    let l = &policy.limits;

    let _ = writeln!(out, "file system (nothing else of the host is visible):");
    let _ = writeln!(
        out,
        "  /tmp  in memory (read, write, create, delete), sharing {} and {} inodes with /",
        bytes(l.fs_bytes),
        l.fs_inodes
    );
    let _ = writeln!(out, "  /  in memory (read only)");
    for m in &policy.mounts {
        let mode = match m.mode {
            MountMode::ReadOnly => "read-only",
            MountMode::ReadWrite => "read-write",
        };
        match &m.source {
            MountSource::Host(host) => {
                let _ = writeln!(out, "  {}  host {} ({mode})", m.path, host.display());
            }
            MountSource::Tmpfs(size) => {
                let (b, i) = (bytes(size.bytes), size.inodes);
                let _ = writeln!(out, "  {}  tmpfs in memory, {b} and {i} inodes ({mode})", m.path);
            }
        }
    }

    let _ = writeln!(
        out,
        "file rules (on resolved paths; a deny wins over any allow and any mount; no rule \
         and no mount allowing it is a deny):"
    );
    if policy.fs.is_empty() {
        let _ = writeln!(out, "  (none: the mounts above decide)");
    }
    for (i, rule) in policy.fs.iter().enumerate() {
        let mut what = Vec::new();
        if !rule.allow.is_empty() {
            what.push(format!("allow {}", rule.allow));
        }
        if !rule.deny.is_empty() {
            what.push(format!("deny {}", rule.deny));
        }
        let _ =
            writeln!(out, "  fs[{i}]  {}  {}  (line {})", rule.path, what.join("; "), rule.line);
    }
    let read_only: Vec<String> = policy
        .mounts
        .iter()
        .enumerate()
        .filter(|(_, m)| m.mode == MountMode::ReadOnly)
        .map(|(i, m)| format!("mount[{i}] {}", m.path))
        .collect();
    if !read_only.is_empty()
        && policy.fs.iter().any(|r| r.allow.minus(policies::FsOps::READ) != policies::FsOps::NONE)
    {
        let _ = writeln!(
            out,
            "  (an allow cannot lift a read-only mount: {} stay read-only, EROFS)",
            read_only.join(", ")
        );
    }

    let _ = writeln!(out, "processes (commands a program may spawn; EACCES otherwise):");
    match &policy.process.spawn {
        SpawnList::Any => {
            let _ = writeln!(out, "  may spawn every command installed in the sandbox");
        }
        SpawnList::Names(names) if names.is_empty() => {
            let _ = writeln!(out, "  may spawn nothing");
        }
        SpawnList::Names(names) => {
            let _ = writeln!(out, "  may spawn {}", names.join(", "));
        }
    }

    let _ = writeln!(
        out,
        "network (reserved: the kernel has no sockets yet, so nothing is reachable):"
    );
    for (what, list) in [("connect to", &policy.net.connect), ("listen on", &policy.net.listen)] {
        let shown: Vec<String> = list.iter().map(ToString::to_string).collect();
        let shown = if shown.is_empty() { "nothing".to_owned() } else { shown.join(", ") };
        let _ = writeln!(out, "  {what}: {shown}");
    }

    let _ = writeln!(out, "environment (nothing else of the host's is passed):");
    if policy.env.pass.is_empty() && policy.env.set.is_empty() {
        let _ = writeln!(out, "  (empty)");
    }
    for name in &policy.env.pass {
        if !policy.env.set.contains_key(name) {
            let _ = writeln!(out, "  {name}  from the host, when set there");
        }
    }
    for (name, value) in &policy.env.set {
        let _ = writeln!(out, "  {name}={value}");
    }

    let _ = writeln!(out, "limits per process:");
    let _ = writeln!(
        out,
        "  memory      {}",
        l.memory_mb.map_or("engine default".to_owned(), |m| format!("{m} MiB"))
    );
    let _ = writeln!(
        out,
        "  cpu time    {}",
        l.cpu_ms.map_or("unlimited".to_owned(), |m| format!("{m} ms"))
    );
    let _ = writeln!(
        out,
        "  wall clock  {}",
        l.wall_ms.map_or("unlimited".to_owned(), |m| format!(
            "{m} ms for the whole sandbox (then every process is killed, status 124)"
        ))
    );
    let _ = writeln!(out, "  open files  {} (EMFILE beyond)", l.open_files);
    let _ = writeln!(
        out,
        "  output      {}",
        l.output_bytes.map_or("unlimited".to_owned(), |b| format!(
            "{} to stdout and stderr together (EFBIG beyond)",
            bytes(b)
        ))
    );
    let _ =
        writeln!(out, "  arguments   {} (E2BIG: the program does not start)", bytes(l.argv_bytes));
    let _ =
        writeln!(out, "  environment {} (E2BIG: the program does not start)", bytes(l.env_bytes));
    let _ = writeln!(out, "limits per sandbox:");
    let _ = writeln!(out, "  processes   {} at once (EAGAIN beyond)", l.processes);
    let _ = writeln!(
        out,
        "  in memory   {} and {} inodes for / and /tmp (ENOSPC beyond)",
        bytes(l.fs_bytes),
        l.fs_inodes
    );

    let _ = writeln!(
        out,
        "audit: every denial and limit reached, as JSON lines, to {}",
        policy
            .audit
            .file
            .as_ref()
            .map_or("the kernel's stderr".to_owned(), |f| f.display().to_string())
    );
    let _ = writeln!(
        out,
        "confinement: {}",
        match policy.confinement.if_unsupported {
            IfUnsupported::Refuse => "refuse to run where the host lacks a layer",
            IfUnsupported::Degrade =>
                "run with the layers the host has, warning for each missing one",
        }
    );
    out
}

/// A byte count for people: exact, with a binary unit when it is a whole one.
fn bytes(n: u64) -> String {
    match n {
        n if n >= 1 << 30 && n % (1 << 30) == 0 => format!("{} GiB", n >> 30),
        n if n >= 1 << 20 && n % (1 << 20) == 0 => format!("{} MiB", n >> 20),
        n if n >= 1 << 10 && n % (1 << 10) == 0 => format!("{} KiB", n >> 10),
        n => format!("{n} bytes"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explains_every_section() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("app")).unwrap();
        let text = r#"
[[mount]]
host = "app"
path = "/app"

[[fs]]
path = "/app/secret/**"
deny = ["read"]

[[fs]]
path = "/work/**"
allow = ["create", "write"]

[process]
spawn = ["sh", "ls"]

[net]
connect = ["*.example.com:443"]

[audit]
file = "audit.jsonl"

[limits]
output_bytes = 1048576
fs_bytes = 1000
"#;
        let policy = policies::load::parse(text, &dir.path().join("policy.toml")).unwrap();
        let out = explain(&policy);
        for want in [
            "fs[0]  /app/secret/**  deny read  (line 7)",
            "fs[1]  /work/**  allow write, create  (line 11)",
            "an allow cannot lift a read-only mount: mount[0] /app stay read-only",
            "may spawn sh, ls",
            "connect to: *.example.com:443",
            "listen on: nothing",
            "output      1 MiB to stdout and stderr together (EFBIG beyond)",
            "in memory   1000 bytes and 65536 inodes",
            "audit.jsonl",
        ] {
            assert!(out.contains(want), "missing {want:?} in:\n{out}");
        }
        let empty = policies::load::parse("", &dir.path().join("p.toml")).unwrap();
        let out = explain(&empty);
        for want in ["(none: the mounts above decide)", "may spawn nothing", "the kernel's stderr"]
        {
            assert!(out.contains(want), "missing {want:?} in:\n{out}");
        }
    }
}
