//! `kernel policy check`: what a valid policy grants, in words an operator can review.

use std::fmt::Write;

use policies::{IfUnsupported, MountMode, Policy};

use crate::vfs::memfs;

/// A human-readable account of everything `policy` makes visible or possible.
pub fn explain(policy: &Policy) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}: valid", policy.source.display());
    let _ = writeln!(out, "file system (nothing else of the host is visible):");
    let _ = writeln!(out, "  /tmp  in memory, {} MiB shared with /", memfs::MAX_BYTES >> 20);
    for m in &policy.mounts {
        let mode = match m.mode {
            MountMode::ReadOnly => "read-only",
            MountMode::ReadWrite => "read-write",
        };
        let _ = writeln!(out, "  {}  host {} ({mode})", m.path, m.host.display());
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
    let l = &policy.limits;
    let _ = writeln!(out, "limits per process:");
    let _ = writeln!(
        out,
        "  memory     {}",
        l.memory_mb.map_or("engine default".to_owned(), |m| format!("{m} MiB"))
    );
    let _ = writeln!(
        out,
        "  cpu time   {}",
        l.cpu_ms.map_or("unlimited".to_owned(), |m| format!("{m} ms"))
    );
    let _ = writeln!(out, "  open files {}", l.open_files);
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
