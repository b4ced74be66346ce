//! The in-memory file system: the sandbox's root, `/tmp`, the directories that hold
//! mount points, and every `tmpfs` mount (each its own instance, with its own capacity
//! and device number).
//!
//! One mutex guards the whole tree (directory structure and file contents). Nothing in
//! here blocks or calls out while holding it, and no other lock is taken under it, so
//! it sits last in the kernel's lock order.
//!
//! Inodes carry a mode, an owner and three times. The mode bits are enforced for the
//! one sandbox user ([`SANDBOX_UID`], not root): reading or writing a file, listing a
//! directory, and adding or removing names in a directory (write and search on it).
//! Search permission on the directories along a path is not checked (`docs/vfs.md`).

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use syscall_proto::fd::{DirEntry, FileStat, FileType, SetTime};
use syscall_proto::Errno;

use super::chunks::Chunks;
use super::path::{Lookup, VPath};
use super::skeleton::{SANDBOX_GID, SANDBOX_UID};
use super::time::now_nanos;

const ROOT_INO: u64 = 1;

/// Access wanted, as the `rwx` bits of one class.
pub mod access {
    pub const R: u32 = 4;
    pub const W: u32 = 2;
    pub const X: u32 = 1;
}

const S_ISUID: u32 = 0o4000;
const S_ISGID: u32 = 0o2000;

#[derive(Debug)]
enum Kind {
    Dir(BTreeMap<Vec<u8>, u64>),
    File(Chunks),
    Symlink(Vec<u8>),
}

#[derive(Debug)]
struct Inode {
    kind: Kind,
    /// Permission bits (`0o7777`).
    mode: u32,
    uid: u32,
    gid: u32,
    nlink: u64,
    /// Open descriptions referring to it: an unlinked inode lives until the last closes.
    open: u64,
    parent: u64,
    atime: i64,
    mtime: i64,
    ctime: i64,
}

/// Who makes an inode: the kernel (its skeleton, root's) or the sandboxed program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Maker {
    Kernel,
    Program,
}

impl Inode {
    fn new(kind: Kind, mode: u32, parent: u64, maker: Maker) -> Inode {
        let now = now_nanos();
        let (uid, gid) = match maker {
            Maker::Kernel => (0, 0),
            Maker::Program => (SANDBOX_UID, SANDBOX_GID),
        };
        let nlink = if matches!(kind, Kind::Dir(_)) { 2 } else { 1 };
        Inode {
            kind,
            mode: mode & 0o7777,
            uid,
            gid,
            nlink,
            open: 0,
            parent,
            atime: now,
            mtime: now,
            ctime: now,
        }
    }

    fn file_type(&self) -> FileType {
        match self.kind {
            Kind::Dir(_) => FileType::Directory,
            Kind::File(_) => FileType::Regular,
            Kind::Symlink(_) => FileType::Symlink,
        }
    }

    /// Whether the sandbox user may do `want` ([`access`] bits) to it. Only the
    /// program's own inodes are judged by their mode: the kernel's (root's: the
    /// skeleton) are guarded by the policy alone, which is read-only there unless a
    /// rule allows more, so a rule that allows creating `/out.txt` works.
    fn permits(&self, want: u32) -> bool {
        if !self.owned() {
            return true;
        }
        (self.mode >> 6) & want == want
    }

    fn owned(&self) -> bool {
        self.uid == SANDBOX_UID
    }

    fn touch(&mut self) {
        let now = now_nanos();
        self.mtime = now;
        self.ctime = now;
    }
}

#[derive(Debug)]
struct Tree {
    inodes: HashMap<u64, Inode>,
    next_ino: u64,
    /// Bytes held by file contents, against `capacity.bytes`.
    bytes: u64,
    /// Inodes the kernel made (the root, the skeleton, mount points): not counted
    /// against `capacity.inodes`.
    kernel_inodes: usize,
    capacity: Capacity,
}

/// Capacity of an in-memory file system, so that a program filling `/tmp` gets
/// `ENOSPC` instead of exhausting the kernel's memory: `[limits] fs_bytes` and
/// `fs_inodes` for the root (defaults 256 MiB and 65,536), `size_mb` and `inodes` of a
/// `tmpfs` mount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capacity {
    /// Bytes of file contents (holes in sparse files cost nothing).
    pub bytes: u64,
    /// Inodes the program makes; the kernel's own (the root, the skeleton, the
    /// directories that hold mount points) do not count.
    pub inodes: usize,
}

impl Default for Capacity {
    fn default() -> Self {
        let l = policies::Limits::default();
        Capacity { bytes: l.fs_bytes, inodes: l.fs_inodes as usize }
    }
}

/// An in-memory file system.
#[derive(Debug)]
pub struct MemFs {
    tree: Mutex<Tree>,
    /// `st_dev` of its inodes.
    dev: u64,
}

impl Default for MemFs {
    fn default() -> Self {
        MemFs::new(Capacity::default(), 1)
    }
}

impl MemFs {
    /// An empty file system (a root directory of `root_mode`, owned by root) of
    /// `capacity`, whose inodes report `st_dev` `dev`.
    pub fn new(capacity: Capacity, dev: u64) -> MemFs {
        MemFs::with_root(capacity, dev, 0o755)
    }

    /// [`MemFs::new`] with the root's mode given (a `tmpfs` mount's root is 1777).
    pub fn with_root(capacity: Capacity, dev: u64, root_mode: u32) -> MemFs {
        let mut inodes = HashMap::new();
        inodes.insert(
            ROOT_INO,
            Inode::new(Kind::Dir(BTreeMap::new()), root_mode, ROOT_INO, Maker::Kernel),
        );
        let tree = Tree { inodes, next_ino: ROOT_INO + 1, bytes: 0, kernel_inodes: 1, capacity };
        MemFs { tree: Mutex::new(tree), dev }
    }

    /// Its capacity.
    pub fn capacity(&self) -> Capacity {
        self.tree().capacity
    }

    /// Bytes of file contents held now.
    pub fn used_bytes(&self) -> u64 {
        self.tree().bytes
    }

    /// The capacity, the bytes of file contents and the inodes held now (the kernel's
    /// own not counted), read under one lock so they agree.
    pub fn usage(&self) -> (Capacity, u64, usize) {
        let t = self.tree();
        (t.capacity, t.bytes, t.used_inodes())
    }
}

impl Tree {
    /// Inodes held against `capacity.inodes` (the kernel's own not counted).
    fn used_inodes(&self) -> usize {
        self.inodes.len().saturating_sub(self.kernel_inodes)
    }

    fn get(&self, ino: u64) -> Result<&Inode, Errno> {
        self.inodes.get(&ino).ok_or(Errno::ENOENT)
    }

    fn get_mut(&mut self, ino: u64) -> Result<&mut Inode, Errno> {
        self.inodes.get_mut(&ino).ok_or(Errno::ENOENT)
    }

    /// The inode at an already-resolved path (no symlinks on the way).
    fn walk(&self, path: &VPath) -> Result<u64, Errno> {
        let mut ino = ROOT_INO;
        for name in path.components() {
            match &self.get(ino)?.kind {
                Kind::Dir(entries) => ino = *entries.get(name).ok_or(Errno::ENOENT)?,
                _ => return Err(Errno::ENOTDIR),
            }
        }
        Ok(ino)
    }

    fn entries(&self, ino: u64) -> Result<&BTreeMap<Vec<u8>, u64>, Errno> {
        match &self.get(ino)?.kind {
            Kind::Dir(e) => Ok(e),
            _ => Err(Errno::ENOTDIR),
        }
    }

    fn entries_mut(&mut self, ino: u64) -> Result<&mut BTreeMap<Vec<u8>, u64>, Errno> {
        match &mut self.get_mut(ino)?.kind {
            Kind::Dir(e) => Ok(e),
            _ => Err(Errno::ENOTDIR),
        }
    }

    /// Parent inode and final name of a path.
    fn parent_of<'p>(&self, path: &'p VPath) -> Result<(u64, &'p [u8]), Errno> {
        let name = path.file_name().ok_or(Errno::EBUSY)?;
        let parent = self.walk(&path.parent())?;
        self.entries(parent)?;
        Ok((parent, name))
    }

    /// `EACCES` unless the sandbox user may add or remove names in directory `dir`.
    fn may_change(&self, dir: u64) -> Result<(), Errno> {
        if self.get(dir)?.permits(access::W | access::X) {
            Ok(())
        } else {
            Err(Errno::EACCES)
        }
    }

    /// `EACCES` unless a name `child` may be removed from (or replaced in) `dir`: write
    /// and search on it. (The sticky bit of `/tmp` protects nothing here: every entry
    /// the program can reach there is its own.)
    fn may_remove(&self, dir: u64, child: u64) -> Result<(), Errno> {
        self.may_change(dir)?;
        self.get(child).map(drop)
    }

    fn insert(
        &mut self,
        parent: u64,
        name: &[u8],
        kind: Kind,
        mode: u32,
        maker: Maker,
    ) -> Result<u64, Errno> {
        if maker == Maker::Program {
            if self.used_inodes() >= self.capacity.inodes {
                return Err(Errno::ENOSPC);
            }
            self.may_change(parent)?;
        }
        let ino = self.next_ino;
        let is_dir = matches!(kind, Kind::Dir(_));
        let entries = self.entries_mut(parent)?;
        if entries.contains_key(name) {
            return Err(Errno::EEXIST);
        }
        entries.insert(name.to_vec(), ino);
        self.next_ino += 1;
        self.inodes.insert(ino, Inode::new(kind, mode, parent, maker));
        if maker == Maker::Kernel {
            self.kernel_inodes += 1;
        }
        let p = self.get_mut(parent)?;
        p.touch();
        if is_dir {
            p.nlink += 1;
        }
        Ok(ino)
    }

    fn drop_link(&mut self, ino: u64) {
        if let Some(inode) = self.inodes.get_mut(&ino) {
            inode.nlink = inode.nlink.saturating_sub(1);
            inode.ctime = now_nanos();
            if inode.nlink == 0 && inode.open == 0 {
                self.free(ino);
            }
        }
    }

    fn free(&mut self, ino: u64) {
        if let Some(Inode { kind: Kind::File(data), .. }) = self.inodes.remove(&ino) {
            self.bytes -= data.stored();
        }
    }

    fn file_mut(&mut self, ino: u64) -> Result<&mut Chunks, Errno> {
        match &mut self.get_mut(ino)?.kind {
            Kind::File(c) => Ok(c),
            Kind::Dir(_) => Err(Errno::EISDIR),
            Kind::Symlink(_) => Err(Errno::EINVAL),
        }
    }

    fn stat(&self, ino: u64, dev: u64) -> Result<FileStat, Errno> {
        let i = self.get(ino)?;
        let (size, stored) = match &i.kind {
            Kind::Dir(e) => {
                let s = 4096.max(e.len() as u64 * 32);
                (s, s)
            }
            Kind::File(d) => (d.size(), d.stored()),
            Kind::Symlink(t) => (t.len() as u64, 0),
        };
        Ok(FileStat {
            dev,
            ino,
            kind: i.file_type(),
            mode: i.mode,
            nlink: i.nlink,
            uid: i.uid,
            gid: i.gid,
            size,
            blksize: 4096,
            blocks: stored.div_ceil(512),
            atime: i.atime,
            mtime: i.mtime,
            ctime: i.ctime,
        })
    }
}

impl MemFs {
    fn tree(&self) -> std::sync::MutexGuard<'_, Tree> {
        // A panic while holding the lock is a kernel bug; the tree itself is still
        // consistent (every mutation is a single step), so keep serving.
        self.tree.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn dev(&self) -> u64 {
        self.dev
    }

    pub fn lookup(&self, path: &VPath) -> Result<Lookup, Errno> {
        let t = self.tree();
        match t.walk(path) {
            Ok(ino) => Ok(match &t.get(ino)?.kind {
                Kind::Dir(_) => Lookup::Directory,
                Kind::Symlink(target) => Lookup::Symlink(target.clone()),
                Kind::File(_) => Lookup::Other,
            }),
            Err(Errno::ENOENT) => Ok(Lookup::Missing),
            Err(e) => Err(e),
        }
    }

    /// `mkdir -p` for kernel setup (the skeleton, mount points), past the inode limit,
    /// owned by root.
    pub fn ensure_dir(&self, path: &VPath, mode: u32) {
        let mut t = self.tree();
        let mut ino = ROOT_INO;
        for name in path.components() {
            let existing = match t.entries(ino) {
                Ok(e) => e.get(name).copied(),
                Err(_) => return,
            };
            ino = match existing {
                Some(i) => i,
                None => {
                    let dir = Kind::Dir(BTreeMap::new());
                    match t.insert(ino, name, dir, 0o755, Maker::Kernel) {
                        Ok(i) => i,
                        Err(_) => return,
                    }
                }
            };
        }
        if let Some(i) = t.inodes.get_mut(&ino) {
            i.mode = mode & 0o7777;
        }
    }

    /// A root-owned file of the skeleton (`/etc/passwd`), made once at setup.
    pub fn ensure_file(&self, path: &VPath, mode: u32, contents: &[u8]) {
        let mut t = self.tree();
        let Ok((parent, name)) = t.parent_of(path) else { return };
        let mut chunks = Chunks::default();
        if chunks.write(0, contents).is_err() {
            return;
        }
        let stored = chunks.stored();
        if t.insert(parent, name, Kind::File(chunks), mode, Maker::Kernel).is_ok() {
            t.bytes += stored;
        }
    }

    /// Opens (and with `create`, creates with that mode) the inode at `path`, counting
    /// the open. An existing inode must permit `want` ([`access`] bits); a new one is
    /// opened whatever its mode, as on Linux.
    pub fn open(
        &self,
        path: &VPath,
        create: Option<u32>,
        excl: bool,
        want: u32,
    ) -> Result<u64, Errno> {
        let mut t = self.tree();
        let ino = match t.walk(path) {
            Ok(_) if excl && create.is_some() => return Err(Errno::EEXIST),
            Ok(ino) => {
                if !t.get(ino)?.permits(want) {
                    return Err(Errno::EACCES);
                }
                ino
            }
            Err(Errno::ENOENT) => {
                let mode = create.ok_or(Errno::ENOENT)?;
                let (parent, name) = t.parent_of(path)?;
                t.insert(parent, name, Kind::File(Chunks::default()), mode, Maker::Program)?
            }
            Err(e) => return Err(e),
        };
        t.get_mut(ino)?.open += 1;
        Ok(ino)
    }

    /// Releases one open of `ino`; frees it if it was unlinked.
    pub fn close(&self, ino: u64) {
        let mut t = self.tree();
        if let Some(i) = t.inodes.get_mut(&ino) {
            i.open = i.open.saturating_sub(1);
            if i.nlink == 0 && i.open == 0 {
                t.free(ino);
            }
        }
    }

    pub fn is_dir(&self, ino: u64) -> bool {
        matches!(self.tree().inodes.get(&ino).map(|i| &i.kind), Some(Kind::Dir(_)))
    }

    pub fn stat_path(&self, path: &VPath) -> Result<FileStat, Errno> {
        let t = self.tree();
        let ino = t.walk(path)?;
        t.stat(ino, self.dev)
    }

    pub fn stat(&self, ino: u64) -> Result<FileStat, Errno> {
        self.tree().stat(ino, self.dev)
    }

    /// Where directory `ino` is now, relative to this file system's root, found through
    /// its parent links; `ENOENT` once it has been removed.
    pub fn path_of(&self, ino: u64) -> Result<VPath, Errno> {
        let t = self.tree();
        let mut names = Vec::new();
        let mut at = ino;
        while at != ROOT_INO {
            let inode = t.get(at)?;
            if inode.nlink == 0 {
                return Err(Errno::ENOENT);
            }
            let parent = inode.parent;
            let name = t
                .entries(parent)?
                .iter()
                .find(|(_, &i)| i == at)
                .map(|(n, _)| n.clone())
                .ok_or(Errno::ENOENT)?;
            names.push(name);
            at = parent;
            if names.len() > 4096 {
                return Err(Errno::ELOOP); // a broken tree; never expected
            }
        }
        let mut p = VPath::root();
        for n in names.into_iter().rev() {
            p.push(n);
        }
        Ok(p)
    }

    pub fn read_at(&self, ino: u64, offset: u64, len: usize) -> Result<Vec<u8>, Errno> {
        let mut t = self.tree();
        let i = t.get_mut(ino)?;
        i.atime = now_nanos();
        match &i.kind {
            Kind::File(data) => Ok(data.read(offset, len)),
            Kind::Dir(_) => Err(Errno::EISDIR),
            Kind::Symlink(_) => Err(Errno::EINVAL),
        }
    }

    /// Writes at `offset`, or at the end with `append`. Returns the end offset.
    pub fn write_at(
        &self,
        ino: u64,
        offset: u64,
        append: bool,
        bytes: &[u8],
        max_size: u64,
    ) -> Result<u64, Errno> {
        let mut t = self.tree();
        let (used, max) = (t.bytes, t.capacity.bytes);
        let data = t.file_mut(ino)?;
        let start = if append { data.size() } else { offset };
        let end = start.checked_add(bytes.len() as u64).ok_or(Errno::EFBIG)?;
        if end > max_size {
            return Err(Errno::EFBIG);
        }
        if used + data.growth(start, bytes.len()) > max {
            return Err(Errno::ENOSPC);
        }
        let before = data.stored();
        let result = data.write(start, bytes);
        let after = data.stored();
        t.bytes = used + after - before;
        result?;
        t.get_mut(ino)?.touch();
        Ok(end)
    }

    /// ftruncate(2). Growing makes a hole, which costs nothing.
    pub fn set_size(&self, ino: u64, size: u64, max_size: u64) -> Result<(), Errno> {
        if size > max_size {
            return Err(Errno::EFBIG);
        }
        let mut t = self.tree();
        let data = t.file_mut(ino)?;
        let before = data.stored();
        data.set_size(size);
        let freed = before - data.stored();
        t.bytes -= freed;
        t.get_mut(ino)?.touch();
        Ok(())
    }

    /// `EACCES` unless the sandbox user may do `want` ([`access`] bits) to `ino`.
    pub fn permits(&self, ino: u64, want: u32) -> Result<(), Errno> {
        if self.tree().get(ino)?.permits(want) {
            Ok(())
        } else {
            Err(Errno::EACCES)
        }
    }

    /// utimensat(2): explicit times need the owner (`EPERM`); "now" the owner or write
    /// permission (`EACCES`).
    pub fn set_times(&self, ino: u64, atime: SetTime, mtime: SetTime) -> Result<(), Errno> {
        let mut t = self.tree();
        let i = t.get_mut(ino)?;
        let explicit = [atime, mtime].iter().any(|s| matches!(s, SetTime::At(_)));
        let all_omitted = atime == SetTime::Omit && mtime == SetTime::Omit;
        if !i.owned() && !all_omitted {
            if explicit {
                return Err(Errno::EPERM);
            }
            if !i.permits(access::W) {
                return Err(Errno::EACCES);
            }
        }
        let now = now_nanos();
        let pick = |s: SetTime, old: i64| match s {
            SetTime::Omit => old,
            SetTime::Now => now,
            SetTime::At(n) => n,
        };
        i.atime = pick(atime, i.atime);
        i.mtime = pick(mtime, i.mtime);
        i.ctime = now;
        Ok(())
    }

    pub fn set_times_path(
        &self,
        path: &VPath,
        atime: SetTime,
        mtime: SetTime,
    ) -> Result<(), Errno> {
        let ino = self.tree().walk(path)?;
        self.set_times(ino, atime, mtime)
    }

    /// chmod(2): the owner only (`EPERM`).
    pub fn chmod(&self, ino: u64, mode: u32) -> Result<(), Errno> {
        let mut t = self.tree();
        let i = t.get_mut(ino)?;
        if !i.owned() {
            return Err(Errno::EPERM);
        }
        i.mode = mode & 0o7777;
        i.ctime = now_nanos();
        Ok(())
    }

    pub fn chmod_path(&self, path: &VPath, mode: u32) -> Result<(), Errno> {
        let ino = self.tree().walk(path)?;
        self.chmod(ino, mode)
    }

    /// chown(2) as an unprivileged user: only the owner, only to itself and its own
    /// group (`EPERM` otherwise); set-id bits of a regular file are cleared.
    pub fn chown(&self, ino: u64, uid: Option<u32>, gid: Option<u32>) -> Result<(), Errno> {
        let mut t = self.tree();
        let i = t.get_mut(ino)?;
        let uid_ok = uid.is_none_or(|u| u == i.uid && i.owned());
        let gid_ok = gid.is_none_or(|g| i.owned() && (g == i.gid || g == SANDBOX_GID));
        let noop = uid.is_none() && gid.is_none();
        if !(noop || uid_ok && gid_ok && i.owned()) {
            return Err(Errno::EPERM);
        }
        if let Some(g) = gid {
            i.gid = g;
        }
        if matches!(i.kind, Kind::File(_)) && !noop {
            i.mode &= !(S_ISUID | S_ISGID);
        }
        i.ctime = now_nanos();
        Ok(())
    }

    pub fn chown_path(
        &self,
        path: &VPath,
        uid: Option<u32>,
        gid: Option<u32>,
    ) -> Result<(), Errno> {
        let ino = self.tree().walk(path)?;
        self.chown(ino, uid, gid)
    }

    pub fn mkdir(&self, path: &VPath, mode: u32) -> Result<(), Errno> {
        let mut t = self.tree();
        let (parent, name) = t.parent_of(path)?;
        t.insert(parent, name, Kind::Dir(BTreeMap::new()), mode, Maker::Program).map(|_| ())
    }

    pub fn symlink(&self, target: &[u8], path: &VPath) -> Result<(), Errno> {
        let mut t = self.tree();
        let (parent, name) = t.parent_of(path)?;
        let kind = Kind::Symlink(target.to_vec());
        t.insert(parent, name, kind, 0o777, Maker::Program).map(|_| ())
    }

    pub fn readlink(&self, path: &VPath) -> Result<Vec<u8>, Errno> {
        let t = self.tree();
        match &t.get(t.walk(path)?)?.kind {
            Kind::Symlink(target) => Ok(target.clone()),
            _ => Err(Errno::EINVAL),
        }
    }

    pub fn unlink(&self, path: &VPath, dir: bool) -> Result<(), Errno> {
        let mut t = self.tree();
        let (parent, name) = t.parent_of(path)?;
        let ino = *t.entries(parent)?.get(name).ok_or(Errno::ENOENT)?;
        match (&t.get(ino)?.kind, dir) {
            (Kind::Dir(e), true) if !e.is_empty() => return Err(Errno::ENOTEMPTY),
            (Kind::Dir(_), true) => {}
            (Kind::Dir(_), false) => return Err(Errno::EISDIR),
            (_, true) => return Err(Errno::ENOTDIR),
            (_, false) => {}
        }
        t.may_remove(parent, ino)?;
        t.entries_mut(parent)?.remove(name);
        let p = t.get_mut(parent)?;
        p.touch();
        if dir {
            p.nlink -= 1;
            // A removed directory has no links left at all.
            t.drop_link(ino);
        }
        t.drop_link(ino);
        Ok(())
    }

    pub fn link(&self, old: &VPath, new: &VPath) -> Result<(), Errno> {
        let mut t = self.tree();
        let ino = t.walk(old)?;
        if matches!(t.get(ino)?.kind, Kind::Dir(_)) {
            return Err(Errno::EPERM);
        }
        let (parent, name) = t.parent_of(new)?;
        if t.entries(parent)?.contains_key(name) {
            return Err(Errno::EEXIST);
        }
        t.may_change(parent)?;
        t.entries_mut(parent)?.insert(name.to_vec(), ino);
        t.get_mut(parent)?.touch();
        let i = t.get_mut(ino)?;
        i.nlink += 1;
        i.ctime = now_nanos();
        Ok(())
    }

    /// rename(2) within this file system, with POSIX replacement rules.
    pub fn rename(&self, old: &VPath, new: &VPath) -> Result<(), Errno> {
        if new.starts_with(old) && new != old {
            return Err(Errno::EINVAL); // moving a directory into itself
        }
        let mut t = self.tree();
        let (old_parent, old_name) = t.parent_of(old)?;
        let ino = *t.entries(old_parent)?.get(old_name).ok_or(Errno::ENOENT)?;
        let (new_parent, new_name) = t.parent_of(new)?;
        if old == new {
            return Ok(());
        }
        let existing = t.entries(new_parent)?.get(new_name).copied();
        if existing == Some(ino) {
            // Two links of one file: rename does nothing, as POSIX says.
            return Ok(());
        }
        let moving_dir = matches!(t.get(ino)?.kind, Kind::Dir(_));
        if let Some(existing) = existing {
            match (&t.get(existing)?.kind, moving_dir) {
                (Kind::Dir(e), true) if !e.is_empty() => return Err(Errno::ENOTEMPTY),
                (Kind::Dir(_), false) => return Err(Errno::EISDIR),
                (_, true) if !matches!(t.get(existing)?.kind, Kind::Dir(_)) => {
                    return Err(Errno::ENOTDIR)
                }
                _ => {}
            }
            t.may_remove(new_parent, existing)?;
        }
        t.may_remove(old_parent, ino)?;
        t.may_change(new_parent)?;
        if let Some(existing) = existing {
            t.entries_mut(new_parent)?.remove(new_name);
            if moving_dir {
                t.get_mut(new_parent)?.nlink -= 1;
                t.drop_link(existing);
            }
            t.drop_link(existing);
        }
        t.entries_mut(old_parent)?.remove(old_name);
        t.entries_mut(new_parent)?.insert(new_name.to_vec(), ino);
        if moving_dir {
            t.get_mut(old_parent)?.nlink -= 1;
            t.get_mut(new_parent)?.nlink += 1;
            t.get_mut(ino)?.parent = new_parent;
        }
        for p in [old_parent, new_parent] {
            t.get_mut(p)?.touch();
        }
        t.get_mut(ino)?.ctime = now_nanos();
        Ok(())
    }

    /// Directory listing with `.` and `..` first; cookies are positions. A removed
    /// directory is `ENOENT`, as on Linux.
    pub fn read_dir(&self, ino: u64, cookie: u64, max: usize) -> Result<Vec<DirEntry>, Errno> {
        let t = self.tree();
        let dir = t.get(ino)?;
        let Kind::Dir(entries) = &dir.kind else {
            return Err(Errno::ENOTDIR);
        };
        if dir.nlink == 0 {
            return Err(Errno::ENOENT);
        }
        let dots = [(b".".to_vec(), ino), (b"..".to_vec(), dir.parent)];
        let all = dots.into_iter().chain(entries.iter().map(|(n, i)| (n.clone(), *i)));
        Ok(all
            .enumerate()
            .skip(usize::try_from(cookie).unwrap_or(usize::MAX))
            .take(max)
            .map(|(pos, (name, ino))| DirEntry {
                next: pos as u64 + 1,
                ino,
                kind: t.get(ino).map(Inode::file_type).unwrap_or(FileType::Unknown),
                name,
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(fs: &MemFs, name: &str) -> u64 {
        fs.open(&VPath::parse_trusted(name), Some(0o644), false, 0).unwrap()
    }

    fn p(s: &str) -> VPath {
        VPath::parse_trusted(s)
    }

    /// A root the sandbox user may write in (the skeleton's root is root's 0755).
    fn writable(capacity: Capacity) -> MemFs {
        MemFs::with_root(capacity, 1, 0o1777)
    }

    #[test]
    fn filling_memory_is_enospc_and_space_comes_back() {
        let fs = writable(Capacity { bytes: 8 << 20, inodes: 100 });
        let max = fs.capacity().bytes;
        let a = file(&fs, "/a");
        let chunk = vec![7u8; 1 << 20];
        let mut written = 0u64;
        let err = loop {
            match fs.write_at(a, 0, true, &chunk, u64::MAX) {
                Ok(_) => written += chunk.len() as u64,
                Err(e) => break e,
            }
        };
        assert_eq!(err, Errno::ENOSPC);
        assert_eq!(written, max);
        let b = file(&fs, "/b");
        assert_eq!(fs.write_at(b, 0, false, b"x", u64::MAX), Err(Errno::ENOSPC));
        // A hole costs nothing, even past the capacity.
        fs.set_size(b, 2 * max, u64::MAX).unwrap();
        // Truncating, or unlinking and closing, gives the space back.
        fs.set_size(a, max - 10, u64::MAX).unwrap();
        fs.write_at(b, 0, false, &[1; 10], u64::MAX).unwrap();
        assert_eq!(fs.write_at(b, 10, false, b"x", u64::MAX), Err(Errno::ENOSPC));
        fs.unlink(&p("/a"), false).unwrap();
        assert_eq!(fs.used_bytes(), max, "an open, unlinked file keeps its bytes");
        fs.close(a);
        assert_eq!(fs.used_bytes(), 10);
        fs.write_at(b, 0, false, &vec![2; (max - 10) as usize], u64::MAX).unwrap();
    }

    #[test]
    fn too_many_inodes_is_enospc() {
        let fs = writable(Capacity { bytes: 0, inodes: 1000 });
        let mut made = 0; // the root is the kernel's and does not count
        let err = loop {
            match fs.mkdir(&p(&format!("/d{made}")), 0o755) {
                Ok(()) => made += 1,
                Err(e) => break e,
            }
        };
        assert_eq!(err, Errno::ENOSPC);
        assert_eq!(made, 1000);
        // The kernel's own directories are made past the limit.
        fs.ensure_dir(&p("/mnt/point"), 0o755);
        assert!(matches!(fs.lookup(&p("/mnt/point")), Ok(Lookup::Directory)));
    }

    #[test]
    fn mode_bits_decide_for_the_sandbox_user() {
        let fs = writable(Capacity::default());
        let f = file(&fs, "/f");
        fs.close(f);
        assert_eq!(fs.stat_path(&p("/f")).unwrap().uid, SANDBOX_UID);
        fs.chmod_path(&p("/f"), 0o200).unwrap();
        assert_eq!(fs.open(&p("/f"), None, false, access::R), Err(Errno::EACCES));
        let w = fs.open(&p("/f"), None, false, access::W).unwrap();
        fs.close(w);
        fs.chmod_path(&p("/f"), 0).unwrap();
        assert_eq!(fs.open(&p("/f"), None, false, access::W), Err(Errno::EACCES));
        // The root's own files and directories are root's: not the program's to chmod
        // or chown; what may be done to them is the policy's to say.
        fs.ensure_dir(&p("/etc"), 0o755);
        fs.ensure_file(&p("/etc/passwd"), 0o644, b"root:x:0:0::/:/bin/sh\n");
        assert_eq!(fs.stat_path(&p("/etc/passwd")).unwrap().uid, 0);
        assert_eq!(fs.chmod_path(&p("/etc/passwd"), 0o666), Err(Errno::EPERM));
        // A read-only directory: no new names, no removals.
        fs.mkdir(&p("/d"), 0o755).unwrap();
        let g = file(&fs, "/d/g");
        fs.close(g);
        fs.chmod_path(&p("/d"), 0o555).unwrap();
        assert_eq!(fs.open(&p("/d/h"), Some(0o644), false, 0), Err(Errno::EACCES));
        assert_eq!(fs.unlink(&p("/d/g"), false), Err(Errno::EACCES));
        assert_eq!(fs.rename(&p("/d/g"), &p("/g")), Err(Errno::EACCES));
        // chown: only to oneself and one's group.
        assert_eq!(fs.chown_path(&p("/f"), Some(0), None), Err(Errno::EPERM));
        assert_eq!(fs.chown_path(&p("/f"), None, Some(0)), Err(Errno::EPERM));
        fs.chown_path(&p("/f"), Some(SANDBOX_UID), Some(SANDBOX_GID)).unwrap();
        assert_eq!(fs.chown_path(&p("/etc/passwd"), None, Some(SANDBOX_GID)), Err(Errno::EPERM));
    }

    #[test]
    fn a_directory_is_found_where_it_was_moved() {
        let fs = writable(Capacity::default());
        fs.mkdir(&p("/a"), 0o755).unwrap();
        fs.mkdir(&p("/a/b"), 0o755).unwrap();
        let b = fs.open(&p("/a/b"), None, false, 0).unwrap();
        fs.rename(&p("/a"), &p("/z")).unwrap();
        assert_eq!(fs.path_of(b).unwrap().to_string(), "/z/b");
        fs.unlink(&p("/z/b"), true).unwrap();
        assert_eq!(fs.path_of(b), Err(Errno::ENOENT));
        assert_eq!(fs.read_dir(b, 0, 10), Err(Errno::ENOENT));
        fs.close(b);
    }

    /// Bytes allocated by the current thread: the proof that a write costs what it
    /// touches, not the size of the file.
    mod counting {
        use std::alloc::{GlobalAlloc, Layout, System};
        use std::cell::Cell;

        pub struct Counting;

        thread_local! {
            pub static ALLOCATED: Cell<u64> = const { Cell::new(0) };
        }

        // SAFETY: forwards to the system allocator; only counts.
        unsafe impl GlobalAlloc for Counting {
            unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
                let _ = ALLOCATED.try_with(|a| a.set(a.get() + layout.size() as u64));
                // SAFETY: the caller's contract is passed on unchanged.
                unsafe { System.alloc(layout) }
            }
            unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
                // SAFETY: as above.
                unsafe { System.dealloc(ptr, layout) }
            }
            unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
                let _ = ALLOCATED.try_with(|a| a.set(a.get() + new_size as u64));
                // SAFETY: as above.
                unsafe { System.realloc(ptr, layout, new_size) }
            }
        }

        #[global_allocator]
        static GLOBAL: Counting = Counting;

        pub fn during(f: impl FnOnce()) -> u64 {
            let before = ALLOCATED.with(Cell::get);
            f();
            ALLOCATED.with(Cell::get) - before
        }
    }

    #[test]
    fn writes_cost_the_chunks_they_touch_not_the_file() {
        let fs = writable(Capacity::default());
        let f = file(&fs, "/big");
        let mb = vec![1u8; 1 << 20];
        for _ in 0..32 {
            fs.write_at(f, 0, true, &mb, u64::MAX).unwrap();
        }
        let size = 32u64 << 20;
        // 1000 one-byte appends and 1000 one-byte patches to a 32 MiB file: a whole-file
        // copy would allocate 32 MiB at least once; chunks allocate at most a chunk
        // each time, and mostly nothing.
        let appends = counting::during(|| {
            for _ in 0..1000 {
                fs.write_at(f, 0, true, b"x", u64::MAX).unwrap();
            }
        });
        let patches = counting::during(|| {
            for i in 0..1000u64 {
                fs.write_at(f, i * 4099 % size, false, b"y", u64::MAX).unwrap();
            }
        });
        let chunk = super::super::chunks::CHUNK as u64;
        assert!(appends < 4 * chunk, "appends allocated {appends} bytes");
        assert!(patches < chunk, "patches allocated {patches} bytes");
        assert_eq!(fs.stat(f).unwrap().size, size + 1000);
        assert_eq!(fs.used_bytes(), size + 1000);
        // A hole of a terabyte costs nothing either.
        let grow = counting::during(|| fs.set_size(f, 1 << 40, u64::MAX).unwrap());
        assert!(grow < chunk);
        assert_eq!(fs.used_bytes(), size + 1000);
    }
}
