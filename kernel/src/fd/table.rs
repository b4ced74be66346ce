//! The per-process descriptor table: numbers → open file descriptions, each number with
//! its own descriptor flags (`FD_CLOEXEC`).
//!
//! `limit` (`[limits] open_files`) works as Linux's `RLIMIT_NOFILE`: descriptor numbers
//! are below it, so it also bounds how many a process holds.

use std::collections::BTreeMap;
use std::sync::Arc;

use syscall_proto::Errno;

use super::OpenFile;

#[derive(Debug)]
struct Entry {
    file: Arc<OpenFile>,
    /// `FD_CLOEXEC`: closed when the process executes a new program (a spawned child
    /// does not get it).
    cloexec: bool,
}

#[derive(Debug)]
pub struct FdTable {
    entries: BTreeMap<i32, Entry>,
    limit: u32,
}

impl FdTable {
    pub fn new(limit: u32) -> FdTable {
        FdTable { entries: BTreeMap::new(), limit }
    }

    /// The descriptor limit: every number is below it.
    pub fn limit(&self) -> u32 {
        self.limit
    }

    /// The lowest free number `>= min`, as open(2) and `F_DUPFD` choose; `EMFILE` when
    /// none is below the limit.
    fn lowest_free(&self, min: i32) -> Result<i32, Errno> {
        let mut fd = min.max(0);
        for &used in self.entries.range(fd..).map(|(k, _)| k) {
            if used != fd {
                break;
            }
            fd += 1;
        }
        if i64::from(fd) >= i64::from(self.limit) {
            return Err(Errno::EMFILE);
        }
        Ok(fd)
    }

    /// `EMFILE` when no number is free.
    pub fn check_room(&self) -> Result<(), Errno> {
        self.lowest_free(0).map(drop)
    }

    /// Installs at the lowest free number, as open(2) does; `EMFILE` at the limit.
    pub fn insert(&mut self, file: Arc<OpenFile>) -> Result<i32, Errno> {
        self.insert_with(file, false)
    }

    /// As [`FdTable::insert`], with `FD_CLOEXEC` set when `cloexec`.
    pub fn insert_with(&mut self, file: Arc<OpenFile>, cloexec: bool) -> Result<i32, Errno> {
        let fd = self.lowest_free(0)?;
        self.entries.insert(fd, Entry { file, cloexec });
        Ok(fd)
    }

    /// Installs two descriptors or neither (pipe(2)); `EMFILE` unless both fit.
    pub fn insert_pair(
        &mut self,
        a: Arc<OpenFile>,
        b: Arc<OpenFile>,
        cloexec: bool,
    ) -> Result<(i32, i32), Errno> {
        let first = self.lowest_free(0)?;
        let second = self.lowest_free(first + 1)?;
        self.entries.insert(first, Entry { file: a, cloexec });
        self.entries.insert(second, Entry { file: b, cloexec });
        Ok((first, second))
    }

    /// Installs at exactly `fd`, replacing what was there (dup2 semantics).
    pub fn insert_at(&mut self, fd: i32, file: Arc<OpenFile>) -> Result<(), Errno> {
        if fd < 0 || fd as u32 >= self.limit {
            return Err(Errno::EBADF);
        }
        self.entries.insert(fd, Entry { file, cloexec: false });
        Ok(())
    }

    pub fn get(&self, fd: i32) -> Result<Arc<OpenFile>, Errno> {
        self.entries.get(&fd).map(|e| e.file.clone()).ok_or(Errno::EBADF)
    }

    pub fn close(&mut self, fd: i32) -> Result<(), Errno> {
        self.entries.remove(&fd).map(drop).ok_or(Errno::EBADF)
    }

    /// dup(2) and `F_DUPFD[_CLOEXEC]`: `fd`'s description again, at the lowest free
    /// number `>= min`.
    pub fn dup(&mut self, fd: i32, min: i32, cloexec: bool) -> Result<i32, Errno> {
        let file = self.get(fd)?;
        if min < 0 || min as u32 >= self.limit {
            return Err(Errno::EINVAL);
        }
        let new = self.lowest_free(min)?;
        self.entries.insert(new, Entry { file, cloexec });
        Ok(new)
    }

    /// dup2(2): `to` becomes `from`'s description without `FD_CLOEXEC`; equal numbers
    /// only check `from`.
    pub fn dup2(&mut self, from: i32, to: i32) -> Result<i32, Errno> {
        if from == to {
            return self.get(from).map(|_| to);
        }
        self.dup3(from, to, false)
    }

    /// dup3(2): as dup2, but equal numbers are `EINVAL` and `cloexec` chooses the flag.
    pub fn dup3(&mut self, from: i32, to: i32, cloexec: bool) -> Result<i32, Errno> {
        if from == to {
            return Err(Errno::EINVAL);
        }
        if to < 0 || to as u32 >= self.limit {
            return Err(Errno::EBADF);
        }
        let file = self.get(from)?;
        // What `to` held is closed only now that nothing can fail.
        self.entries.insert(to, Entry { file, cloexec });
        Ok(to)
    }

    /// `F_GETFD`: whether `FD_CLOEXEC` is set.
    pub fn cloexec(&self, fd: i32) -> Result<bool, Errno> {
        self.entries.get(&fd).map(|e| e.cloexec).ok_or(Errno::EBADF)
    }

    /// `F_SETFD`.
    pub fn set_cloexec(&mut self, fd: i32, cloexec: bool) -> Result<(), Errno> {
        let entry = self.entries.get_mut(&fd).ok_or(Errno::EBADF)?;
        entry.cloexec = cloexec;
        Ok(())
    }

    /// WASI's `fd_renumber`: `to` becomes `from`'s description and `from` is closed.
    pub fn renumber(&mut self, from: i32, to: i32) -> Result<(), Errno> {
        self.get(from)?;
        self.get(to)?;
        if from != to {
            if let Some(entry) = self.entries.remove(&from) {
                self.entries.insert(to, entry);
            }
        }
        Ok(())
    }

    /// A copy for a new process (spawn): the same open file descriptions at the same
    /// numbers, with their descriptor flags, as fork(2) makes.
    pub fn fork(&self) -> FdTable {
        let entries = self
            .entries
            .iter()
            .map(|(fd, e)| (*fd, Entry { file: e.file.clone(), cloexec: e.cloexec }))
            .collect();
        FdTable { entries, limit: self.limit }
    }

    /// Closes every descriptor with `FD_CLOEXEC`, as executing a program does.
    pub fn close_on_exec(&mut self) {
        self.entries.retain(|_, e| !e.cloexec);
    }

    /// The open descriptor numbers, ascending (`/proc/self/fd`).
    pub fn numbers(&self) -> Vec<i32> {
        self.entries.keys().copied().collect()
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
        t.set_cloexec(0, true).unwrap();
        t.renumber(0, 1).unwrap();
        assert!(Arc::ptr_eq(&t.get(1).unwrap(), &a));
        assert_eq!(t.cloexec(1), Ok(true), "the descriptor moves with its flags");
        assert_eq!(t.get(0).unwrap_err(), Errno::EBADF);
        assert_eq!(t.renumber(5, 1), Err(Errno::EBADF));
    }

    #[test]
    fn dup_shares_the_description_at_the_lowest_free_number() {
        let mut t = FdTable::new(8);
        let a = file();
        t.insert(a.clone()).unwrap();
        t.insert(file()).unwrap();
        t.insert(file()).unwrap();
        t.close(1).unwrap();
        assert_eq!(t.dup(0, 0, false), Ok(1));
        assert!(Arc::ptr_eq(&t.get(1).unwrap(), &a));
        assert_eq!(t.cloexec(1), Ok(false));
        // F_DUPFD: the lowest free number at or above min.
        assert_eq!(t.dup(0, 2, true), Ok(3));
        assert_eq!(t.cloexec(3), Ok(true));
        assert_eq!(t.dup(0, 6, false), Ok(6));
        assert_eq!(t.dup(0, 6, false), Ok(7));
        assert_eq!(t.dup(0, 6, false), Err(Errno::EMFILE));
        assert_eq!(t.dup(0, 8, false), Err(Errno::EINVAL), "min at the limit");
        assert_eq!(t.dup(0, -1, false), Err(Errno::EINVAL));
        assert_eq!(t.dup(5, 0, false), Err(Errno::EBADF));
        assert_eq!(t.dup(0, 0, false), Ok(4));
        assert_eq!(t.dup(0, 0, false), Ok(5));
        assert_eq!(t.dup(0, 0, false), Err(Errno::EMFILE), "full");
    }

    #[test]
    fn dup2_and_dup3() {
        let mut t = FdTable::new(8);
        let a = file();
        t.insert(a.clone()).unwrap();
        t.insert(file()).unwrap();
        t.set_cloexec(1, true).unwrap();
        // dup2 replaces silently and clears FD_CLOEXEC.
        assert_eq!(t.dup2(0, 1), Ok(1));
        assert!(Arc::ptr_eq(&t.get(1).unwrap(), &a));
        assert_eq!(t.cloexec(1), Ok(false));
        assert_eq!(t.dup2(0, 5), Ok(5));
        // Equal numbers: dup2 checks and answers, dup3 refuses.
        assert_eq!(t.dup2(0, 0), Ok(0));
        assert_eq!(t.dup2(4, 4), Err(Errno::EBADF));
        assert_eq!(t.dup3(0, 0, false), Err(Errno::EINVAL));
        assert_eq!(t.dup3(0, 6, true), Ok(6));
        assert_eq!(t.cloexec(6), Ok(true));
        // Onto the limit, or from a closed descriptor.
        assert_eq!(t.dup2(0, 8), Err(Errno::EBADF));
        assert_eq!(t.dup2(0, -1), Err(Errno::EBADF));
        assert_eq!(t.dup2(4, 2), Err(Errno::EBADF));
        assert_eq!(t.get(2).unwrap_err(), Errno::EBADF, "a failed dup2 leaves `to` alone");
    }

    #[test]
    fn cloexec_is_per_descriptor() {
        let mut t = FdTable::new(4);
        t.insert_with(file(), true).unwrap();
        t.dup(0, 0, false).unwrap();
        assert_eq!(t.cloexec(0), Ok(true));
        assert_eq!(t.cloexec(1), Ok(false));
        t.set_cloexec(0, false).unwrap();
        assert_eq!(t.cloexec(0), Ok(false));
        assert_eq!(t.cloexec(3), Err(Errno::EBADF));
        assert_eq!(t.set_cloexec(3, true), Err(Errno::EBADF));
    }

    #[test]
    fn pairs_go_in_whole_or_not_at_all() {
        let mut t = FdTable::new(3);
        t.insert(file()).unwrap();
        assert_eq!(t.insert_pair(file(), file(), true), Ok((1, 2)));
        assert_eq!(t.cloexec(2), Ok(true));
        t.close(1).unwrap();
        assert_eq!(t.insert_pair(file(), file(), false), Err(Errno::EMFILE));
        assert_eq!(t.len(), 2, "nothing half-installed");
    }
}
