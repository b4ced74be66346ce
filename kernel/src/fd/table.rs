//! The per-process descriptor table.

use std::collections::BTreeMap;
use std::sync::Arc;

use syscall_proto::Errno;

use super::OpenFile;

#[derive(Debug)]
pub struct FdTable {
    entries: BTreeMap<i32, Arc<OpenFile>>,
    /// `[limits] open_files`: the number of descriptors a process may hold.
    limit: u32,
}

impl FdTable {
    pub fn new(limit: u32) -> FdTable {
        FdTable { entries: BTreeMap::new(), limit }
    }

    /// Installs at the lowest free number, as open(2) does; `EMFILE` at the limit.
    pub fn insert(&mut self, file: Arc<OpenFile>) -> Result<i32, Errno> {
        if self.entries.len() >= self.limit as usize {
            return Err(Errno::EMFILE);
        }
        let mut fd = 0;
        for &used in self.entries.keys() {
            if used != fd {
                break;
            }
            fd += 1;
        }
        self.entries.insert(fd, file);
        Ok(fd)
    }

    /// Installs at exactly `fd`, replacing what was there (dup2 semantics).
    pub fn insert_at(&mut self, fd: i32, file: Arc<OpenFile>) -> Result<(), Errno> {
        if fd < 0 || fd as u32 >= self.limit {
            return Err(Errno::EBADF);
        }
        self.entries.insert(fd, file);
        Ok(())
    }

    pub fn get(&self, fd: i32) -> Result<Arc<OpenFile>, Errno> {
        self.entries.get(&fd).cloned().ok_or(Errno::EBADF)
    }

    pub fn close(&mut self, fd: i32) -> Result<(), Errno> {
        self.entries.remove(&fd).map(drop).ok_or(Errno::EBADF)
    }

    /// WASI's `fd_renumber`: `to` becomes `from`'s description and `from` is closed.
    pub fn renumber(&mut self, from: i32, to: i32) -> Result<(), Errno> {
        let file = self.get(from)?;
        self.get(to)?;
        if from != to {
            self.entries.insert(to, file);
            self.entries.remove(&from);
        }
        Ok(())
    }

    /// Releases everything (process exit).
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vfs::path::VPath;
    use crate::vfs::Object;

    fn file() -> Arc<OpenFile> {
        Arc::new(OpenFile::new(Object::Stdio(1), VPath::root(), 1))
    }

    #[test]
    fn lowest_free_number_and_emfile() {
        let mut t = FdTable::new(3);
        assert_eq!(t.insert(file()), Ok(0));
        assert_eq!(t.insert(file()), Ok(1));
        t.close(0).unwrap();
        assert_eq!(t.insert(file()), Ok(0));
        assert_eq!(t.insert(file()), Ok(2));
        assert_eq!(t.insert(file()), Err(Errno::EMFILE));
        assert_eq!(t.close(7), Err(Errno::EBADF));
    }

    #[test]
    fn renumber_moves_and_closes() {
        let mut t = FdTable::new(8);
        let a = file();
        t.insert(a.clone()).unwrap();
        t.insert(file()).unwrap();
        t.renumber(0, 1).unwrap();
        assert!(Arc::ptr_eq(&t.get(1).unwrap(), &a));
        assert_eq!(t.get(0).unwrap_err(), Errno::EBADF);
        assert_eq!(t.renumber(5, 1), Err(Errno::EBADF));
    }
}
