//! The process table of a sandbox: virtual pid → process, with its parent, children,
//! process group, session and state (running, stopped, zombie).
//!
//! - Pids are virtual, allocated here from 1: the first program is the sandbox's init.
//!   No host pid is ever a key, so no call can reach a process outside the sandbox.
//! - A process that ends stays a zombie, holding its status, until its parent waits
//!   for it (or at once when the parent ignores `SIGCHLD`, as POSIX allows). Its
//!   children are reparented to init.
//! - One lock guards the whole table: every change (a spawn, an exit, a reap, a stop)
//!   is a single step under it, and waitpid(2) registers its waker under the same lock
//!   as its check, so a child's change between the check and the sleep is never lost
//!   (`wait.rs`). Acting on a runtime (killing or stopping it) happens outside it.
//! - `[limits] processes` counts every pid in the table (zombies too, as Linux's
//!   `RLIMIT_NPROC` does) and those reserved by spawns in progress.

use std::collections::{BTreeMap, BTreeSet};
use std::os::fd::AsFd;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

use policies::confine::pidfd_send_signal;
use syscall_proto::proc::{wait, Disposition};
use syscall_proto::Errno;

use crate::process::{Process, Termination};
use crate::signal::{self, Act};
use crate::wait::Waker;

/// The pid of the sandbox's init.
pub const INIT: u32 = 1;

/// Largest virtual pid (Linux's `PID_MAX_LIMIT`); allocation wraps below it.
const PID_MAX: u32 = 4 << 20;

/// Where a process is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Running,
    /// Stopped by this signal (its runtime is `SIGSTOP`ped).
    Stopped(i32),
    /// Ended; kept until waited for.
    Zombie(Termination),
}

/// A change waitpid(2) has not reported yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    Stopped(i32),
    Continued,
}

#[derive(Debug)]
struct Entry {
    process: Arc<Process>,
    /// 0 for init (its parent is outside the sandbox) and for orphans of a dead init.
    parent: u32,
    children: BTreeSet<u32>,
    pgid: u32,
    sid: u32,
    state: State,
    unreported: Option<Change>,
}

#[derive(Debug, Default)]
struct Inner {
    procs: BTreeMap<u32, Entry>,
    /// The last pid handed out.
    last_pid: u32,
    /// Pids handed to spawns that have not finished starting.
    reserved: BTreeSet<u32>,
}

impl Inner {
    fn pid_in_use(&self, pid: u32) -> bool {
        self.procs.contains_key(&pid)
            || self.reserved.contains(&pid)
            // A pid stays taken while a group or session bears its number.
            || self.procs.values().any(|e| e.pgid == pid || e.sid == pid)
    }

    fn group_exists_in(&self, pgid: u32, sid: u32) -> bool {
        self.procs.values().any(|e| e.pgid == pgid && e.sid == sid)
    }
}

/// Where a new process goes in the table.
#[derive(Debug, Clone, Copy)]
pub struct Placement {
    pub pid: u32,
    pub parent: u32,
    pub pgid: u32,
    pub sid: u32,
}

/// What waitpid(2) found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Waited {
    /// A child changed state: its pid and status.
    Child { pid: u32, status: i32 },
    /// Children match, none is ready.
    NotYet,
}

#[derive(Debug, Default)]
pub struct ProcessTable {
    inner: Mutex<Inner>,
    /// Serving threads still running, for the shutdown to wait for.
    threads: Mutex<usize>,
    threads_done: Condvar,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // Every change under these locks is a single step; a panicked holder leaves the
    // table consistent.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl ProcessTable {
    /// Reserves the next free pid for a process being started, under `limit`
    /// processes in the sandbox.
    ///
    /// # Errors
    /// `EAGAIN` at the limit (or when no pid is free).
    pub fn reserve(&self, limit: u32) -> Result<u32, Errno> {
        let mut t = lock(&self.inner);
        if t.procs.len() + t.reserved.len() >= limit as usize {
            return Err(Errno::EAGAIN);
        }
        let mut pid = t.last_pid;
        for _ in 0..PID_MAX {
            pid = if pid >= PID_MAX { 1 } else { pid + 1 };
            if !t.pid_in_use(pid) {
                t.last_pid = pid;
                t.reserved.insert(pid);
                return Ok(pid);
            }
        }
        Err(Errno::EAGAIN)
    }

    /// Gives back a reserved pid whose process did not start.
    pub fn release(&self, pid: u32) {
        lock(&self.inner).reserved.remove(&pid);
    }

    /// Checks where a child of `parent` would go: `pgroup` and `setsid` as
    /// posix_spawn's `SETPGROUP`/`SETSID`.
    ///
    /// # Errors
    /// `EPERM` for a group that does not exist in the parent's session (or any group
    /// besides the child's own with `setsid`).
    pub fn placement(
        &self,
        parent: u32,
        pid: u32,
        pgroup: Option<i32>,
        setsid: bool,
    ) -> Result<Placement, Errno> {
        let t = lock(&self.inner);
        let (ppgid, psid) = t.procs.get(&parent).map_or((pid, pid), |e| (e.pgid, e.sid));
        if setsid {
            return match pgroup {
                None | Some(0) => Ok(Placement { pid, parent, pgid: pid, sid: pid }),
                Some(_) => Err(Errno::EPERM),
            };
        }
        let pgid = match pgroup {
            None => ppgid,
            Some(0) => pid,
            Some(g) if g < 0 => return Err(Errno::EINVAL),
            Some(g) if t.group_exists_in(g as u32, psid) => g as u32,
            Some(_) => return Err(Errno::EPERM),
        };
        Ok(Placement { pid, parent, pgid, sid: psid })
    }

    /// Enters a started process at its reserved pid.
    pub fn insert(&self, at: Placement, process: Arc<Process>) {
        let mut t = lock(&self.inner);
        t.reserved.remove(&at.pid);
        let parent = if t.procs.get(&at.parent).is_some_and(|p| !is_zombie(p)) {
            at.parent
        } else {
            // Its parent died while it was starting: init adopts it at once.
            adoptive_parent(&t)
        };
        if let Some(p) = t.procs.get_mut(&parent) {
            p.children.insert(at.pid);
        }
        t.procs.insert(
            at.pid,
            Entry {
                process,
                parent,
                children: BTreeSet::new(),
                pgid: at.pgid,
                sid: at.sid,
                state: State::Running,
                unreported: None,
            },
        );
    }

    /// The process with this pid, zombie or not.
    pub fn get(&self, pid: u32) -> Option<Arc<Process>> {
        lock(&self.inner).procs.get(&pid).map(|e| e.process.clone())
    }

    /// The pids in the table, zombies included.
    pub fn pids(&self) -> Vec<u32> {
        lock(&self.inner).procs.keys().copied().collect()
    }

    pub fn state(&self, pid: u32) -> Option<State> {
        lock(&self.inner).procs.get(&pid).map(|e| e.state)
    }

    pub fn parent(&self, pid: u32) -> u32 {
        lock(&self.inner).procs.get(&pid).map_or(0, |e| e.parent)
    }

    /// getpgid(2): `pid` 0 is `caller`.
    ///
    /// # Errors
    /// `ESRCH` when there is no such process in the sandbox.
    pub fn pgid(&self, caller: u32, pid: i32) -> Result<u32, Errno> {
        let t = lock(&self.inner);
        let pid = if pid == 0 { caller } else { positive(pid)? };
        t.procs.get(&pid).map(|e| e.pgid).ok_or(Errno::ESRCH)
    }

    /// getsid(2): `pid` 0 is `caller`.
    ///
    /// # Errors
    /// `ESRCH` when there is no such process in the sandbox.
    pub fn sid(&self, caller: u32, pid: i32) -> Result<u32, Errno> {
        let t = lock(&self.inner);
        let pid = if pid == 0 { caller } else { positive(pid)? };
        t.procs.get(&pid).map(|e| e.sid).ok_or(Errno::ESRCH)
    }

    /// setpgid(2), with Linux's errors (except `EACCES` for a child that has
    /// exec'ed: every child here was started by spawn, which is fork and exec in one,
    /// so that rule would forbid setpgid on children altogether).
    ///
    /// # Errors
    /// `EINVAL`, `ESRCH`, `EPERM` as setpgid(2).
    pub fn setpgid(&self, caller: u32, pid: i32, pgid: i32) -> Result<(), Errno> {
        if pgid < 0 {
            return Err(Errno::EINVAL);
        }
        let mut t = lock(&self.inner);
        let target = if pid == 0 { caller } else { positive(pid)? };
        let Some(entry) = t.procs.get(&target) else { return Err(Errno::ESRCH) };
        if target != caller && entry.parent != caller {
            return Err(Errno::ESRCH);
        }
        let caller_sid = t.procs.get(&caller).map_or(0, |e| e.sid);
        if entry.sid == target {
            return Err(Errno::EPERM); // a session leader
        }
        if entry.sid != caller_sid {
            return Err(Errno::EPERM);
        }
        let pgid = if pgid == 0 { target } else { pgid as u32 };
        if pgid != target && !t.group_exists_in(pgid, caller_sid) {
            return Err(Errno::EPERM);
        }
        if let Some(e) = t.procs.get_mut(&target) {
            e.pgid = pgid;
        }
        Ok(())
    }

    /// setsid(2): the new session's id.
    ///
    /// # Errors
    /// `EPERM` when the caller leads a process group (or one bears its pid).
    pub fn setsid(&self, caller: u32) -> Result<u32, Errno> {
        let mut t = lock(&self.inner);
        if t.procs.values().any(|e| e.pgid == caller) {
            return Err(Errno::EPERM);
        }
        let e = t.procs.get_mut(&caller).ok_or(Errno::ESRCH)?;
        e.pgid = caller;
        e.sid = caller;
        Ok(caller)
    }

    /// waitpid(2)'s look at the children of `caller`: reaps a zombie, or reports a
    /// stop (`WUNTRACED`) or a continue (`WCONTINUED`). Without one, and when `waker`
    /// is given, registers it to be woken at the next change of a child.
    ///
    /// # Errors
    /// `ECHILD` when no child matches `pid`.
    pub fn wait(
        &self,
        caller: &Process,
        pid: i32,
        options: u32,
        waker: Option<&Arc<Waker>>,
    ) -> Result<Waited, Errno> {
        let mut t = lock(&self.inner);
        let Some(me) = t.procs.get(&caller.pid) else { return Err(Errno::ECHILD) };
        let my_pgid = me.pgid;
        let matches = |child: u32, e: &Entry| match pid {
            -1 => true,
            0 => e.pgid == my_pgid,
            p if p > 0 => child == p as u32,
            p => p.checked_neg().is_some_and(|g| e.pgid == g as u32),
        };
        let candidates: Vec<u32> = me
            .children
            .iter()
            .copied()
            .filter(|c| t.procs.get(c).is_some_and(|e| matches(*c, e)))
            .collect();
        if candidates.is_empty() {
            return Err(Errno::ECHILD);
        }
        for child in candidates {
            let Some(e) = t.procs.get_mut(&child) else { continue };
            if let State::Zombie(end) = e.state {
                reap(&mut t, child);
                return Ok(Waited::Child { pid: child, status: end.wait_status() });
            }
            let status = match e.unreported {
                Some(Change::Stopped(sig)) if options & wait::WUNTRACED != 0 => wait::stopped(sig),
                Some(Change::Continued) if options & wait::WCONTINUED != 0 => wait::CONTINUED,
                _ => continue,
            };
            e.unreported = None;
            return Ok(Waited::Child { pid: child, status });
        }
        if let Some(w) = waker {
            caller.children_changed.register(w);
        }
        Ok(Waited::NotYet)
    }

    /// The first step of a process's end, before its descriptors close: its children
    /// go to init, so one that sees end of file on a pipe its parent held already has
    /// its new parent.
    pub fn orphan_children(&self, pid: u32) {
        let mut t = lock(&self.inner);
        let init = adoptive_parent(&t);
        let heir = if init == pid { 0 } else { init };
        let Some(e) = t.procs.get_mut(&pid) else { return };
        let children = std::mem::take(&mut e.children);
        let mut zombie_orphans = false;
        for c in &children {
            if let Some(ce) = t.procs.get_mut(c) {
                ce.parent = heir;
                zombie_orphans |= is_zombie(ce);
            }
        }
        if let Some(h) = t.procs.get_mut(&heir) {
            h.children.extend(children.iter().copied());
            if zombie_orphans {
                h.process.children_changed.wake_all();
            }
        } else {
            // Nobody will wait for them: zombies among them go now.
            for c in children {
                if t.procs.get(&c).is_some_and(is_zombie) {
                    t.procs.remove(&c);
                }
            }
        }
    }

    /// The end of a process: it becomes a zombie with `end` (its descriptors are
    /// already closed), its children go to init, and its parent hears of it
    /// (`SIGCHLD`, and a waker for waitpid). A parent that ignores `SIGCHLD` leaves no
    /// zombie behind.
    pub fn exit(&self, pid: u32, end: Termination) {
        self.orphan_children(pid);
        let parent = {
            let mut t = lock(&self.inner);
            let Some(e) = t.procs.get_mut(&pid) else { return };
            e.state = State::Zombie(end);
            e.unreported = None;
            let parent = e.parent;
            let parent = t.procs.get(&parent).filter(|p| !is_zombie(p)).map(|p| p.process.clone());
            if parent.is_none() {
                // Nobody can wait for it (init's status is the kernel's to report,
                // from the process itself).
                if pid != INIT {
                    t.procs.remove(&pid);
                }
            } else if parent
                .as_ref()
                .is_some_and(|p| p.signals().disposition(libc::SIGCHLD) == Disposition::Ignore)
            {
                // SIG_IGN for SIGCHLD: children are reaped at once (POSIX, and Linux).
                reap(&mut t, pid);
            }
            parent
        };
        if let Some(parent) = parent {
            // The signal first: a parent woken by the change finds it pending, and
            // hears of it with the answer to its waitpid.
            self.post(&parent, libc::SIGCHLD);
            parent.children_changed.wake_all();
        }
    }

    /// Whether init has ended.
    pub fn init_ended(&self) -> bool {
        lock(&self.inner).procs.get(&INIT).is_none_or(is_zombie)
    }

    /// kill(2) from `caller` (`pid` and `signo` as the call takes them).
    ///
    /// # Errors
    /// `EINVAL` for a bad signal, `ESRCH` when no process matches.
    pub fn kill(&self, caller: u32, pid: i32, signo: i32) -> Result<(), Errno> {
        if signo != 0 && !signal::valid(signo) {
            return Err(Errno::EINVAL);
        }
        let targets: Vec<(u32, Arc<Process>)> = {
            let t = lock(&self.inner);
            let my_pgid = t.procs.get(&caller).map_or(0, |e| e.pgid);
            let pick = |f: &dyn Fn(u32, &Entry) -> bool| -> Vec<(u32, Arc<Process>)> {
                t.procs
                    .iter()
                    .filter(|(p, e)| f(**p, e))
                    .map(|(p, e)| (*p, e.process.clone()))
                    .collect()
            };
            match pid {
                -1 => pick(&|p, _| p != INIT && p != caller),
                0 => pick(&|_, e| e.pgid == my_pgid),
                p if p > 0 => pick(&|q, _| q == p as u32),
                p => match p.checked_neg() {
                    Some(g) => pick(&|_, e| e.pgid == g as u32),
                    None => Vec::new(),
                },
            }
        };
        if targets.is_empty() {
            return Err(Errno::ESRCH);
        }
        if signo == 0 {
            return Ok(());
        }
        for (pid, process) in targets {
            if pid == INIT && process.signals().disposition(signo) != Disposition::Handle {
                // As a pid namespace's init: signals it does not handle, SIGKILL
                // included, do nothing when they come from inside the sandbox.
                continue;
            }
            self.post(&process, signo);
        }
        Ok(())
    }

    /// Posts `signo` to `process` and carries out what it means: wake a blocked call
    /// for a handler, terminate, stop, or continue.
    pub fn post(&self, process: &Process, signo: i32) {
        if matches!(self.state(process.pid), None | Some(State::Zombie(_))) {
            return;
        }
        if signo == libc::SIGCONT {
            self.resume(process);
        }
        let act = process.signals().post(signo);
        match act {
            Act::Nothing => {}
            Act::Deliver => process.wake(),
            Act::Terminate => process.terminate_by_signal(signo),
            Act::Stop => self.stop(process, signo),
        }
    }

    /// Carries out the actions of signals a sigprocmask(2) unblocked.
    pub fn act_unblocked(&self, process: &Process) {
        let acts = process.signals().take_unblocked();
        for (signo, act) in acts {
            match act {
                Act::Nothing | Act::Deliver => {}
                Act::Terminate => process.terminate_by_signal(signo),
                Act::Stop => self.stop(process, signo),
            }
        }
    }

    fn stop(&self, process: &Process, signo: i32) {
        let parent = {
            let mut t = lock(&self.inner);
            let Some(e) = t.procs.get_mut(&process.pid) else { return };
            if e.state != State::Running {
                return;
            }
            if pidfd_send_signal(process.pidfd.as_fd(), libc::SIGSTOP).is_err() {
                return;
            }
            e.state = State::Stopped(signo);
            e.unreported = Some(Change::Stopped(signo));
            let parent = e.parent;
            t.procs.get(&parent).map(|p| p.process.clone())
        };
        tracing::info!(pid = process.pid, signal = signo, "stopped");
        if let Some(parent) = parent {
            parent.children_changed.wake_all();
            self.post(&parent, libc::SIGCHLD);
        }
    }

    fn resume(&self, process: &Process) {
        let parent = {
            let mut t = lock(&self.inner);
            let Some(e) = t.procs.get_mut(&process.pid) else { return };
            if !matches!(e.state, State::Stopped(_)) {
                return;
            }
            let _ = pidfd_send_signal(process.pidfd.as_fd(), libc::SIGCONT);
            e.state = State::Running;
            e.unreported = Some(Change::Continued);
            let parent = e.parent;
            t.procs.get(&parent).map(|p| p.process.clone())
        };
        tracing::info!(pid = process.pid, "continued");
        if let Some(parent) = parent {
            parent.children_changed.wake_all();
            self.post(&parent, libc::SIGCHLD);
        }
    }

    /// Ends every process still running (init has ended: Docker's semantics).
    pub fn kill_all(&self) {
        let live: Vec<Arc<Process>> = lock(&self.inner)
            .procs
            .values()
            .filter(|e| !is_zombie(e))
            .map(|e| e.process.clone())
            .collect();
        for p in live {
            p.terminate_by_signal(libc::SIGKILL);
        }
    }

    /// Counts a serving thread in; [`ThreadGuard`] counts it out when dropped.
    pub fn thread_started(self: &Arc<Self>) -> ThreadGuard {
        *lock(&self.threads) += 1;
        ThreadGuard(self.clone())
    }

    /// Waits, at most `limit`, for every serving thread to finish.
    pub fn wait_threads(&self, limit: Duration) -> bool {
        let guard = lock(&self.threads);
        let (guard, _) = self
            .threads_done
            .wait_timeout_while(guard, limit, |n| *n > 0)
            .unwrap_or_else(|e| e.into_inner());
        *guard == 0
    }
}

/// Held by a serving thread while it runs.
#[derive(Debug)]
pub struct ThreadGuard(Arc<ProcessTable>);

impl Drop for ThreadGuard {
    fn drop(&mut self) {
        let mut n = lock(&self.0.threads);
        *n -= 1;
        if *n == 0 {
            self.0.threads_done.notify_all();
        }
    }
}

fn is_zombie(e: &Entry) -> bool {
    matches!(e.state, State::Zombie(_))
}

/// Init while it runs, else nobody (0).
fn adoptive_parent(t: &Inner) -> u32 {
    if t.procs.get(&INIT).is_some_and(|e| !is_zombie(e)) {
        INIT
    } else {
        0
    }
}

/// Removes a zombie from the table and from its parent's children.
fn reap(t: &mut Inner, pid: u32) {
    if let Some(e) = t.procs.remove(&pid) {
        if let Some(p) = t.procs.get_mut(&e.parent) {
            p.children.remove(&pid);
        }
    }
}

fn positive(pid: i32) -> Result<u32, Errno> {
    u32::try_from(pid).ok().filter(|p| *p > 0).ok_or(Errno::ESRCH)
}

#[cfg(test)]
mod tests {
    use std::process::Child;

    use super::*;
    use crate::process::tests::sleeping_process_with_pid;

    /// A table with init and the given `(pid, parent)` processes, all running.
    fn table(procs: &[(u32, u32)]) -> (Arc<ProcessTable>, Vec<Child>) {
        let t = Arc::new(ProcessTable::default());
        let mut children = Vec::new();
        for &(pid, parent) in [(INIT, 0)].iter().chain(procs) {
            assert_eq!(t.reserve(64), Ok(pid));
            let (p, c) = sleeping_process_with_pid(pid, 8);
            let at = if parent == 0 {
                Placement { pid, parent, pgid: pid, sid: pid }
            } else {
                t.placement(parent, pid, None, false).unwrap()
            };
            t.insert(at, Arc::new(p));
            children.push(c);
        }
        (t, children)
    }

    fn reap_all(mut children: Vec<Child>) {
        for c in &mut children {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    #[test]
    fn the_process_limit_counts_reservations_and_zombies() {
        let (t, children) = table(&[(2, 1)]);
        assert_eq!(t.reserve(3), Ok(3));
        assert_eq!(t.reserve(3), Err(Errno::EAGAIN));
        t.release(3);
        t.exit(2, Termination::Exited(0));
        assert_eq!(t.reserve(3), Ok(4), "pids are not reused at once");
        t.release(4);
        assert_eq!(t.state(2), Some(State::Zombie(Termination::Exited(0))));
        assert_eq!(t.reserve(2), Err(Errno::EAGAIN), "a zombie counts until reaped");
        reap_all(children);
    }

    #[test]
    fn wait_reaps_zombies_and_refuses_non_children() {
        let (t, children) = table(&[(2, 1), (3, 2)]);
        let init = t.get(INIT).unwrap();
        let two = t.get(2).unwrap();
        assert_eq!(t.wait(&init, 3, 0, None), Err(Errno::ECHILD), "a grandchild");
        assert_eq!(t.wait(&two, 1, 0, None), Err(Errno::ECHILD), "its parent");
        assert_eq!(t.wait(&init, -1, 0, None), Ok(Waited::NotYet));
        t.exit(3, Termination::Signaled(9));
        t.exit(2, Termination::Exited(1));
        assert_eq!(t.wait(&init, 2, 0, None), Ok(Waited::Child { pid: 2, status: 0x100 }));
        // 3 died before its parent: a zombie reparented to init, waited for there.
        assert_eq!(t.wait(&init, -1, 0, None), Ok(Waited::Child { pid: 3, status: 9 }));
        assert_eq!(t.wait(&init, -1, 0, None), Err(Errno::ECHILD));
        assert_eq!(t.pids(), vec![INIT]);
        reap_all(children);
    }

    #[test]
    fn setpgid_and_setsid_follow_posix() {
        let (t, children) = table(&[(2, 1), (3, 1), (4, 2)]);
        assert_eq!(t.setpgid(1, 0, 0), Err(Errno::EPERM), "init leads its session");
        assert_eq!(t.setpgid(1, 4, 0), Err(Errno::ESRCH), "not a child of 1");
        assert_eq!(t.setpgid(1, 2, -1), Err(Errno::EINVAL));
        assert_eq!(t.setpgid(1, 2, 77), Err(Errno::EPERM), "no such group");
        assert_eq!(t.setpgid(1, 2, 0), Ok(()));
        assert_eq!(t.pgid(1, 2), Ok(2));
        assert_eq!(t.setpgid(1, 3, 2), Ok(()), "joins an existing group");
        assert_eq!(t.setsid(2), Err(Errno::EPERM), "a group leader");
        assert_eq!(t.setsid(4), Ok(4));
        assert_eq!(t.sid(1, 4), Ok(4));
        assert_eq!(t.setpgid(2, 4, 2), Err(Errno::EPERM), "a session leader");
        assert_eq!(t.placement(1, 9, Some(4), false).err(), Some(Errno::EPERM), "another session");
        assert_eq!(t.placement(1, 9, Some(2), true).err(), Some(Errno::EPERM));
        assert_eq!(t.sid(1, 99), Err(Errno::ESRCH));
        assert_eq!(t.pgid(1, -5), Err(Errno::ESRCH));
        reap_all(children);
    }

    #[test]
    fn kill_finds_groups_and_never_more_than_the_table() {
        let (t, children) = table(&[(2, 1), (3, 1)]);
        t.setpgid(1, 2, 0).unwrap();
        t.setpgid(1, 3, 2).unwrap();
        assert_eq!(t.kill(1, -2, 0), Ok(()));
        assert_eq!(t.kill(1, -5, 0), Err(Errno::ESRCH));
        assert_eq!(t.kill(1, i32::MIN, 0), Err(Errno::ESRCH));
        assert_eq!(t.kill(1, 2, 0x41), Err(Errno::EINVAL));
        assert_eq!(t.kill(1, std::process::id() as i32, 0), Err(Errno::ESRCH));
        // kill(-1) from init: everyone but init.
        t.kill(1, -1, libc::SIGKILL).unwrap();
        assert_eq!(t.get(2).unwrap().termination(), Some(Termination::Signaled(9)));
        assert_eq!(t.get(3).unwrap().termination(), Some(Termination::Signaled(9)));
        assert_eq!(t.get(INIT).unwrap().termination(), None);
        reap_all(children);
    }
}
