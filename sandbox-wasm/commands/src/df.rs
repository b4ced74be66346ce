//! `df`: the sandbox's file systems, from its mount table (`/proc/self/mounts`) and the
//! kernel's statfs (`sandbox_fs_v1`). What it reports is what the kernel enforces: the
//! in-memory root's `[limits] fs_bytes`/`fs_inodes`, a tmpfs mount's `size_mb`/`inodes`,
//! and for a host mount the host file system's numbers. Host paths are never shown: a
//! host mount's source is `host`. GNU's columns and widths; options `-h`, `-k`, `-m`,
//! `-T`, `-i`, `-a` (also the size-less `/dev` and `/proc`), `-P`.

use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::fsext::{self, StatFs};

struct Mount {
    source: String,
    at: String,
    kind: String,
}

struct Options {
    human: bool,
    unit: u64,
    types: bool,
    inodes: bool,
    all: bool,
}

pub fn main(args: Vec<String>) -> i32 {
    let mut o = Options { human: false, unit: 1024, types: false, inodes: false, all: false };
    let mut files = Vec::new();
    let mut options_done = false;
    for a in args.into_iter().skip(1) {
        if options_done || !a.starts_with('-') || a == "-" {
            files.push(a);
            continue;
        }
        let letters: Vec<char> = match a.as_str() {
            "--" => {
                options_done = true;
                continue;
            }
            "--human-readable" => vec!['h'],
            "--print-type" => vec!['T'],
            "--inodes" => vec!['i'],
            "--all" => vec!['a'],
            "--portability" => vec!['P'],
            _ if a.starts_with("--") => return usage(&format!("unrecognized option '{a}'")),
            _ => a[1..].chars().collect(),
        };
        for c in letters {
            match c {
                'h' => o.human = true,
                'k' => (o.human, o.unit) = (false, 1024),
                'm' => (o.human, o.unit) = (false, 1024 * 1024),
                'T' => o.types = true,
                'i' => o.inodes = true,
                'a' => o.all = true,
                'P' => {}
                _ => return usage(&format!("invalid option -- '{c}'")),
            }
        }
    }
    let table = match std::fs::read_to_string("/proc/self/mounts") {
        Ok(t) => parse_mounts(&t),
        Err(e) => {
            eprintln!("df: cannot read table of mounted file systems: {}", fsext::message(&e));
            return 1;
        }
    };
    let mut rows = Vec::new();
    let mut code = 0;
    if files.is_empty() {
        for m in &table {
            match fsext::statfs(Path::new(&m.at)) {
                Ok(st) if o.all || st.blocks > 0 => rows.push(row(&o, m, &st)),
                Ok(_) => {}
                Err(e) => {
                    eprintln!("df: {}: {}", m.at, fsext::message(&e));
                    code = 1;
                }
            }
        }
    } else {
        for f in &files {
            let st = match fsext::statfs(Path::new(f)) {
                Ok(st) => st,
                Err(e) => {
                    eprintln!("df: '{f}': {}", fsext::message(&e));
                    code = 1;
                    continue;
                }
            };
            if let Some(m) = mount_of(&table, Path::new(f)) {
                rows.push(row(&o, m, &st));
            }
        }
    }
    if rows.is_empty() {
        if code == 0 {
            eprintln!("df: no file systems processed");
        }
        return 1;
    }
    print(&o, rows);
    code
}

fn usage(msg: &str) -> i32 {
    eprintln!("df: {msg}\nTry 'df --help' for more information.");
    1
}

/// `/proc/self/mounts`: source, mount point (`\040`-style escapes), type.
fn parse_mounts(text: &str) -> Vec<Mount> {
    let unescape = |s: &str| {
        let mut out = String::new();
        let mut rest = s;
        while let Some(i) = rest.find('\\') {
            out.push_str(&rest[..i]);
            match rest.get(i + 1..i + 4).and_then(|o| u8::from_str_radix(o, 8).ok()) {
                Some(b) => {
                    out.push(b as char);
                    rest = &rest[i + 4..];
                }
                None => {
                    out.push('\\');
                    rest = &rest[i + 1..];
                }
            }
        }
        out.push_str(rest);
        out
    };
    text.lines()
        .filter_map(|l| {
            let mut f = l.split(' ');
            Some(Mount {
                source: f.next()?.into(),
                at: unescape(f.next()?),
                kind: f.next()?.into(),
            })
        })
        .collect()
}

/// The mount a path lies under: the deepest mount point that is a prefix of it.
fn mount_of<'a>(table: &'a [Mount], path: &Path) -> Option<&'a Mount> {
    let abs = std::env::current_dir().ok()?.join(path);
    let mut clean = PathBuf::from("/");
    for c in abs.components() {
        match c {
            Component::ParentDir => {
                clean.pop();
            }
            Component::Normal(n) => clean.push(n),
            _ => {}
        }
    }
    table
        .iter()
        .filter(|m| clean.starts_with(&m.at))
        .max_by_key(|m| Path::new(&m.at).components().count())
}

fn row(o: &Options, m: &Mount, st: &StatFs) -> Vec<String> {
    let mut r = vec![m.source.clone()];
    if o.types {
        r.push(m.kind.clone());
    }
    let (total, free, avail) = if o.inodes {
        (st.files, st.ffree, st.ffree)
    } else {
        (st.blocks * st.bsize, st.bfree * st.bsize, st.bavail * st.bsize)
    };
    let used = total.saturating_sub(free);
    let show = |n: u64| {
        if o.inodes {
            n.to_string()
        } else if o.human {
            crate::du::human(n)
        } else {
            n.div_ceil(o.unit).to_string()
        }
    };
    r.push(show(total));
    r.push(show(used));
    r.push(show(avail));
    // GNU's percentage: used of what the user could have, rounded up.
    r.push(if used + avail == 0 {
        "-".into()
    } else {
        format!("{}%", (used * 100).div_ceil(used + avail))
    });
    r.push(m.at.clone());
    r
}

fn print(o: &Options, rows: Vec<Vec<String>>) {
    let mut header: Vec<(&str, usize, bool)> = vec![("Filesystem", 14, true)];
    if o.types {
        header.push(("Type", 4, true));
    }
    let size = match (o.inodes, o.human, o.unit) {
        (true, _, _) => "Inodes",
        (false, true, _) => "Size",
        (false, false, 1024) => "1K-blocks",
        _ => "1M-blocks",
    };
    let (used, avail, pct) = if o.inodes {
        ("IUsed", "IFree", "IUse%")
    } else {
        ("Used", if o.human { "Avail" } else { "Available" }, "Use%")
    };
    header.extend([
        (size, 5, false),
        (used, 5, false),
        (avail, 5, false),
        (pct, 4, false),
        ("Mounted on", 0, true),
    ]);
    let widths: Vec<usize> = header
        .iter()
        .enumerate()
        .map(|(i, (name, min, _))| {
            rows.iter().map(|r| r[i].len()).chain([name.len(), *min]).max().unwrap_or(0)
        })
        .collect();
    let mut out = std::io::stdout().lock();
    let names: Vec<String> = header.iter().map(|h| h.0.to_string()).collect();
    for r in std::iter::once(&names).chain(&rows) {
        let mut line = String::new();
        for (i, cell) in r.iter().enumerate() {
            let last = i + 1 == r.len();
            let w = widths[i];
            if i > 0 {
                line.push(' ');
            }
            if last {
                line.push_str(cell);
            } else if header[i].2 {
                line.push_str(&format!("{cell:<w$}"));
            } else {
                line.push_str(&format!("{cell:>w$}"));
            }
        }
        let _ = writeln!(out, "{line}");
    }
}
