//! The in-memory file system: the sandbox's root, `/tmp`, and every directory that
//! holds a mount point.
//!
//! One mutex guards the whole tree (directory structure and file contents). Nothing in
//! here blocks or calls out while holding it, and no other lock is taken under it, so
//! it sits last in the kernel's lock order.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use syscall_proto::fd::{DirEntry, FileStat, FileType, SetTime};
use syscall_proto::Errno;

use super::path::{Lookup, VPath};
use super::time::now_nanos;

/// `st_dev` of every in-memory inode.
const DEV: u64 = 1;
const ROOT_INO: u64 = 1;

#[derive(Debug)]
enum Kind {
    Dir(BTreeMap<Vec<u8>, u64>),
    File(Vec<u8>),
    Symlink(Vec<u8>),
}

#[derive(Debug)]
struct Inode {
    kind: Kind,
    mode: u32,
    nlink: u64,
    /// Open descriptions referring to it: an unlinked inode lives until the last closes.
    open: u64,
    parent: u64,
    atime: i64,
    mtime: i64,
    ctime: i64,
}

impl Inode {
    fn new(kind: Kind, mode: u32, parent: u64) -> Inode {
        let now = now_nanos();
        Inode { kind, mode, nlink: 1, open: 0, parent, atime: now, mtime: now, ctime: now }
    }

    fn file_type(&self) -> FileType {
        match self.kind {
            Kind::Dir(_) => FileType::Directory,
            Kind::File(_) => FileType::Regular,
            Kind::Symlink(_) => FileType::Symlink,
        }
    }
}

#[derive(Debug)]
struct Tree {
    inodes: HashMap<u64, Inode>,
    next_ino: u64,
    /// Bytes held by file contents, against `capacity.bytes`.
    bytes: u64,
    capacity: Capacity,
}

/// Capacity of the in-memory file system, so that a program filling `/tmp` gets
/// `ENOSPC` instead of exhausting the kernel's memory: `[limits] fs_bytes` and
/// `fs_inodes` (defaults 256 MiB and 65,536).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capacity {
    /// Bytes of file contents.
    pub bytes: u64,
    /// Inodes, the root and the kernel's own directories (`/tmp`, the directories
    /// that hold mount points) included; those are made even past the limit.
    pub inodes: usize,
}

impl Default for Capacity {
    fn default() -> Self {
        let l = policies::Limits::default();
        Capacity { bytes: l.fs_bytes, inodes: l.fs_inodes as usize }
    }
}

/// The in-memory file system.
#[derive(Debug)]
pub struct MemFs {
    tree: Mutex<Tree>,
}

impl Default for MemFs {
    fn default() -> Self {
        MemFs::new(Capacity::default())
    }
}

impl MemFs {
    /// An empty file system (a root directory) of `capacity`.
    pub fn new(capacity: Capacity) -> MemFs {
        let mut inodes = HashMap::new();
        let mut root = Inode::new(Kind::Dir(BTreeMap::new()), 0o755, ROOT_INO);
        root.nlink = 2;
        inodes.insert(ROOT_INO, root);
        MemFs { tree: Mutex::new(Tree { inodes, next_ino: ROOT_INO + 1, bytes: 0, capacity }) }
    }

    /// Its capacity.
    pub fn capacity(&self) -> Capacity {
        self.tree().capacity
    }
}

impl Tree {
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

    fn dir_entries_mut(&mut self, ino: u64) -> Result<&mut BTreeMap<Vec<u8>, u64>, Errno> {
        match &mut self.get_mut(ino)?.kind {
            Kind::Dir(e) => Ok(e),
            _ => Err(Errno::ENOTDIR),
        }
    }

    /// Parent inode and final name of a path.
    fn parent_of<'p>(&self, path: &'p VPath) -> Result<(u64, &'p [u8]), Errno> {
        let name = path.file_name().ok_or(Errno::EBUSY)?;
        let parent = self.walk(&path.parent())?;
        if !matches!(self.get(parent)?.kind, Kind::Dir(_)) {
            return Err(Errno::ENOTDIR);
        }
        Ok((parent, name))
    }

    fn insert(&mut self, parent: u64, name: &[u8], kind: Kind, mode: u32) -> Result<u64, Errno> {
        if self.inodes.len() >= self.capacity.inodes {
            return Err(Errno::ENOSPC);
        }
        self.insert_unlimited(parent, name, kind, mode)
    }

    /// [`Tree::insert`] past the inode limit, for the kernel's own directories.
    fn insert_unlimited(
        &mut self,
        parent: u64,
        name: &[u8],
        kind: Kind,
        mode: u32,
    ) -> Result<u64, Errno> {
        let ino = self.next_ino;
        let is_dir = matches!(kind, Kind::Dir(_));
        let entries = self.dir_entries_mut(parent)?;
        if entries.contains_key(name) {
            return Err(Errno::EEXIST);
        }
        entries.insert(name.to_vec(), ino);
        self.next_ino += 1;
        let mut inode = Inode::new(kind, mode & 0o7777, parent);
        if is_dir {
            inode.nlink = 2;
        }
        self.inodes.insert(ino, inode);
        let now = now_nanos();
        let p = self.get_mut(parent)?;
        p.mtime = now;
        p.ctime = now;
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
            self.bytes -= data.len() as u64;
        }
    }

    /// Resizes a file's contents within the capacity (`ENOSPC` beyond it).
    fn resize(&mut self, ino: u64, new_len: usize) -> Result<&mut Vec<u8>, Errno> {
        let (bytes, max) = (self.bytes, self.capacity.bytes);
        let Kind::File(data) = &mut self.get_mut(ino)?.kind else {
            return Err(Errno::EISDIR);
        };
        let old = data.len() as u64;
        let new = new_len as u64;
        if new > old {
            if bytes + (new - old) > max {
                return Err(Errno::ENOSPC);
            }
            data.try_reserve(new_len - data.len()).map_err(|_| Errno::ENOSPC)?;
        }
        data.resize(new_len, 0);
        self.bytes = bytes + new - old;
        let Kind::File(data) = &mut self.get_mut(ino)?.kind else {
            unreachable!("checked above");
        };
        Ok(data)
    }

    fn stat(&self, ino: u64) -> Result<FileStat, Errno> {
        let i = self.get(ino)?;
        let size = match &i.kind {
            Kind::Dir(e) => 4096.max(e.len() as u64 * 32),
            Kind::File(d) => d.len() as u64,
            Kind::Symlink(t) => t.len() as u64,
        };
        Ok(FileStat {
            dev: DEV,
            ino,
            kind: i.file_type(),
            mode: i.mode,
            nlink: i.nlink,
            uid: 0,
            gid: 0,
            size,
            blksize: 4096,
            blocks: size.div_ceil(512),
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

    /// `mkdir -p` for kernel setup (mount points, `/tmp`), past the inode limit.
    pub fn ensure_dir(&self, path: &VPath, mode: u32) {
        let mut t = self.tree();
        let mut ino = ROOT_INO;
        for name in path.components() {
            let existing = match &t.inodes[&ino].kind {
                Kind::Dir(e) => e.get(name).copied(),
                _ => return,
            };
            ino = match existing {
                Some(i) => i,
                None => match t.insert_unlimited(ino, name, Kind::Dir(BTreeMap::new()), mode) {
                    Ok(i) => i,
                    Err(_) => return,
                },
            };
        }
        if let Some(i) = t.inodes.get_mut(&ino) {
            i.mode = mode;
        }
    }

    /// Opens (and with `create`, creates) the inode at `path`, counting the open.
    pub fn open(&self, path: &VPath, create: Option<u32>, excl: bool) -> Result<u64, Errno> {
        let mut t = self.tree();
        let ino = match t.walk(path) {
            Ok(_) if excl && create.is_some() => return Err(Errno::EEXIST),
            Ok(ino) => ino,
            Err(Errno::ENOENT) => {
                let mode = create.ok_or(Errno::ENOENT)?;
                let (parent, name) = t.parent_of(path)?;
                t.insert(parent, name, Kind::File(Vec::new()), mode)?
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
        t.stat(ino)
    }

    pub fn stat(&self, ino: u64) -> Result<FileStat, Errno> {
        self.tree().stat(ino)
    }

    pub fn read_at(&self, ino: u64, offset: u64, len: usize) -> Result<Vec<u8>, Errno> {
        let mut t = self.tree();
        let i = t.get_mut(ino)?;
        i.atime = now_nanos();
        match &i.kind {
            Kind::File(data) => {
                let start = usize::try_from(offset).unwrap_or(usize::MAX).min(data.len());
                let end = start.saturating_add(len).min(data.len());
                Ok(data[start..end].to_vec())
            }
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
        let Kind::File(data) = &t.get(ino)?.kind else {
            return Err(Errno::EISDIR);
        };
        let len = data.len();
        let start = if append { len as u64 } else { offset };
        let end = start.checked_add(bytes.len() as u64).ok_or(Errno::EFBIG)?;
        if end > max_size {
            return Err(Errno::EFBIG);
        }
        let (start, end) = (start as usize, end as usize);
        let data = t.resize(ino, len.max(end))?;
        data[start..end].copy_from_slice(bytes);
        let now = now_nanos();
        let i = t.get_mut(ino)?;
        i.mtime = now;
        i.ctime = now;
        Ok(end as u64)
    }

    pub fn set_size(&self, ino: u64, size: u64, max_size: u64) -> Result<(), Errno> {
        if size > max_size {
            return Err(Errno::EFBIG);
        }
        let mut t = self.tree();
        t.resize(ino, size as usize)?;
        let now = now_nanos();
        let i = t.get_mut(ino)?;
        i.mtime = now;
        i.ctime = now;
        Ok(())
    }

    pub fn set_times(&self, ino: u64, atime: SetTime, mtime: SetTime) -> Result<(), Errno> {
        let mut t = self.tree();
        let i = t.get_mut(ino)?;
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

    pub fn mkdir(&self, path: &VPath, mode: u32) -> Result<(), Errno> {
        let mut t = self.tree();
        let (parent, name) = t.parent_of(path)?;
        t.insert(parent, name, Kind::Dir(BTreeMap::new()), mode).map(|_| ())
    }

    pub fn symlink(&self, target: &[u8], path: &VPath) -> Result<(), Errno> {
        let mut t = self.tree();
        let (parent, name) = t.parent_of(path)?;
        t.insert(parent, name, Kind::Symlink(target.to_vec()), 0o777).map(|_| ())
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
        let ino = *t.dir_entries_mut(parent)?.get(name).ok_or(Errno::ENOENT)?;
        match (&t.get(ino)?.kind, dir) {
            (Kind::Dir(e), true) if !e.is_empty() => return Err(Errno::ENOTEMPTY),
            (Kind::Dir(_), true) => {}
            (Kind::Dir(_), false) => return Err(Errno::EISDIR),
            (_, true) => return Err(Errno::ENOTDIR),
            (_, false) => {}
        }
        t.dir_entries_mut(parent)?.remove(name);
        let now = now_nanos();
        let p = t.get_mut(parent)?;
        p.mtime = now;
        p.ctime = now;
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
        let entries = t.dir_entries_mut(parent)?;
        if entries.contains_key(name) {
            return Err(Errno::EEXIST);
        }
        entries.insert(name.to_vec(), ino);
        let i = t.get_mut(ino)?;
        i.nlink += 1;
        i.ctime = now_nanos();
        Ok(())
    }

    /// rename(2) within the in-memory file system, with POSIX replacement rules.
    pub fn rename(&self, old: &VPath, new: &VPath) -> Result<(), Errno> {
        if new.starts_with(old) && new != old {
            return Err(Errno::EINVAL); // moving a directory into itself
        }
        let mut t = self.tree();
        let (old_parent, old_name) = t.parent_of(old)?;
        let ino = *t.dir_entries_mut(old_parent)?.get(old_name).ok_or(Errno::ENOENT)?;
        let (new_parent, new_name) = t.parent_of(new)?;
        if old == new {
            return Ok(());
        }
        let moving_dir = matches!(t.get(ino)?.kind, Kind::Dir(_));
        if let Some(&existing) = t.dir_entries_mut(new_parent)?.get(new_name) {
            match (&t.get(existing)?.kind, moving_dir) {
                (Kind::Dir(e), true) if !e.is_empty() => return Err(Errno::ENOTEMPTY),
                (Kind::Dir(_), false) => return Err(Errno::EISDIR),
                (_, true) if !matches!(t.get(existing)?.kind, Kind::Dir(_)) => {
                    return Err(Errno::ENOTDIR)
                }
                _ => {}
            }
            t.dir_entries_mut(new_parent)?.remove(new_name);
            if moving_dir {
                t.get_mut(new_parent)?.nlink -= 1;
                t.drop_link(existing);
            }
            t.drop_link(existing);
        }
        t.dir_entries_mut(old_parent)?.remove(old_name);
        t.dir_entries_mut(new_parent)?.insert(new_name.to_vec(), ino);
        if moving_dir {
            t.get_mut(old_parent)?.nlink -= 1;
            t.get_mut(new_parent)?.nlink += 1;
            t.get_mut(ino)?.parent = new_parent;
        }
        let now = now_nanos();
        for p in [old_parent, new_parent] {
            let p = t.get_mut(p)?;
            p.mtime = now;
            p.ctime = now;
        }
        Ok(())
    }

    /// Directory listing with `.` and `..` first; cookies are positions.
    pub fn read_dir(&self, ino: u64, cookie: u64, max: usize) -> Result<Vec<DirEntry>, Errno> {
        let t = self.tree();
        let dir = t.get(ino)?;
        let Kind::Dir(entries) = &dir.kind else {
            return Err(Errno::ENOTDIR);
        };
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
        fs.open(&VPath::parse_trusted(name), Some(0o644), false).unwrap()
    }

    #[test]
    fn filling_memory_is_enospc_and_space_comes_back() {
        let fs = MemFs::new(Capacity { bytes: 8 << 20, inodes: 100 });
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
        assert_eq!(fs.set_size(b, 1, u64::MAX), Err(Errno::ENOSPC));
        // Truncating, or unlinking and closing, gives the space back.
        fs.set_size(a, max - 10, u64::MAX).unwrap();
        fs.set_size(b, 10, u64::MAX).unwrap();
        fs.unlink(&VPath::parse_trusted("/a"), false).unwrap();
        fs.close(a);
        fs.set_size(b, max, u64::MAX).unwrap();
    }

    #[test]
    fn too_many_inodes_is_enospc() {
        let fs = MemFs::new(Capacity { bytes: 0, inodes: 1000 });
        let mut made = 1; // the root
        let err = loop {
            match fs.mkdir(&VPath::parse_trusted(&format!("/d{made}")), 0o755) {
                Ok(()) => made += 1,
                Err(e) => break e,
            }
        };
        assert_eq!(err, Errno::ENOSPC);
        assert_eq!(made, 1000);
        // The kernel's own directories are made past the limit.
        fs.ensure_dir(&VPath::parse_trusted("/mnt/point"), 0o755);
        assert!(matches!(fs.lookup(&VPath::parse_trusted("/mnt/point")), Ok(Lookup::Directory)));
    }
}
