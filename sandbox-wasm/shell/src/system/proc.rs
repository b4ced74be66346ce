//! Processes and signals. `fork` is a new virtual process (a task on the
//! executor); `execve` spawns the program as a real sandbox process with the
//! virtual process's descriptors, waits for it, and ends the virtual process
//! as the program ended, so yash sees an ordinary child.

use super::SandboxSystem;
use super::sig::{self, Sigset};
use super::state::with;
use crate::host::{self, FdAction};
use std::convert::Infallible;
use std::ffi::{CStr, CString};
use std::future::{pending, poll_fn};
use std::ops::RangeInclusive;
use std::pin::pin;
use std::task::Poll;
use yash_env::job::{Pid, ProcessResult, ProcessState};
use yash_env::semantics::ExitStatus;
use yash_env::signal::Number;
use yash_env::system::concurrency::RunLoop;
use yash_env::system::{
    CaughtSignals, ChildProcessStarter, Concurrent, Disposition, Errno, Exec, Exit, Fork, GetPid,
    GetSigaction, Result, SendSignal, SetPgid, Sigaction, Sigmask, SigmaskOp, Signals, Wait,
};

impl GetPid for SandboxSystem {
    fn getpid(&self) -> Pid {
        self.pid
    }
    fn getppid(&self) -> Pid {
        self.with_proc(|p| p.ppid)
    }
    fn getpgrp(&self) -> Pid {
        self.with_proc(|p| p.pgid)
    }
    fn getsid(&self, _pid: Pid) -> Result<Pid> {
        Ok(with(|s| s.main_pid))
    }
}

/// Job control is off in the sandbox: groups are bookkeeping only.
impl SetPgid for SandboxSystem {
    fn setpgid(&self, pid: Pid, pgid: Pid) -> Result<()> {
        let pid = if pid.0 == 0 { self.pid } else { pid };
        let pgid = if pgid.0 == 0 { pid } else { pgid };
        with(|s| match s.procs.get_mut(&pid) {
            Some(p) => {
                p.pgid = pgid;
                Ok(())
            }
            None => Err(Errno::ESRCH),
        })
    }
}

impl Signals for SandboxSystem {
    const SIGABRT: Number = sig::SIGABRT;
    const SIGALRM: Number = sig::SIGALRM;
    const SIGBUS: Number = sig::SIGBUS;
    const SIGCHLD: Number = sig::SIGCHLD;
    const SIGCLD: Option<Number> = None;
    const SIGCONT: Number = sig::SIGCONT;
    const SIGEMT: Option<Number> = None;
    const SIGFPE: Number = sig::SIGFPE;
    const SIGHUP: Number = sig::SIGHUP;
    const SIGILL: Number = sig::SIGILL;
    const SIGINFO: Option<Number> = None;
    const SIGINT: Number = sig::SIGINT;
    const SIGIO: Option<Number> = Some(sig::SIGIO);
    const SIGIOT: Number = sig::SIGABRT;
    const SIGKILL: Number = sig::SIGKILL;
    const SIGLOST: Option<Number> = None;
    const SIGPIPE: Number = sig::SIGPIPE;
    const SIGPOLL: Option<Number> = Some(sig::SIGIO);
    const SIGPROF: Number = sig::SIGPROF;
    const SIGPWR: Option<Number> = Some(sig::SIGPWR);
    const SIGQUIT: Number = sig::SIGQUIT;
    const SIGSEGV: Number = sig::SIGSEGV;
    const SIGSTKFLT: Option<Number> = Some(sig::SIGSTKFLT);
    const SIGSTOP: Number = sig::SIGSTOP;
    const SIGSYS: Number = sig::SIGSYS;
    const SIGTERM: Number = sig::SIGTERM;
    const SIGTHR: Option<Number> = None;
    const SIGTRAP: Number = sig::SIGTRAP;
    const SIGTSTP: Number = sig::SIGTSTP;
    const SIGTTIN: Number = sig::SIGTTIN;
    const SIGTTOU: Number = sig::SIGTTOU;
    const SIGURG: Number = sig::SIGURG;
    const SIGUSR1: Number = sig::SIGUSR1;
    const SIGUSR2: Number = sig::SIGUSR2;
    const SIGVTALRM: Number = sig::SIGVTALRM;
    const SIGWINCH: Number = sig::SIGWINCH;
    const SIGXCPU: Number = sig::SIGXCPU;
    const SIGXFSZ: Number = sig::SIGXFSZ;

    fn sigrt_range(&self) -> Option<RangeInclusive<Number>> {
        Some(sig::SIGRTMIN..=sig::SIGRTMAX)
    }
}

/// Masks are per virtual process and only bookkeeping: the instance itself
/// never blocks a signal (it handles the ones the shell cares about).
impl Sigmask for SandboxSystem {
    type Sigset = Sigset;

    fn sigmask(
        &self,
        op: Option<(SigmaskOp, &Sigset)>,
        old_mask: Option<&mut Sigset>,
    ) -> impl Future<Output = Result<()>> + use<> {
        self.with_proc(|p| {
            if let Some(old) = old_mask {
                *old = p.mask;
            }
            if let Some((op, set)) = op {
                p.mask.0 = match op {
                    SigmaskOp::Add => p.mask.0 | set.0,
                    SigmaskOp::Remove => p.mask.0 & !set.0,
                    _ => set.0,
                };
            }
        });
        std::future::ready(Ok(()))
    }
}

impl GetSigaction for SandboxSystem {
    fn get_sigaction(&self, signal: Number) -> Result<Disposition> {
        Ok(self.with_proc(|p| p.disposition(signal)))
    }
}

impl Sigaction for SandboxSystem {
    fn sigaction(&self, signal: Number, action: Disposition) -> Result<Disposition> {
        if matches!(signal.as_raw(), 9 | 19) && action != Disposition::Default {
            return Err(Errno::EINVAL);
        }
        let (old, is_main) = with(|s| {
            let is_main = s.main_pid == self.pid;
            let p = s.procs.get_mut(&self.pid).expect("current process");
            (p.dispositions.insert(signal, action).unwrap_or_default(), is_main)
        });
        // The instance's own dispositions follow the main shell's, except for
        // SIGCHLD and SIGPIPE, which the instance always handles itself
        // (`main.rs`) and turns into virtual ones.
        if is_main && !matches!(signal.as_raw(), 13 | 17) {
            let host = match action {
                Disposition::Default => host::SIG_DEFAULT,
                Disposition::Ignore => host::SIG_IGNORE,
                Disposition::Catch => host::SIG_HANDLE,
            };
            host::sigaction(signal.as_raw() as u32, host).ok();
        }
        Ok(old)
    }
}

impl CaughtSignals for SandboxSystem {
    fn caught_signals(&self) -> Vec<Number> {
        self.with_proc(|p| std::mem::take(&mut p.caught))
    }
}

impl SendSignal for SandboxSystem {
    fn kill(
        &self,
        target: Pid,
        signal: Option<Number>,
    ) -> impl Future<Output = Result<()>> + use<> {
        let me = self.pid;
        let result = with(|s| -> Result<bool> {
            let targets: Vec<Pid> = if target.0 > 0 {
                if !s.procs.contains_key(&target) {
                    // A real process (one this shell did not start as a program
                    // of a virtual process, or any other in the sandbox).
                    let raw = signal.map_or(0, |n| n.as_raw() as u32);
                    host::kill(target.0, raw)?;
                    return Ok(false);
                }
                vec![target]
            } else {
                let pgid = match target.0 {
                    0 => Some(s.procs[&me].pgid),
                    -1 => None,
                    g => Some(Pid(-g)),
                };
                s.procs
                    .iter()
                    .filter(|(_, p)| p.is_alive() && pgid.is_none_or(|g| p.pgid == g))
                    .map(|(pid, _)| *pid)
                    .collect()
            };
            if targets.is_empty() {
                return Err(Errno::ESRCH);
            }
            let Some(signal) = signal else { return Ok(false) };
            let mut self_ended = false;
            for pid in targets {
                match s.procs.get(&pid).and_then(|p| p.real_child) {
                    // A virtual process that became a program: the program gets it.
                    Some(real) => host::kill(real, signal.as_raw() as u32)?,
                    None => self_ended |= s.deliver(pid, signal) && pid == me,
                }
            }
            Ok(self_ended)
        });
        async move {
            if result? {
                pending::<()>().await;
            }
            Ok(())
        }
    }

    fn raise(&self, signal: Number) -> impl Future<Output = Result<()>> + use<> {
        self.kill(self.pid, Some(signal))
    }
}

impl Fork for SandboxSystem {
    fn run_in_child_process<D, F>(&self, shared_data: D, child_task: F) -> (Result<Pid>, D)
    where
        D: Clone + 'static,
        F: AsyncFnOnce(Self, D) + 'static,
    {
        let (pid, spawner) = with(|s| {
            let pid = Pid(s.next_pid);
            s.next_pid += 1;
            let child = s.procs[&self.pid].fork(self.pid);
            s.procs.insert(pid, child);
            (pid, s.spawner.clone())
        });
        let child = SandboxSystem { pid };
        let data = shared_data.clone();
        let task = async move {
            child_task(child, data).await;
            // yash's child tasks end with exit; a task that returned exits 0.
            with(|s| s.end(pid, ProcessResult::Exited(ExitStatus(0))));
        };
        let Some(spawner) = spawner else { return (Err(Errno::ENOSYS), shared_data) };
        // SAFETY: the executor outlives every task (it runs until the process exits).
        if unsafe { spawner.spawn_pinned(Box::pin(task)) }.is_err() {
            with(|s| s.procs.remove(&pid));
            return (Err(Errno::EAGAIN), shared_data);
        }
        (Ok(pid), shared_data)
    }

    fn new_child_process(&self) -> Result<ChildProcessStarter<Self>> {
        Err(Errno::ENOSYS)
    }
}

impl Wait for SandboxSystem {
    fn wait(&self, target: Pid) -> Result<Option<(Pid, ProcessState)>> {
        with(|s| {
            let me = self.pid;
            let children: Vec<Pid> = s
                .procs
                .iter()
                .filter(|(pid, p)| p.ppid == me && (target.0 <= 0 || **pid == target))
                .map(|(pid, _)| *pid)
                .collect();
            if children.is_empty() {
                return Err(Errno::ECHILD);
            }
            for pid in children {
                let p = s.procs.get_mut(&pid).unwrap();
                if p.state_changed {
                    p.state_changed = false;
                    let state = p.state;
                    if !state.is_alive() {
                        s.procs.remove(&pid);
                    }
                    return Ok(Some((pid, state)));
                }
            }
            Ok(None)
        })
    }
}

/// Linux's wait status encoding to a process result.
fn decode(status: i32) -> ProcessResult {
    let low = status & 0x7f;
    if low == 0 {
        ProcessResult::Exited(ExitStatus((status >> 8) & 0xff))
    } else if status & 0xff == 0x7f {
        ProcessResult::Exited(ExitStatus(128 + ((status >> 8) & 0xff)))
    } else {
        match std::num::NonZero::new(low) {
            Some(n) => ProcessResult::Signaled {
                signal: Number::from_raw_unchecked(n),
                core_dump: status & 0x80 != 0,
            },
            None => ProcessResult::Exited(ExitStatus(0)),
        }
    }
}

/// Waits (yielding to the other tasks) for real child `pid`; its wait status.
async fn wait_real(pid: i32) -> i32 {
    poll_fn(|cx| {
        if let Some(status) = with(|s| s.reaped.remove(&pid)) {
            return Poll::Ready(status);
        }
        match host::waitpid(pid, host::WNOHANG) {
            Ok(Some((_, status))) => Poll::Ready(status),
            Ok(None) | Err(Errno::EINTR) => {
                with(|s| s.interests.child_waiters.push(cx.waker().clone()));
                Poll::Pending
            }
            // Gone without a status we could see: as a kill.
            Err(_) => Poll::Ready(9),
        }
    })
    .await
}

impl SandboxSystem {
    /// The spawn actions that give a child exactly this process's descriptors
    /// (the ones without close-on-exec): each real descriptor is first copied
    /// above every number in play, so no copy overwrites a later source.
    fn fd_actions(&self) -> Vec<FdAction> {
        let pairs: Vec<(i32, i32)> = self.with_proc(|p| {
            p.fds.iter().filter(|(_, e)| !e.cloexec).map(|(v, e)| (*v, e.real.0)).collect()
        });
        let top = pairs.iter().map(|&(v, r)| v.max(r)).max().unwrap_or(0).max(3) + 1;
        let mut actions = Vec::with_capacity(pairs.len() * 3 + 3);
        for (i, &(_, real)) in pairs.iter().enumerate() {
            actions.push(FdAction::Dup2 { from: real, fd: top + i as i32 });
        }
        for (i, &(v, _)) in pairs.iter().enumerate() {
            actions.push(FdAction::Dup2 { from: top + i as i32, fd: v });
        }
        for i in 0..pairs.len() {
            actions.push(FdAction::Close(top + i as i32));
        }
        for std in 0..3 {
            if !pairs.iter().any(|&(v, _)| v == std) {
                actions.push(FdAction::Close(std));
            }
        }
        actions
    }
}

impl Exec for SandboxSystem {
    fn execve(
        &self,
        path: &CStr,
        args: &[CString],
        envs: &[CString],
    ) -> impl Future<Output = Result<Infallible>> + use<> {
        let this = self.clone();
        let path = self.absolute(path);
        let args: Vec<Vec<u8>> = args.iter().map(|a| a.to_bytes().to_vec()).collect();
        let envs: Vec<Vec<u8>> = envs.iter().map(|e| e.to_bytes().to_vec()).collect();
        async move {
            let cwd = this.with_proc(|p| p.cwd.as_unix_str().as_bytes().to_vec());
            let argv: Vec<&[u8]> = args.iter().map(Vec::as_slice).collect();
            let env: Vec<&[u8]> = envs.iter().map(Vec::as_slice).collect();
            let pid = host::spawn(path.to_bytes(), &argv, &env, &cwd, &this.fd_actions())?;
            this.with_proc(|p| p.real_child = Some(pid));
            let status = wait_real(pid).await;
            with(|s| {
                s.procs.get_mut(&this.pid).expect("current process").real_child = None;
                s.end(this.pid, decode(status));
                s.wake_all();
            });
            pending().await
        }
    }
}

impl Exit for SandboxSystem {
    fn exit(&self, exit_status: ExitStatus) -> impl Future<Output = Infallible> + use<> {
        with(|s| {
            s.end(self.pid, ProcessResult::Exited(exit_status));
            s.wake_all();
        });
        pending()
    }
}

/// Runs a virtual process's task until it ends or the process does (killed,
/// exited): the same loop as yash's `Concurrent::run_virtual`.
impl RunLoop for SandboxSystem {
    fn run_loop<'c, F>(
        concurrent: &'c Concurrent<Self>,
        task: F,
    ) -> impl Future<Output = ()> + use<'c, F>
    where
        F: Future<Output = ()>,
    {
        use yash_env::system::concurrency::Select as _;
        async move {
            let pid = concurrent.getpid();
            let alive = || with(|s| s.procs.get(&pid).is_some_and(|p| p.is_alive()));
            let mut task = pin!(task);
            // Unlike yash's loop for its virtual system, the task is polled on every
            // wake-up: what it waits for (a real child, another virtual process) is
            // not always something `select` watches. The `select` future holds the
            // system's state while pending, so a new one is made each time.
            loop {
                if futures_util::poll!(&mut task).is_ready() || !alive() {
                    return;
                }
                let ready = {
                    let mut select = pin!(concurrent.select());
                    futures_util::poll!(&mut select).is_ready()
                };
                if !alive() {
                    return;
                }
                if !ready {
                    futures_util::pending!()
                }
            }
        }
    }
}
