//! `tar`: the common forms of GNU tar over the `tar` crate's archive format code, with
//! our own walking and extraction (the crate's `append_dir_all` and `unpack` call platform
//! code that is `unimplemented!()` on wasm32). Modes `c`, `x`, `t`; options `f FILE`
//! (`-` is stdin/stdout, the default), `z` (gzip; a compressed archive is also recognised
//! when read), `v`, `C DIR`, in the bundled (`czf`), dashed (`-xzf`) and long forms.
//!
//! Extraction never writes outside the target directory, as GNU tar: leading `/` is
//! removed from member names, a member with a `..` component is refused, symlinks are
//! made last (so no member of the same archive is written through one) and nothing is
//! written through a symlink already on disk.

use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Component, Path, PathBuf};

use flate2::read::MultiGzDecoder;
use flate2::write::GzEncoder;
use flate2::Compression;
use tar::{Archive, Builder, EntryType, Header};

use crate::fsext;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Create,
    Extract,
    List,
}

struct Options {
    mode: Option<Mode>,
    file: String,
    gzip: bool,
    verbose: bool,
    dir: Option<String>,
    operands: Vec<String>,
}

/// GNU's status when something failed but tar went on.
const FAILED: i32 = 2;

pub fn main(args: Vec<String>) -> i32 {
    let opts = match parse(args.into_iter().skip(1).collect()) {
        Ok(o) => o,
        Err(msg) => {
            eprintln!("tar: {msg}\nTry 'tar --help' for more information.");
            return FAILED;
        }
    };
    let result = match opts.mode {
        Some(Mode::Create) => create(&opts),
        Some(Mode::Extract) | Some(Mode::List) => read_archive(&opts),
        None => {
            eprintln!("tar: You must specify one of the '-ctx' options");
            return FAILED;
        }
    };
    match result {
        Ok(0) => 0,
        Ok(code) => {
            eprintln!("tar: Exiting with failure status due to previous errors");
            code
        }
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => FAILED,
        Err(e) => {
            eprintln!("tar: {}\ntar: Error is not recoverable: exiting now", fsext::message(&e));
            FAILED
        }
    }
}

fn parse(args: Vec<String>) -> Result<Options, String> {
    let mut o = Options {
        mode: None,
        file: "-".into(),
        gzip: false,
        verbose: false,
        dir: None,
        operands: Vec::new(),
    };
    let mut it = args.into_iter().peekable();
    let mut first = true;
    while let Some(a) = it.next() {
        let bundled = first && !a.starts_with('-');
        first = false;
        if let Some(long) = a.strip_prefix("--") {
            let (name, value) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (long, None),
            };
            let mut value = || {
                value
                    .clone()
                    .or_else(|| it.next())
                    .ok_or(format!("option '--{name}' requires an argument"))
            };
            match name {
                "create" => o.mode = Some(Mode::Create),
                "extract" | "get" => o.mode = Some(Mode::Extract),
                "list" => o.mode = Some(Mode::List),
                "gzip" | "gunzip" | "ungzip" => o.gzip = true,
                "verbose" => o.verbose = true,
                "file" => o.file = value()?,
                "directory" => o.dir = Some(value()?),
                "" => {
                    o.operands.extend(it.by_ref());
                    break;
                }
                _ => return Err(format!("unrecognized option '{a}'")),
            }
            continue;
        }
        if !bundled && (!a.starts_with('-') || a == "-") {
            o.operands.push(a);
            continue;
        }
        let letters: Vec<char> = a.trim_start_matches('-').chars().collect();
        for (i, c) in letters.iter().enumerate() {
            // `-fNAME`, `-Cdir`: the rest of a dashed word is the value.
            let mut value = || -> Result<String, String> {
                let rest: String = letters[i + 1..].iter().collect();
                if !bundled && !rest.is_empty() {
                    return Ok(rest);
                }
                it.next().ok_or(format!("option requires an argument -- '{c}'"))
            };
            match c {
                'c' => o.mode = Some(Mode::Create),
                'x' => o.mode = Some(Mode::Extract),
                't' => o.mode = Some(Mode::List),
                'z' => o.gzip = true,
                'v' => o.verbose = true,
                'f' | 'C' => {
                    let v = value()?;
                    if *c == 'f' {
                        o.file = v;
                    } else {
                        o.dir = Some(v);
                    }
                    if !bundled {
                        break;
                    }
                }
                _ => return Err(format!("invalid option -- '{c}'")),
            }
        }
    }
    Ok(o)
}

// ---- create ----

fn create(o: &Options) -> io::Result<i32> {
    if o.operands.is_empty() {
        eprintln!("tar: Cowardly refusing to create an empty archive");
        return Ok(FAILED);
    }
    let out: Box<dyn Write> = if o.file == "-" {
        Box::new(io::stdout().lock())
    } else {
        Box::new(io::BufWriter::new(File::create(&o.file)?))
    };
    // The names listed go to stdout, unless the archive does.
    let listing_to_stderr = o.file == "-";
    let base = o.dir.as_deref().map(PathBuf::from).unwrap_or_default();
    let mut w = Writer {
        code: 0,
        verbose: o.verbose,
        listing_to_stderr,
        warned_absolute: false,
        // Read once: every member's header names its owner and group.
        passwd: fs::read_to_string("/etc/passwd").unwrap_or_default(),
        group: fs::read_to_string("/etc/group").unwrap_or_default(),
    };
    if o.gzip {
        archive(&mut w, o, &base, GzEncoder::new(out, Compression::default()))?
            .finish()?
            .flush()?;
    } else {
        archive(&mut w, o, &base, out)?.flush()?;
    }
    Ok(w.code)
}

/// Writes every operand into an archive on `out`, padded to a whole record; returns
/// `out`.
fn archive<W: Write>(w: &mut Writer, o: &Options, base: &Path, out: W) -> io::Result<W> {
    let mut b = Builder::new(Counting { inner: out, written: 0 });
    for name in &o.operands {
        w.add(&mut b, base, name)?;
    }
    let mut out = b.into_inner()?;
    pad_record(&mut out)?;
    Ok(out.inner)
}

/// GNU tar writes whole records of 20 blocks (10240 bytes); the crate ends the archive
/// after its two zero blocks. Pads what the builder wrote to a whole record.
fn pad_record<W: Write>(out: &mut Counting<W>) -> io::Result<()> {
    const RECORD: u64 = 20 * 512;
    let rest = (RECORD - out.written % RECORD) % RECORD;
    io::copy(&mut io::repeat(0).take(rest), out)?;
    Ok(())
}

/// A writer that counts the bytes through it (for [`pad_record`]).
struct Counting<W> {
    inner: W,
    written: u64,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

struct Writer {
    code: i32,
    verbose: bool,
    listing_to_stderr: bool,
    warned_absolute: bool,
    /// The sandbox's `/etc/passwd` and `/etc/group`, for the headers' names.
    passwd: String,
    group: String,
}

impl Writer {
    /// Adds `name` (a path relative to `base`, the `-C` directory) and, for a
    /// directory, everything under it in name order.
    fn add<W: Write>(&mut self, b: &mut Builder<W>, base: &Path, name: &str) -> io::Result<()> {
        let path = base.join(name);
        let st = match fsext::stat(&path, false) {
            Ok(st) => st,
            Err(e) => {
                eprintln!("tar: {name}: Cannot stat: {}", fsext::message(&e));
                self.code = FAILED;
                return Ok(());
            }
        };
        let mut member = name.trim_end_matches('/').to_string();
        if member.starts_with('/') {
            if !self.warned_absolute {
                eprintln!("tar: Removing leading `/' from member names");
                self.warned_absolute = true;
            }
            member = member.trim_start_matches('/').to_string();
        }
        if member.is_empty() {
            member = ".".into();
        }
        let mut header = Header::new_gnu();
        header.set_mode(st.mode & 0o7777);
        header.set_uid(st.uid.into());
        header.set_gid(st.gid.into());
        header.set_mtime(st.mtime.div_euclid(1_000_000_000).max(0) as u64);
        if let Some(user) = fsext::name_in(&self.passwd, st.uid) {
            header.set_username(&user)?;
        }
        if let Some(group) = fsext::name_in(&self.group, st.gid) {
            header.set_groupname(&group)?;
        }
        self.list(&member, st.is_dir());
        if st.is_dir() {
            header.set_entry_type(EntryType::Directory);
            header.set_size(0);
            b.append_data(&mut header, format!("{member}/"), io::empty())?;
            let mut children: Vec<String> = match fs::read_dir(&path) {
                Ok(rd) => rd
                    .filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect(),
                Err(e) => {
                    eprintln!("tar: {name}: Cannot open: {}", fsext::message(&e));
                    self.code = FAILED;
                    return Ok(());
                }
            };
            children.sort();
            let prefix = if name.ends_with('/') { name.to_string() } else { format!("{name}/") };
            for child in children {
                self.add(b, base, &format!("{prefix}{child}"))?;
            }
        } else if st.is_symlink() {
            let target = fs::read_link(&path)?;
            header.set_entry_type(EntryType::Symlink);
            header.set_size(0);
            b.append_link(&mut header, &member, target)?;
        } else if st.mode & fsext::S_IFMT == fsext::S_IFREG {
            let file = match File::open(&path) {
                Ok(f) => f,
                Err(e) => {
                    eprintln!("tar: {name}: Cannot open: {}", fsext::message(&e));
                    self.code = FAILED;
                    return Ok(());
                }
            };
            header.set_entry_type(EntryType::Regular);
            header.set_size(st.size);
            b.append_data(&mut header, &member, file)?;
        } else {
            eprintln!("tar: {name}: socket ignored");
        }
        Ok(())
    }

    fn list(&self, member: &str, dir: bool) {
        if self.verbose {
            let line = if dir { format!("{member}/") } else { member.to_string() };
            if self.listing_to_stderr {
                eprintln!("{line}");
            } else {
                println!("{line}");
            }
        }
    }
}

// ---- extract and list ----

fn read_archive(o: &Options) -> io::Result<i32> {
    let input: Box<dyn Read> = if o.file == "-" {
        Box::new(io::stdin().lock())
    } else {
        match File::open(&o.file) {
            Ok(f) => Box::new(f),
            Err(e) => {
                eprintln!("tar: {}: Cannot open: {}", o.file, fsext::message(&e));
                eprintln!("tar: Error is not recoverable: exiting now");
                return Ok(FAILED);
            }
        }
    };
    let mut input = BufReader::new(input);
    // A gzip stream is recognised by its magic, as GNU tar does when reading.
    let gzip = o.gzip || input.fill_buf()?.starts_with(&[0x1f, 0x8b]);
    let reader: Box<dyn Read> =
        if gzip { Box::new(MultiGzDecoder::new(input)) } else { Box::new(input) };
    let mut archive = Archive::new(reader);
    let base = o.dir.as_deref().map(PathBuf::from).unwrap_or_else(|| PathBuf::from("."));
    let mut x = Extractor { base, code: 0, warned_absolute: false, symlinks: Vec::new() };
    let stdout = io::stdout();
    let mut out = stdout.lock();
    for entry in archive.entries()? {
        let mut entry = entry?;
        let raw = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        if !o.operands.is_empty() && !o.operands.iter().any(|p| selected(&raw, p)) {
            continue;
        }
        if o.mode == Some(Mode::List) {
            let line = if o.verbose { long_listing(&entry, &raw) } else { raw.clone() };
            writeln!(out, "{line}")?;
            continue;
        }
        if o.verbose {
            writeln!(out, "{raw}")?;
        }
        x.extract(&mut entry, &raw)?;
    }
    out.flush()?;
    x.finish();
    Ok(x.code)
}

/// Whether member `name` is what operand `pattern` asks for: the member itself or one
/// under it.
fn selected(name: &str, pattern: &str) -> bool {
    let (n, p) = (name.trim_end_matches('/'), pattern.trim_end_matches('/'));
    n == p || n.starts_with(&format!("{p}/"))
}

/// `tar tv`'s line: `-rw-r--r-- user/group  size YYYY-MM-DD HH:MM name`.
fn long_listing<R: Read>(entry: &tar::Entry<'_, R>, name: &str) -> String {
    let h = entry.header();
    let kind = h.entry_type();
    let type_bits = match kind {
        EntryType::Directory => fsext::S_IFDIR,
        EntryType::Symlink => fsext::S_IFLNK,
        _ => fsext::S_IFREG,
    };
    let mode = crate::stat::mode_string(type_bits | (h.mode().unwrap_or(0) & 0o7777));
    let user = h
        .username()
        .ok()
        .flatten()
        .map(str::to_string)
        .unwrap_or_else(|| h.uid().unwrap_or(0).to_string());
    let group = h
        .groupname()
        .ok()
        .flatten()
        .map(str::to_string)
        .unwrap_or_else(|| h.gid().unwrap_or(0).to_string());
    let size = h.size().unwrap_or(0).to_string();
    // GNU pads `user/group size` to at least 19 columns, right-aligning the size.
    let width = 19usize.saturating_sub(user.len() + group.len() + 2).max(size.len());
    let time = chrono::DateTime::from_timestamp(h.mtime().unwrap_or(0) as i64, 0)
        .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default();
    let link = entry.link_name_bytes().map(|l| String::from_utf8_lossy(&l).into_owned());
    let suffix = match (kind, link) {
        (EntryType::Symlink, Some(l)) => format!(" -> {l}"),
        (EntryType::Link, Some(l)) => format!(" link to {l}"),
        _ => String::new(),
    };
    format!("{mode} {user}/{group} {size:>width$} {time} {name}{suffix}")
}

struct Extractor {
    base: PathBuf,
    code: i32,
    warned_absolute: bool,
    /// Symlinks to make once everything else is out: (where, target).
    symlinks: Vec<(PathBuf, PathBuf)>,
}

impl Extractor {
    /// The member's path under the target directory, or `None` (reported) when the
    /// name must not be extracted.
    fn destination(&mut self, raw: &str) -> Option<(PathBuf, PathBuf)> {
        let trimmed = raw.trim_start_matches('/');
        if trimmed.len() != raw.len() && !self.warned_absolute {
            eprintln!("tar: Removing leading `/' from member names");
            self.warned_absolute = true;
        }
        let mut rel = PathBuf::new();
        for c in Path::new(trimmed).components() {
            match c {
                Component::Normal(part) => rel.push(part),
                Component::CurDir => {}
                Component::ParentDir => {
                    eprintln!("tar: {raw}: Member name contains '..'");
                    self.code = FAILED;
                    return None;
                }
                Component::RootDir | Component::Prefix(_) => {}
            }
        }
        if rel.as_os_str().is_empty() {
            return None;
        }
        Some((self.base.join(&rel), rel))
    }

    /// Refuses a destination with a symlink among its parents (under the target
    /// directory, or one of this archive's held back): following it could lead
    /// outside. GNU's placeholder for a held-back link makes this `ENOTDIR` too.
    fn through_symlink(&mut self, raw: &str, rel: &Path) -> bool {
        let mut at = self.base.clone();
        let parts: Vec<_> = rel.components().collect();
        for part in &parts[..parts.len().saturating_sub(1)] {
            at.push(part);
            if is_symlink(&at) || self.symlinks.iter().any(|(dest, _)| *dest == at) {
                eprintln!(
                    "tar: {raw}: Cannot open: Not a directory (a symbolic link is in the way)"
                );
                self.code = FAILED;
                return true;
            }
        }
        false
    }

    fn extract<R: Read>(&mut self, entry: &mut tar::Entry<'_, R>, raw: &str) -> io::Result<()> {
        let Some((dest, rel)) = self.destination(raw) else { return Ok(()) };
        if self.through_symlink(raw, &rel) {
            return Ok(());
        }
        let header = entry.header().clone();
        // Linux's rule for a user who is not root: the archive's mode less the umask.
        let mode = header.mode().unwrap_or(0o644) & 0o7777 & !uucore::mode::get_umask();
        let fail = |this: &mut Extractor, what: &str, e: io::Error| {
            eprintln!("tar: {raw}: {what}: {}", fsext::message(&e));
            this.code = FAILED;
        };
        if let Some(parent) = dest.parent() {
            if let Err(e) = fs::create_dir_all(parent) {
                fail(self, "Cannot mkdir", e);
                return Ok(());
            }
        }
        match header.entry_type() {
            EntryType::Directory => {
                // A symlink where the directory goes is replaced, as GNU does.
                if is_symlink(&dest) {
                    let _ = fs::remove_file(&dest);
                }
                match fs::create_dir(&dest) {
                    Ok(()) => {}
                    Err(e) if e.kind() == io::ErrorKind::AlreadyExists && dest.is_dir() => {}
                    Err(e) => return Ok(fail(self, "Cannot mkdir", e)),
                }
                let _ = fsext::chmod(&dest, mode);
            }
            EntryType::Symlink => {
                let Some(target) = entry.link_name()? else { return Ok(()) };
                self.symlinks.push((dest, target.into_owned()));
            }
            EntryType::Link => {
                let Some(target) = entry.link_name()? else { return Ok(()) };
                let target = target.to_string_lossy().into_owned();
                let Some((from, from_rel)) = self.destination(&target) else { return Ok(()) };
                if self.through_symlink(&target, &from_rel) || is_symlink(&from) {
                    return Ok(());
                }
                let _ = remove_existing(&dest);
                if let Err(e) = fs::hard_link(&from, &dest) {
                    fail(self, "Cannot hard link", e);
                }
            }
            EntryType::Regular | EntryType::Continuous | EntryType::GNUSparse => {
                // An existing file is replaced, never written through (it may be a link).
                let _ = remove_existing(&dest);
                let written =
                    File::options().write(true).create_new(true).open(&dest).and_then(|mut f| {
                        io::copy(entry, &mut f)?;
                        if let Ok(mtime) = header.mtime() {
                            let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(mtime);
                            let _ = f.set_modified(t);
                        }
                        Ok(())
                    });
                match written {
                    Ok(()) => {
                        let _ = fsext::chmod(&dest, mode);
                    }
                    Err(e) => fail(self, "Cannot open", e),
                }
            }
            other => {
                eprintln!("tar: {raw}: Unsupported member type {other:?}: skipped");
                self.code = FAILED;
            }
        }
        Ok(())
    }

    /// Makes the symlinks held back: nothing of the archive was written through them.
    fn finish(&mut self) {
        for (dest, target) in std::mem::take(&mut self.symlinks) {
            let _ = remove_existing(&dest);
            if let Err(e) = symlink(&target, &dest) {
                eprintln!("tar: {}: Cannot create symlink: {}", dest.display(), fsext::message(&e));
                self.code = FAILED;
            }
        }
    }
}

fn is_symlink(p: &Path) -> bool {
    fs::symlink_metadata(p).map(|m| m.file_type().is_symlink()).unwrap_or(false)
}

/// Removes a file or symlink (not a directory) in the way of a new member.
fn remove_existing(p: &Path) -> io::Result<()> {
    match fs::symlink_metadata(p) {
        Ok(m) if !m.is_dir() => fs::remove_file(p),
        _ => Ok(()),
    }
}

/// std's `symlink_path` is unstable on WASI; uutils ln's is wasi-libc's `symlink`.
fn symlink(target: &Path, at: &Path) -> io::Result<()> {
    uu_ln::symlink(target, at)
}
