//! `/proc`, answered for the process that asks.
//!
//! Only the caller itself is visible: `/proc/self` is a symlink to `/proc/<its pid>`,
//! and every other pid is `ENOENT` (the sandbox shows no process another one's
//! descriptors or state). Nothing of the host's `/proc` is ever reachable: every entry
//! here is made from the kernel's own tables.
//!
//! | path | what |
//! | --- | --- |
//! | `/proc/self` | symlink to `<pid>` |
//! | `/proc/<pid>/fd/` | the caller's open descriptors |
//! | `/proc/<pid>/fd/N` | symlink to the descriptor's sandbox path; `pipe:[ino]` or `host:[stdout]` (not followable) for objects without one |
//! | `/proc/<pid>/cwd` | symlink to the working directory |
//! | `/proc/<pid>/status` | `Name`, `Umask`, `State`, `Tgid`, `Pid`, `PPid`, `Uid`, `Gid`, `FDSize` as Linux formats them |
//! | `/proc/<pid>/cmdline` | the arguments, each ending in NUL |
//! | `/proc/<pid>/mounts` | the sandbox's mount table, in Linux's format (host paths are not shown) |
//!
//! Opening `/proc/<pid>/fd/N` of a descriptor with a path opens that path again (a new
//! open file description, checked like any open); of one without (a pipe, the kernel's
//! stdio) it shares the descriptor's open file description, as a `dup` would (Linux
//! makes a new description of the same pipe; `docs/vfs.md`).

use std::sync::Arc;

use syscall_proto::fd::{DirEntry, FileStat, FileType};
use syscall_proto::Errno;

use super::path::{Lookup, VPath};
use super::skeleton::{SANDBOX_GID, SANDBOX_UID};
use super::{Object, Vfs};
use crate::fd::OpenFile;
use crate::process::Process;

/// `st_dev` of `/proc` and its entries.
pub const DEV: u64 = 3;

const FILES: &[&str] = &["cmdline", "mounts", "status"];

/// What a path below `/proc` names.
enum Node {
    Root,
    SelfLink,
    PidDir,
    FdDir,
    Fd(i32, Arc<OpenFile>),
    Cwd,
    File(&'static str),
}

fn parse(process: Option<&Process>, rel: &[Vec<u8>]) -> Option<Node> {
    let (first, rest) = match rel.split_first() {
        None => return Some(Node::Root),
        Some(x) => x,
    };
    if first == b"self" && rest.is_empty() {
        return process.map(|_| Node::SelfLink);
    }
    let process = process?;
    if first.as_slice() != process.pid.to_string().as_bytes() {
        return None;
    }
    match rest {
        [] => Some(Node::PidDir),
        [n] if n == b"fd" => Some(Node::FdDir),
        [n] if n == b"cwd" => Some(Node::Cwd),
        [n] => FILES.iter().find(|f| f.as_bytes() == n.as_slice()).map(|f| Node::File(f)),
        [d, n] if d == b"fd" => {
            let fd: i32 = std::str::from_utf8(n).ok()?.parse().ok()?;
            // "007" is not a descriptor's name.
            if fd.to_string().as_bytes() != n.as_slice() {
                return None;
            }
            process.fds().get(fd).ok().map(|f| Node::Fd(fd, f))
        }
        _ => None,
    }
}

/// Where a descriptor's link points: a sandbox path, or a label that resolves nowhere.
enum Link {
    Path(VPath),
    Label(Vec<u8>),
}

fn link_of(vfs: &Vfs, file: &OpenFile) -> Link {
    match &file.object {
        Object::Stdio(n) => {
            let name = ["stdin", "stdout", "stderr"].get(*n as usize).copied().unwrap_or("stdio");
            Link::Label(format!("host:[{name}]").into_bytes())
        }
        Object::PipeRead(end) => Link::Label(format!("pipe:[{}]", end.stat().ino).into_bytes()),
        Object::PipeWrite(end) => Link::Label(format!("pipe:[{}]", end.stat().ino).into_bytes()),
        _ => Link::Path(vfs.current_path(file).unwrap_or_else(|_| file.path.clone())),
    }
}

pub fn lookup(vfs: &Vfs, process: Option<&Process>, rel: &[Vec<u8>]) -> Lookup {
    match parse(process, rel) {
        None => Lookup::Missing,
        Some(Node::Root | Node::PidDir | Node::FdDir) => Lookup::Directory,
        Some(Node::File(_)) => Lookup::Other,
        Some(Node::SelfLink) => {
            Lookup::Symlink(process.map_or(0, |p| p.pid).to_string().into_bytes())
        }
        Some(n @ (Node::Cwd | Node::Fd(..))) => match target(vfs, process, &n) {
            Some(Link::Path(p)) => Lookup::Symlink(p.to_bytes()),
            Some(Link::Label(_)) => Lookup::Other,
            None => Lookup::Missing,
        },
    }
}

fn target(vfs: &Vfs, process: Option<&Process>, node: &Node) -> Option<Link> {
    let process = process?;
    Some(match node {
        Node::SelfLink => Link::Label(process.pid.to_string().into_bytes()),
        Node::Cwd => Link::Path(process.cwd()),
        Node::Fd(_, file) => link_of(vfs, file),
        _ => return None,
    })
}

pub fn readlink(vfs: &Vfs, process: Option<&Process>, rel: &[Vec<u8>]) -> Result<Vec<u8>, Errno> {
    let node = parse(process, rel).ok_or(Errno::ENOENT)?;
    match target(vfs, process, &node).ok_or(Errno::EINVAL)? {
        Link::Path(p) => Ok(p.to_bytes()),
        Link::Label(l) => Ok(l),
    }
}

fn ino(process: Option<&Process>, node: &Node) -> u64 {
    let base = process.map_or(0, |p| u64::from(p.pid) << 20);
    match node {
        Node::Root => 1,
        Node::SelfLink => 2,
        Node::PidDir => base + 1,
        Node::FdDir => base + 2,
        Node::Cwd => base + 3,
        Node::File(f) => base + 4 + FILES.iter().position(|x| x == f).unwrap_or(0) as u64,
        Node::Fd(n, _) => base + 64 + *n as u64,
    }
}

pub fn stat(process: Option<&Process>, rel: &[Vec<u8>]) -> Result<FileStat, Errno> {
    let node = parse(process, rel).ok_or(Errno::ENOENT)?;
    let (kind, mode, size) = match &node {
        Node::Root | Node::PidDir => (FileType::Directory, 0o555, 0),
        Node::FdDir => (FileType::Directory, 0o500, 0),
        Node::File(_) => (FileType::Regular, 0o444, 0),
        Node::SelfLink | Node::Cwd => (FileType::Symlink, 0o777, 0),
        Node::Fd(..) => (FileType::Symlink, 0o700, 64),
    };
    let (uid, gid) = if matches!(node, Node::Root | Node::SelfLink) {
        (0, 0)
    } else {
        (SANDBOX_UID, SANDBOX_GID)
    };
    Ok(FileStat {
        dev: DEV,
        ino: ino(process, &node),
        kind,
        mode,
        nlink: if kind == FileType::Directory { 2 } else { 1 },
        uid,
        gid,
        size,
        blksize: 1024,
        blocks: 0,
        atime: 0,
        mtime: 0,
        ctime: 0,
    })
}

/// The type of what opening `rel` reaches: a descriptor without a path is the object
/// itself (a pipe is a FIFO), not the symlink lstat shows.
pub fn open_kind(process: Option<&Process>, rel: &[Vec<u8>]) -> Result<FileType, Errno> {
    match parse(process, rel).ok_or(Errno::ENOENT)? {
        Node::Fd(_, file) => Ok(match file.object {
            Object::PipeRead(_) | Object::PipeWrite(_) => FileType::Fifo,
            _ => FileType::CharDevice,
        }),
        _ => stat(process, rel).map(|s| s.kind),
    }
}

/// What opening a path below `/proc` gives.
pub enum Opened {
    /// A generated file's contents, as of the open.
    File(Vec<u8>),
    Dir,
    /// A descriptor without a path, shared (`/proc/<pid>/fd/N` of a pipe).
    Shared(Arc<OpenFile>),
}

pub fn open(vfs: &Vfs, process: Option<&Process>, rel: &[Vec<u8>]) -> Result<Opened, Errno> {
    let node = parse(process, rel).ok_or(Errno::ENOENT)?;
    let process = process.ok_or(Errno::ENOENT)?;
    Ok(match node {
        Node::Root | Node::PidDir | Node::FdDir => Opened::Dir,
        Node::File(name) => Opened::File(generate(vfs, process, name)),
        Node::Fd(_, file) => Opened::Shared(file),
        Node::SelfLink | Node::Cwd => return Err(Errno::ELOOP),
    })
}

fn generate(vfs: &Vfs, process: &Process, name: &str) -> Vec<u8> {
    match name {
        "cmdline" => process.start.argv.iter().flat_map(|a| a.iter().copied().chain([0])).collect(),
        "mounts" => vfs.mount_table(),
        _ => {
            let program = &process.start.program;
            let base = program.rsplit(|&b| b == b'/').next().unwrap_or(program);
            // The kernel keeps 15 bytes of a command name (TASK_COMM_LEN - 1).
            let comm = String::from_utf8_lossy(&base[..base.len().min(15)]).into_owned();
            let pid = process.pid;
            let (u, g) = (SANDBOX_UID, SANDBOX_GID);
            let fdsize = process.fds().limit();
            // The sandbox has no process tree yet: every process is its sandbox's
            // first (PPid 0, like pid 1 of a pid namespace).
            format!(
                "Name:\t{comm}\nUmask:\t0022\nState:\tR (running)\nTgid:\t{pid}\nPid:\t{pid}\n\
                 PPid:\t0\nUid:\t{u}\t{u}\t{u}\t{u}\nGid:\t{g}\t{g}\t{g}\t{g}\nFDSize:\t{fdsize}\n"
            )
            .into_bytes()
        }
    }
}

pub fn read_dir(
    process: Option<&Process>,
    rel: &[Vec<u8>],
    cookie: u64,
    max: usize,
) -> Result<Vec<DirEntry>, Errno> {
    let node = parse(process, rel).ok_or(Errno::ENOENT)?;
    let mut names: Vec<(Vec<u8>, FileType)> =
        vec![(b".".to_vec(), FileType::Directory), (b"..".to_vec(), FileType::Directory)];
    match (&node, process) {
        (Node::Root, Some(p)) => {
            names.push((p.pid.to_string().into_bytes(), FileType::Directory));
            names.push((b"self".to_vec(), FileType::Symlink));
        }
        (Node::PidDir, _) => {
            names.push((b"cmdline".to_vec(), FileType::Regular));
            names.push((b"cwd".to_vec(), FileType::Symlink));
            names.push((b"fd".to_vec(), FileType::Directory));
            names.push((b"mounts".to_vec(), FileType::Regular));
            names.push((b"status".to_vec(), FileType::Regular));
        }
        (Node::FdDir, Some(p)) => {
            let fds = p.fds().numbers();
            names.extend(fds.into_iter().map(|n| (n.to_string().into_bytes(), FileType::Symlink)));
        }
        (Node::Root, None) => {}
        _ => return Err(Errno::ENOTDIR),
    }
    Ok(names
        .into_iter()
        .enumerate()
        .skip(usize::try_from(cookie).unwrap_or(usize::MAX))
        .take(max)
        .map(|(pos, (name, kind))| DirEntry {
            next: pos as u64 + 1,
            ino: pos as u64 + 1,
            kind,
            name,
        })
        .collect())
}
