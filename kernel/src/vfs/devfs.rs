//! `/dev`: the devices every program expects, as kernel objects.
//!
//! | name | behaviour |
//! | --- | --- |
//! | `null` | reads are end of file; writes succeed and vanish |
//! | `zero` | reads are zeros; writes vanish |
//! | `full` | reads are zeros; writes are `ENOSPC` |
//! | `random`, `urandom` | reads are the host's `getrandom(2)`; writes vanish (Linux mixes them in) |
//! | `tty` | `ENXIO`: a sandboxed process has no controlling terminal |
//! | `stdin`, `stdout`, `stderr` | symlinks to `/proc/self/fd/0`, `1`, `2` |
//! | `fd` | symlink to `/proc/self/fd` |
//!
//! Nothing can be created, removed or renamed here (`EACCES`).

use syscall_proto::fd::{DirEntry, FileStat, FileType};
use syscall_proto::Errno;

use super::path::Lookup;

/// `st_dev` of `/dev` and its entries.
pub const DEV: u64 = 2;

/// A character device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Device {
    Null,
    Zero,
    Full,
    Random,
    Urandom,
}

enum Entry {
    Device(Device),
    /// `/dev/tty`: exists, cannot be opened.
    Tty,
    Symlink(&'static str),
}

/// The entries of `/dev`, sorted by name (listing order), with their inode numbers.
const ENTRIES: &[(&str, Entry)] = &[
    ("fd", Entry::Symlink("/proc/self/fd")),
    ("full", Entry::Device(Device::Full)),
    ("null", Entry::Device(Device::Null)),
    ("random", Entry::Device(Device::Random)),
    ("stderr", Entry::Symlink("/proc/self/fd/2")),
    ("stdin", Entry::Symlink("/proc/self/fd/0")),
    ("stdout", Entry::Symlink("/proc/self/fd/1")),
    ("tty", Entry::Tty),
    ("urandom", Entry::Device(Device::Urandom)),
    ("zero", Entry::Device(Device::Zero)),
];

fn find(rel: &[Vec<u8>]) -> Option<(usize, &'static Entry)> {
    match rel {
        [name] => ENTRIES
            .iter()
            .enumerate()
            .find(|(_, (n, _))| n.as_bytes() == name.as_slice())
            .map(|(i, (_, e))| (i, e)),
        _ => None,
    }
}

/// `rel` is below `/dev`.
pub fn lookup(rel: &[Vec<u8>]) -> Lookup {
    if rel.is_empty() {
        return Lookup::Directory;
    }
    match find(rel) {
        Some((_, Entry::Symlink(t))) => Lookup::Symlink(t.as_bytes().to_vec()),
        Some(_) => Lookup::Other,
        None => Lookup::Missing,
    }
}

fn entry_kind(e: &Entry) -> FileType {
    match e {
        Entry::Symlink(_) => FileType::Symlink,
        _ => FileType::CharDevice,
    }
}

pub fn stat(rel: &[Vec<u8>]) -> Result<FileStat, Errno> {
    let (ino, kind, mode, size) = if rel.is_empty() {
        (1, FileType::Directory, 0o755, 4096)
    } else {
        let (i, e) = find(rel).ok_or(Errno::ENOENT)?;
        let (mode, size) = match e {
            Entry::Symlink(t) => (0o777, t.len() as u64),
            _ => (0o666, 0),
        };
        (i as u64 + 2, entry_kind(e), mode, size)
    };
    Ok(FileStat {
        dev: DEV,
        ino,
        kind,
        mode,
        nlink: if kind == FileType::Directory { 2 } else { 1 },
        uid: 0,
        gid: 0,
        size,
        blksize: 4096,
        blocks: 0,
        atime: 0,
        mtime: 0,
        ctime: 0,
    })
}

pub fn readlink(rel: &[Vec<u8>]) -> Result<Vec<u8>, Errno> {
    match find(rel) {
        Some((_, Entry::Symlink(t))) => Ok(t.as_bytes().to_vec()),
        Some(_) => Err(Errno::EINVAL),
        None if rel.is_empty() => Err(Errno::EINVAL),
        None => Err(Errno::ENOENT),
    }
}

/// The device at `rel` to open; `ENXIO` for `/dev/tty`.
pub fn open(rel: &[Vec<u8>]) -> Result<Device, Errno> {
    match find(rel) {
        Some((_, Entry::Device(d))) => Ok(*d),
        Some((_, Entry::Tty)) => Err(Errno::ENXIO),
        Some((_, Entry::Symlink(_))) => Err(Errno::ELOOP),
        None => Err(Errno::ENOENT),
    }
}

pub fn read_dir(cookie: u64, max: usize) -> Vec<DirEntry> {
    let dots = [(".", 1, FileType::Directory), ("..", 1, FileType::Directory)];
    dots.into_iter()
        .chain(ENTRIES.iter().enumerate().map(|(i, (n, e))| (*n, i as u64 + 2, entry_kind(e))))
        .enumerate()
        .skip(usize::try_from(cookie).unwrap_or(usize::MAX))
        .take(max)
        .map(|(pos, (name, ino, kind))| DirEntry {
            next: pos as u64 + 1,
            ino,
            kind,
            name: name.as_bytes().to_vec(),
        })
        .collect()
}

impl Device {
    /// read(2) of `len` bytes.
    pub fn read(self, len: usize) -> Result<Vec<u8>, Errno> {
        match self {
            Device::Null => Ok(Vec::new()),
            Device::Zero | Device::Full => Ok(vec![0; len]),
            Device::Random | Device::Urandom => {
                let mut buf = vec![0; len];
                crate::syscalls::random::fill(&mut buf)?;
                Ok(buf)
            }
        }
    }

    /// write(2): the count written.
    pub fn write(self, len: usize) -> Result<u64, Errno> {
        match self {
            Device::Full => Err(Errno::ENOSPC),
            _ => Ok(len as u64),
        }
    }

    pub fn stat(self) -> FileStat {
        let name = match self {
            Device::Null => "null",
            Device::Zero => "zero",
            Device::Full => "full",
            Device::Random => "random",
            Device::Urandom => "urandom",
        };
        stat(&[name.as_bytes().to_vec()]).expect("every device is listed")
    }
}
