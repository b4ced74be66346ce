//! `gzip`, `gunzip`, `zcat` over `flate2` (pure Rust): compress or decompress files in
//! place (`x` <-> `x.gz`, the original removed unless `-k`), or a stream to stdout (`-c`,
//! stdin when no file or `-`). Options: `-c`, `-d`, `-k`, `-f`, `-v` (accepted, quiet),
//! `-1` ... `-9`. Multi-member input (concatenated `.gz` files) decompresses as GNU's.

use std::fs::File;
use std::io::{self, BufReader, Read, Write};
use std::path::Path;

use flate2::read::MultiGzDecoder;
use flate2::write::GzEncoder;
use flate2::{Compression, GzBuilder};

use crate::fsext;

struct Options {
    decompress: bool,
    stdout: bool,
    keep: bool,
    force: bool,
    level: u32,
}

pub fn main(name: &str, args: Vec<String>) -> i32 {
    let mut opts = Options {
        decompress: name == "gunzip" || name == "zcat",
        stdout: name == "zcat",
        keep: false,
        force: false,
        level: 6,
    };
    let mut files = Vec::new();
    let mut options_done = false;
    for a in args.into_iter().skip(1) {
        if options_done || !a.starts_with('-') || a == "-" {
            files.push(a);
            continue;
        }
        let long = match a.as_str() {
            "--" => {
                options_done = true;
                continue;
            }
            "--stdout" | "--to-stdout" => Some('c'),
            "--decompress" | "--uncompress" => Some('d'),
            "--keep" => Some('k'),
            "--force" => Some('f'),
            "--verbose" | "--quiet" => Some('q'),
            "--fast" => Some('1'),
            "--best" => Some('9'),
            _ if a.starts_with("--") => {
                eprintln!("{name}: unrecognized option '{a}'");
                return 1;
            }
            _ => None,
        };
        let letters: Vec<char> = match long {
            Some(c) => vec![c],
            None => a[1..].chars().collect(),
        };
        for c in letters {
            match c {
                'c' => opts.stdout = true,
                'd' => opts.decompress = true,
                'k' => opts.keep = true,
                'f' => opts.force = true,
                'q' | 'v' | 'n' | 'N' => {}
                '1'..='9' => opts.level = c.to_digit(10).unwrap_or(6),
                _ => {
                    eprintln!("{name}: invalid option -- '{c}'");
                    return 1;
                }
            }
        }
    }
    if files.is_empty() {
        files.push("-".into());
    }
    let mut code = 0;
    for file in &files {
        let result = if file == "-" {
            stream(&mut io::stdin().lock(), &opts)
        } else if opts.stdout {
            File::open(file).and_then(|f| stream(&mut BufReader::new(f), &opts))
        } else {
            in_place(name, file, &opts)
        };
        if let Err(e) = result {
            match e.kind() {
                // The reader of our output went away (`zcat big.gz | head`): stop quietly.
                io::ErrorKind::BrokenPipe => return code,
                _ => {
                    let what = if file == "-" { "stdin" } else { file };
                    eprintln!("{name}: {what}: {}", fsext::message(&e));
                    code = 1;
                }
            }
        }
    }
    code
}

/// Stdin or a file to stdout.
fn stream(input: &mut dyn Read, opts: &Options) -> io::Result<()> {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    if opts.decompress {
        io::copy(&mut MultiGzDecoder::new(input), &mut out)?;
    } else {
        let mut enc = GzEncoder::new(&mut out, Compression::new(opts.level));
        io::copy(input, &mut enc)?;
        enc.finish()?;
    }
    out.flush()
}

/// `x` to `x.gz` (or back), removing the original unless `-k`, as GNU's.
fn in_place(name: &str, file: &str, opts: &Options) -> io::Result<()> {
    let src = Path::new(file);
    let meta = std::fs::symlink_metadata(src)?;
    if meta.is_dir() {
        eprintln!("{name}: {file} is a directory -- ignored");
        return Ok(());
    }
    let target = if opts.decompress {
        if let Some(stem) = file.strip_suffix(".tgz") {
            format!("{stem}.tar")
        } else if let Some(stem) = file.strip_suffix(".gz").filter(|s| !s.is_empty()) {
            stem.to_string()
        } else {
            eprintln!("{name}: {file}: unknown suffix -- ignored");
            return Ok(());
        }
    } else {
        if file.ends_with(".gz") && !opts.force {
            eprintln!("{name}: {file} already has .gz suffix -- unchanged");
            return Ok(());
        }
        format!("{file}.gz")
    };
    if Path::new(&target).exists() && !opts.force {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{target} already exists"),
        ));
    }
    let mut input = BufReader::new(File::open(src)?);
    let written = (|| {
        let out = File::create(&target)?;
        if opts.decompress {
            let mut out = io::BufWriter::new(out);
            io::copy(&mut MultiGzDecoder::new(input), &mut out)?;
            out.flush()
        } else {
            // The original name and time in the header, as GNU's gzip stores them.
            let mtime =
                meta.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
            let base =
                src.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let mut enc = GzBuilder::new()
                .filename(base)
                .mtime(mtime.map_or(0, |d| d.as_secs() as u32))
                .write(io::BufWriter::new(out), Compression::new(opts.level));
            io::copy(&mut input, &mut enc)?;
            enc.finish()?.flush()
        }
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&target);
        return Err(e);
    }
    // The new file keeps the original's permission bits.
    if let Ok(st) = fsext::stat(src, true) {
        let _ = fsext::chmod(Path::new(&target), st.mode & 0o7777);
    }
    if !opts.keep {
        std::fs::remove_file(src)?;
    }
    Ok(())
}
