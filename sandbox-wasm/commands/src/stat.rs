//! `stat`: GNU coreutils' stat over the kernel's `stat` (`sandbox_fs_v1`), which knows
//! the permission bits and owners WASI's `filestat` lacks, and `-f` over its statfs.
//! The default formats, `-c`/`--format`, `--printf`, `-L`, `-t` and `-f`.

use std::io::Write;
use std::os::wasi::ffi::OsStrExt;
use std::path::Path;

use crate::fsext::{self, Stat};

const DEFAULT: &str = "  File: %N\n  Size: %-10s\tBlocks: %-10b IO Block: %-6o %F\n\
Device: %Hd,%Ld\tInode: %-11i Links: %h\n\
Access: (%04a/%10.10A)  Uid: (%5u/%8U)   Gid: (%5g/%8G)\n\
Access: %x\nModify: %y\nChange: %z\n Birth: %w";
const TERSE: &str = "%n %s %b %f %u %g %D %i %h %t %T %X %Y %Z %W %o";
const FS_DEFAULT: &str = "  File: \"%n\"\n    ID: %-8i Namelen: %-7l Type: %T\n\
Block size: %-10s Fundamental block size: %S\n\
Blocks: Total: %-10b Free: %-10f Available: %a\n\
Inodes: Total: %-10c Free: %d";
const FS_TERSE: &str = "%n %i %l %t %s %S %b %f %a %c %d";

pub fn main(args: Vec<String>) -> i32 {
    let mut format: Option<(String, bool)> = None;
    let mut follow = false;
    let mut terse = false;
    let mut file_system = false;
    let mut files = Vec::new();
    let mut it = args.into_iter().skip(1);
    let mut options_done = false;
    while let Some(a) = it.next() {
        if options_done || !a.starts_with('-') || a == "-" {
            files.push(a);
            continue;
        }
        match a.as_str() {
            "--" => options_done = true,
            "-L" | "--dereference" => follow = true,
            "-t" | "--terse" => terse = true,
            "-c" | "--format" => match it.next() {
                Some(f) => format = Some((f, true)),
                None => return usage("option requires an argument -- 'c'"),
            },
            "--printf" => match it.next() {
                Some(f) => format = Some((f, false)),
                None => return usage("option '--printf' requires an argument"),
            },
            _ if a.starts_with("--format=") => format = Some((a[9..].to_string(), true)),
            _ if a.starts_with("--printf=") => format = Some((a[9..].to_string(), false)),
            _ if a.starts_with("-c") && a.len() > 2 => format = Some((a[2..].to_string(), true)),
            "-f" | "--file-system" => file_system = true,
            _ => return usage(&format!("invalid option -- '{}'", a.trim_start_matches('-'))),
        }
    }
    if files.is_empty() {
        return usage("missing operand");
    }
    let (fmt, newline, escapes) = match format {
        Some((f, true)) => (f, true, false),
        Some((f, false)) => (f, false, true),
        None if terse && file_system => (FS_TERSE.to_string(), true, false),
        None if terse => (TERSE.to_string(), true, false),
        None if file_system => (FS_DEFAULT.to_string(), true, false),
        None => (DEFAULT.to_string(), true, false),
    };
    let mut out = std::io::stdout().lock();
    let mut code = 0;
    for file in files {
        if file_system {
            match fsext::statfs(Path::new(&file)) {
                Ok(st) => {
                    let mut text = render(&fmt, &Subject::Fs { name: &file, st: &st }, escapes);
                    if newline {
                        text.push(b'\n');
                    }
                    if out.write_all(&text).is_err() {
                        return 1;
                    }
                }
                Err(e) => {
                    eprintln!(
                        "stat: cannot read file system information for '{file}': {}",
                        fsext::message(&e)
                    );
                    code = 1;
                }
            }
            continue;
        }
        match fsext::stat(Path::new(&file), follow) {
            Ok(st) => {
                let mut text =
                    render(&fmt, &Subject::File { name: &file, st: &st, follow }, escapes);
                if newline {
                    text.push(b'\n');
                }
                if out.write_all(&text).is_err() {
                    return 1;
                }
            }
            Err(e) => {
                eprintln!("stat: cannot statx '{file}': {}", fsext::message(&e));
                code = 1;
            }
        }
    }
    code
}

fn usage(msg: &str) -> i32 {
    eprintln!("stat: {msg}\nTry 'stat --help' for more information.");
    1
}

/// `ls -l`'s mode string: type letter and nine permission letters.
pub fn mode_string(mode: u32) -> String {
    let kind = match mode & fsext::S_IFMT {
        fsext::S_IFDIR => 'd',
        fsext::S_IFLNK => 'l',
        0o020000 => 'c',
        0o060000 => 'b',
        0o010000 => 'p',
        0o140000 => 's',
        _ => '-',
    };
    let mut s = String::from(kind);
    for (shift, special, lower, upper) in
        [(6, 0o4000, 's', 'S'), (3, 0o2000, 's', 'S'), (0, 0o1000, 't', 'T')]
    {
        let bits = (mode >> shift) & 7;
        s.push(if bits & 4 != 0 { 'r' } else { '-' });
        s.push(if bits & 2 != 0 { 'w' } else { '-' });
        s.push(match (bits & 1 != 0, mode & special != 0) {
            (true, true) => lower,
            (false, true) => upper,
            (true, false) => 'x',
            (false, false) => '-',
        });
    }
    s
}

fn file_type(st: &Stat) -> &'static str {
    match st.mode & fsext::S_IFMT {
        fsext::S_IFREG if st.size == 0 => "regular empty file",
        fsext::S_IFREG => "regular file",
        fsext::S_IFDIR => "directory",
        fsext::S_IFLNK => "symbolic link",
        0o020000 => "character special file",
        0o060000 => "block special file",
        0o010000 => "fifo",
        0o140000 => "socket",
        _ => "weird file",
    }
}

/// GNU's human-readable time: `2024-05-01 12:00:00.000000000 +0000` (the sandbox's
/// clock is UTC).
fn human_time(ns: i64) -> String {
    let secs = ns.div_euclid(1_000_000_000);
    let nanos = ns.rem_euclid(1_000_000_000) as u32;
    match chrono::DateTime::from_timestamp(secs, nanos) {
        Some(t) => t.format("%Y-%m-%d %H:%M:%S.%f +0000").to_string(),
        None => "?".into(),
    }
}

/// What a format describes: a file (`stat`) or its file system (`stat -f`).
enum Subject<'a> {
    File { name: &'a str, st: &'a Stat, follow: bool },
    Fs { name: &'a str, st: &'a fsext::StatFs },
}

fn render(fmt: &str, subject: &Subject<'_>, escapes: bool) -> Vec<u8> {
    let plain = fmt == DEFAULT;
    let mut out = Vec::new();
    let b = fmt.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'\\' && escapes && i + 1 < b.len() {
            i += 1;
            let (byte, used) = escape(&b[i..]);
            out.push(byte);
            i += used;
            continue;
        }
        if c != b'%' || i + 1 >= b.len() {
            out.push(c);
            i += 1;
            continue;
        }
        // %[flags][width][.precision]directive
        let start = i;
        i += 1;
        let mut left = false;
        let mut zero = false;
        while i < b.len() && matches!(b[i], b'-' | b'0' | b'#' | b'+' | b' ' | b'\'') {
            left |= b[i] == b'-';
            zero |= b[i] == b'0';
            i += 1;
        }
        let mut width = 0usize;
        while i < b.len() && b[i].is_ascii_digit() {
            width = width * 10 + (b[i] - b'0') as usize;
            i += 1;
        }
        let mut precision = None;
        if i < b.len() && b[i] == b'.' {
            i += 1;
            let mut p = 0usize;
            while i < b.len() && b[i].is_ascii_digit() {
                p = p * 10 + (b[i] - b'0') as usize;
                i += 1;
            }
            precision = Some(p);
        }
        let Some(&d) = b.get(i) else {
            out.extend_from_slice(&b[start..]);
            break;
        };
        i += 1;
        let value = match *subject {
            _ if d == b'%' => Some(("%".to_string(), false)),
            Subject::Fs { name, st } => fs_directive(d, name, st),
            Subject::File { name, st, follow } => Some(match d {
                b'n' => (name.to_string(), false),
                b'N' => (quoted_name(name, st, follow, plain), false),
                b's' => (st.size.to_string(), true),
                b'b' => (st.blocks.to_string(), true),
                b'B' => ("512".to_string(), true),
                b'o' => (st.blksize.to_string(), true),
                b'f' => (format!("{:x}", st.mode), false),
                b'F' => (file_type(st).to_string(), false),
                b'a' => (format!("{:o}", st.mode & 0o7777), true),
                b'A' => (mode_string(st.mode), false),
                b'h' => (st.nlink.to_string(), true),
                b'i' => (st.ino.to_string(), true),
                b'u' => (st.uid.to_string(), true),
                b'g' => (st.gid.to_string(), true),
                b'U' => (fsext::name_of("/etc/passwd", st.uid).unwrap_or("UNKNOWN".into()), false),
                b'G' => (fsext::name_of("/etc/group", st.gid).unwrap_or("UNKNOWN".into()), false),
                b'd' => (st.dev.to_string(), true),
                b'D' => (format!("{:x}", st.dev), false),
                b'H' | b'L' if b.get(i) == Some(&b'd') => {
                    i += 1;
                    let v = if d == b'H' { (st.dev >> 8) & 0xfff } else { st.dev & 0xff };
                    (v.to_string(), true)
                }
                b't' | b'T' => ("0".to_string(), false),
                b'x' => (human_time(st.atime), false),
                b'y' => (human_time(st.mtime), false),
                b'z' => (human_time(st.ctime), false),
                b'X' => (st.atime.div_euclid(1_000_000_000).to_string(), true),
                b'Y' => (st.mtime.div_euclid(1_000_000_000).to_string(), true),
                b'Z' => (st.ctime.div_euclid(1_000_000_000).to_string(), true),
                b'w' => ("-".to_string(), false),
                b'W' => ("0".to_string(), true),
                _ => {
                    out.extend_from_slice(&b[start..i]);
                    continue;
                }
            }),
        };
        let Some((text, numeric)) = value else {
            out.extend_from_slice(&b[start..i]);
            continue;
        };
        let text = match precision {
            Some(p) if !numeric => text.chars().take(p).collect(),
            _ => text,
        };
        let pad = width.saturating_sub(text.chars().count());
        if left {
            out.extend_from_slice(text.as_bytes());
            out.extend(std::iter::repeat_n(b' ', pad));
        } else {
            let fill = if zero && numeric { b'0' } else { b' ' };
            out.extend(std::iter::repeat_n(fill, pad));
            out.extend_from_slice(text.as_bytes());
        }
    }
    out
}

/// `%N`: the name, and a symlink's target.
fn quoted_name(name: &str, st: &Stat, follow: bool, plain: bool) -> String {
    // GNU quotes in `-c` (shell-escape-always) and not in the default format.
    let q = |s: &str| if plain { s.to_string() } else { format!("'{}'", s.replace('\'', "'\\''")) };
    if st.is_symlink() && !follow {
        if let Ok(target) = std::fs::read_link(name) {
            let target = String::from_utf8_lossy(target.as_os_str().as_bytes()).into_owned();
            return format!("{} -> {}", q(name), q(&target));
        }
    }
    q(name)
}

/// A backslash escape of `--printf` (the text after the backslash): the byte and how
/// many bytes of the text it used.
fn escape(b: &[u8]) -> (u8, usize) {
    match b[0] {
        b'n' => (b'\n', 1),
        b't' => (b'\t', 1),
        b'r' => (b'\r', 1),
        b'a' => (7, 1),
        b'b' => (8, 1),
        b'f' => (12, 1),
        b'v' => (11, 1),
        b'\\' => (b'\\', 1),
        b'"' => (b'"', 1),
        b'0'..=b'7' => {
            let mut v = 0u32;
            let mut n = 0;
            while n < 3 && n < b.len() && (b'0'..=b'7').contains(&b[n]) {
                v = v * 8 + (b[n] - b'0') as u32;
                n += 1;
            }
            (v as u8, n)
        }
        other => (other, 1),
    }
}

/// `stat -f`'s directives.
fn fs_directive(d: u8, name: &str, st: &fsext::StatFs) -> Option<(String, bool)> {
    Some(match d {
        b'n' => (name.to_string(), false),
        b'a' => (st.bavail.to_string(), true),
        b'b' => (st.blocks.to_string(), true),
        b'c' => (st.files.to_string(), true),
        b'd' => (st.ffree.to_string(), true),
        b'f' => (st.bfree.to_string(), true),
        // The kernel reports no file system id.
        b'i' => ("0".to_string(), false),
        b'l' => (st.namelen.to_string(), true),
        b's' | b'S' => (st.bsize.to_string(), true),
        b't' => (format!("{:x}", st.fs_type), false),
        b'T' => (fs_type_name(st.fs_type), false),
        _ => return None,
    })
}

/// GNU's names for the file system types the sandbox meets.
fn fs_type_name(magic: u64) -> String {
    match magic {
        0x0102_1994 => "tmpfs".into(),
        0x9fa0 => "proc".into(),
        0xef53 => "ext2/ext3".into(),
        0x5846_5342 => "xfs".into(),
        0x9123_683e => "btrfs".into(),
        0x794c_7630 => "overlayfs".into(),
        0x6969 => "nfs".into(),
        0x2fc1_2fc1 => "zfs".into(),
        0x6573_5546 => "fuseblk".into(),
        other => format!("UNKNOWN (0x{other:x})"),
    }
}
