//! `du`: disk usage from the kernel's `st_blocks` (`sandbox_fs_v1` stat; WASI's
//! `filestat` has no blocks). GNU's defaults: 1024-byte units rounded up, symlinks not
//! followed, a file with several hard links counted once, a directory's total after
//! its contents. Options: `-s`, `-a`, `-c`, `-h`, `-k`, `-m`, `-b`, `--apparent-size`,
//! `-d N`/`--max-depth=N`, `-x` (stay on one file system). Entries are visited in name
//! order (GNU's is the directory's order).

use std::collections::HashSet;
use std::io::{self, Write};
use std::path::Path;

use crate::fsext::{self, Stat};

struct Options {
    all: bool,
    summarize: bool,
    total: bool,
    human: bool,
    apparent: bool,
    /// Bytes per unit shown.
    unit: u64,
    max_depth: Option<usize>,
    one_fs: bool,
}

struct Walk<'a> {
    o: &'a Options,
    seen: HashSet<(u64, u64)>,
    out: io::StdoutLock<'static>,
    code: i32,
}

pub fn main(args: Vec<String>) -> i32 {
    let mut o = Options {
        all: false,
        summarize: false,
        total: false,
        human: false,
        apparent: false,
        unit: 1024,
        max_depth: None,
        one_fs: false,
    };
    let mut files = Vec::new();
    let mut it = args.into_iter().skip(1);
    let mut options_done = false;
    while let Some(a) = it.next() {
        if options_done || !a.starts_with('-') || a == "-" {
            files.push(a);
            continue;
        }
        if let Some(long) = a.strip_prefix("--") {
            match long.split_once('=') {
                Some(("max-depth", n)) => match n.parse() {
                    Ok(n) => o.max_depth = Some(n),
                    Err(_) => return usage(&format!("invalid maximum depth '{n}'")),
                },
                None if long.is_empty() => options_done = true,
                None if long == "all" => o.all = true,
                None if long == "summarize" => o.summarize = true,
                None if long == "total" => o.total = true,
                None if long == "human-readable" => o.human = true,
                None if long == "apparent-size" => o.apparent = true,
                None if long == "bytes" => (o.apparent, o.unit) = (true, 1),
                None if long == "one-file-system" => o.one_fs = true,
                _ => return usage(&format!("unrecognized option '{a}'")),
            }
            continue;
        }
        let letters: Vec<char> = a[1..].chars().collect();
        for (i, c) in letters.iter().enumerate() {
            match c {
                'a' => o.all = true,
                's' => o.summarize = true,
                'c' => o.total = true,
                'h' => o.human = true,
                'k' => o.unit = 1024,
                'm' => o.unit = 1024 * 1024,
                'b' => (o.apparent, o.unit) = (true, 1),
                'x' => o.one_fs = true,
                'd' => {
                    let rest: String = letters[i + 1..].iter().collect();
                    let n = if rest.is_empty() { it.next().unwrap_or_default() } else { rest };
                    match n.parse() {
                        Ok(n) => o.max_depth = Some(n),
                        Err(_) => return usage(&format!("invalid maximum depth '{n}'")),
                    }
                    break;
                }
                _ => return usage(&format!("invalid option -- '{c}'")),
            }
        }
    }
    if o.summarize {
        if o.all {
            return usage("cannot both summarize and show all entries");
        }
        o.max_depth = Some(0);
    }
    if files.is_empty() {
        files.push(".".into());
    }
    let mut w = Walk { o: &o, seen: HashSet::new(), out: io::stdout().lock(), code: 0 };
    let mut grand = 0u64;
    for f in &files {
        let path = Path::new(f);
        match fsext::stat(path, false) {
            Ok(st) => {
                let dev = st.dev;
                grand += w.visit(path, &st, 0, dev);
            }
            Err(e) => {
                eprintln!("du: cannot access '{f}': {}", fsext::message(&e));
                w.code = 1;
            }
        }
    }
    if o.total {
        w.show(grand, "total");
    }
    let _ = w.out.flush();
    w.code
}

fn usage(msg: &str) -> i32 {
    eprintln!("du: {msg}\nTry 'du --help' for more information.");
    1
}

impl Walk<'_> {
    /// The usage of `path` and everything under it, in bytes; prints what the options
    /// ask for on the way.
    fn visit(&mut self, path: &Path, st: &Stat, depth: usize, dev: u64) -> u64 {
        // A second link to a file already counted adds nothing (GNU's default).
        if !st.is_dir() && st.nlink > 1 && !self.seen.insert((st.dev, st.ino)) {
            return 0;
        }
        let mut size = if self.o.apparent { st.size } else { st.blocks * 512 };
        if st.is_dir() {
            let mut names: Vec<_> = match std::fs::read_dir(path) {
                Ok(rd) => rd.filter_map(|e| e.ok()).map(|e| e.file_name()).collect(),
                Err(e) => {
                    eprintln!(
                        "du: cannot read directory '{}': {}",
                        path.display(),
                        fsext::message(&e)
                    );
                    self.code = 1;
                    Vec::new()
                }
            };
            names.sort();
            for name in names {
                let child = path.join(name);
                match fsext::stat(&child, false) {
                    Ok(cst) if self.o.one_fs && cst.dev != dev => {}
                    Ok(cst) => size += self.visit(&child, &cst, depth + 1, dev),
                    Err(e) => {
                        eprintln!(
                            "du: cannot access '{}': {}",
                            child.display(),
                            fsext::message(&e)
                        );
                        self.code = 1;
                    }
                }
            }
        }
        let shown = self.o.max_depth.is_none_or(|max| depth <= max);
        if shown && (st.is_dir() || self.o.all || depth == 0) {
            self.show(size, &path.display().to_string());
        }
        size
    }

    fn show(&mut self, bytes: u64, name: &str) {
        let size =
            if self.o.human { human(bytes) } else { bytes.div_ceil(self.o.unit).to_string() };
        let _ = writeln!(self.out, "{size}\t{name}");
    }
}

/// GNU's `-h` (du's and df's): powers of 1024, one decimal below 10, always rounded up.
pub fn human(bytes: u64) -> String {
    if bytes < 1024 {
        return bytes.to_string();
    }
    let units = ['K', 'M', 'G', 'T', 'P', 'E'];
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    loop {
        let shown = if value < 10.0 { (value * 10.0).ceil() / 10.0 } else { value.ceil() };
        if shown >= 1024.0 && unit + 1 < units.len() {
            value /= 1024.0;
            unit += 1;
            continue;
        }
        return if shown < 10.0 {
            format!("{shown:.1}{}", units[unit])
        } else {
            format!("{}{}", shown as u64, units[unit])
        };
    }
}
