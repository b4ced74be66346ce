//! `chmod`: GNU coreutils' chmod over the kernel's `chmod` (`sandbox_fs_v1`; WASI has
//! none). Modes are parsed by uucore's `mode` (what uutils chmod uses): octal, symbolic,
//! comma-separated clauses. Options: `-R`, `-v`, `-c`, `-f`, `--reference=FILE`. As GNU,
//! a symlink named on the command line is followed and one met while recursing is skipped.

use std::path::Path;

use crate::fsext::{self, Stat};

struct Options {
    recursive: bool,
    verbose: bool,
    changes: bool,
    quiet: bool,
}

pub fn main(args: Vec<String>) -> i32 {
    let mut opts = Options { recursive: false, verbose: false, changes: false, quiet: false };
    let mut mode: Option<String> = None;
    let mut reference: Option<String> = None;
    let mut files = Vec::new();
    let mut options_done = false;
    for a in args.into_iter().skip(1) {
        if options_done || !a.starts_with('-') || a == "-" {
            if mode.is_none() && reference.is_none() {
                mode = Some(a);
            } else {
                files.push(a);
            }
            continue;
        }
        match a.as_str() {
            "--" => options_done = true,
            "--recursive" => opts.recursive = true,
            "--verbose" => opts.verbose = true,
            "--changes" => opts.changes = true,
            "--silent" | "--quiet" => opts.quiet = true,
            _ if a.starts_with("--reference=") => reference = Some(a[12..].to_string()),
            // `-w`, `-x,u+r`: a mode that starts like an option, as GNU accepts.
            _ if mode.is_none() && reference.is_none() && is_mode(&a) => mode = Some(a),
            _ if a.len() > 1 && !a.starts_with("--") => {
                for c in a[1..].chars() {
                    match c {
                        'R' => opts.recursive = true,
                        'v' => opts.verbose = true,
                        'c' => opts.changes = true,
                        'f' => opts.quiet = true,
                        _ => return usage(&format!("invalid option -- '{c}'")),
                    }
                }
            }
            _ => return usage(&format!("unrecognized option '{a}'")),
        }
    }
    let spec = match (reference, mode) {
        (Some(r), _) => match fsext::stat(Path::new(&r), true) {
            Ok(st) => Spec::Exact(st.mode & 0o7777),
            Err(e) => {
                eprintln!("chmod: failed to get attributes of '{r}': {}", fsext::message(&e));
                return 1;
            }
        },
        (None, Some(m)) => Spec::Mode(m),
        (None, None) => return usage("missing operand"),
    };
    if files.is_empty() {
        let after = match &spec {
            Spec::Mode(m) => format!("missing operand after '{m}'"),
            Spec::Exact(_) => "missing operand".to_string(),
        };
        return usage(&after);
    }
    let mut code = 0;
    for file in &files {
        code |= change(Path::new(file), &spec, &opts, true);
    }
    code
}

enum Spec {
    Mode(String),
    Exact(u32),
}

fn is_mode(arg: &str) -> bool {
    arg.len() > 1 && arg.chars().all(|c| "rwxXstugoa+-=,01234567".contains(c))
}

fn usage(msg: &str) -> i32 {
    eprintln!("chmod: {msg}\nTry 'chmod --help' for more information.");
    1
}

/// Changes one file (and, with `-R`, what is under it). 0 on success, 1 on failure.
fn change(path: &Path, spec: &Spec, opts: &Options, operand: bool) -> i32 {
    let shown = path.display();
    let st = match fsext::stat(path, operand) {
        Ok(st) => st,
        Err(e) => {
            if !opts.quiet {
                eprintln!("chmod: cannot access '{shown}': {}", fsext::message(&e));
            }
            return 1;
        }
    };
    // A symlink met while recursing is neither changed nor followed (GNU's -P default).
    if st.is_symlink() {
        return 0;
    }
    let mut code = apply(path, &st, spec, opts);
    if opts.recursive && st.is_dir() {
        match std::fs::read_dir(path) {
            Ok(entries) => {
                let mut names: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
                names.sort();
                for child in names {
                    code |= change(&child, spec, opts, false);
                }
            }
            Err(e) => {
                if !opts.quiet {
                    eprintln!("chmod: cannot read directory '{shown}': {}", fsext::message(&e));
                }
                code = 1;
            }
        }
    }
    code
}

fn apply(path: &Path, st: &Stat, spec: &Spec, opts: &Options) -> i32 {
    let old = st.mode & 0o7777;
    let new = match spec {
        Spec::Exact(m) => *m,
        Spec::Mode(m) => {
            match uucore::mode::parse_chmod(old, m, st.is_dir(), uucore::mode::get_umask()) {
                Ok(new) => new,
                Err(e) => {
                    eprintln!("chmod: {e}");
                    return 1;
                }
            }
        }
    };
    let shown = path.display();
    if let Err(e) = fsext::chmod(path, new) {
        if !opts.quiet {
            eprintln!("chmod: changing permissions of '{shown}': {}", fsext::message(&e));
        }
        return 1;
    }
    let describe = |m: u32| format!("{m:04o} ({})", &crate::stat::mode_string(m)[1..]);
    if old != new && (opts.verbose || opts.changes) {
        println!("mode of '{shown}' changed from {} to {}", describe(old), describe(new));
    } else if opts.verbose {
        println!("mode of '{shown}' retained as {}", describe(old));
    }
    0
}
