//! Starting a process: create its rings, spawn its runtime confined, serve it on a
//! thread of its own, and when it ends, close its descriptors and leave its status in
//! the process table. The first program (`kernel run`) and every spawned one take the
//! same path ([`launch`]); [`run`] adds what the first one means: it is init, and
//! when it ends the sandbox ends (Docker's semantics).

use std::io::BufRead;
use std::os::fd::AsFd;
use std::path::PathBuf;
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use policies::confine::{self, SpawnSpec};
use syscall_proto::path::oflags;
use syscall_proto::proc::{Preopen, RuntimeLimit, RuntimeLimits, StartInfo};
use syscall_proto::ring::{self, RingConfig, CHILD_FDS};
use syscall_proto::Errno;

use super::modcache::ModuleCache;
use super::program::{self, Program, ProgramError};
use super::serve::{self, End};
use super::status;
use crate::fd::{FdTable, OpenFile};
use crate::limits::{self, StartLimitError};
use crate::perm::{self, Caller};
use crate::process::{Process, Termination};
use crate::proctable::{Placement, INIT};
use crate::sandbox::Sandbox;
use crate::signal::Signals;
use crate::vfs::path::{Resolved, VPath};
use crate::vfs::Object;
use crate::wait::{Waiter, Waker};

/// What to run and with which runtime binaries.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Sandbox path of the program.
    pub program: String,
    pub args: Vec<String>,
    /// How its runtime, and every process it spawns, is started.
    pub runtimes: Runtimes,
}

/// How the sandbox starts runtimes: the same for every process.
#[derive(Debug, Clone)]
pub struct Runtimes {
    /// Directory holding `sandbox-wasm` and `sandbox-node`.
    pub dir: PathBuf,
    pub ring: RingConfig,
    /// How long a runtime may take to send its handshake before it is killed.
    pub hello_timeout: Duration,
    /// Precompiled WebAssembly modules (`None`: every start compiles).
    pub modules: Option<Arc<ModuleCache>>,
}

/// [`Runtimes::hello_timeout`] unless the command line says otherwise: a runtime
/// starts in milliseconds, so this is only reached by a broken or hostile one.
pub const HELLO_TIMEOUT: Duration = Duration::from_secs(10);

/// The program could not be started.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("{0}: no such file in the sandbox")]
    NotFound(String),
    #[error("{program}: {reason}")]
    CannotRun { program: String, reason: String },
    /// Its arguments or environment are over a limit (`E2BIG`).
    #[error("{program}: {source}")]
    Limit { program: String, source: StartLimitError },
    #[error(transparent)]
    Launch(#[from] LaunchError),
    #[error("{0}")]
    Os(#[from] std::io::Error),
}

impl RunError {
    /// The exit status the kernel ends with.
    pub fn status(&self) -> i32 {
        match self {
            RunError::NotFound(_) => status::NOT_FOUND,
            RunError::CannotRun { .. } | RunError::Limit { .. } => status::CANNOT_RUN,
            _ => status::KERNEL_ERROR,
        }
    }
}

/// A runtime could not be started.
#[derive(Debug, thiserror::Error)]
pub enum LaunchError {
    #[error("cannot create the rings: {0}")]
    Ring(#[from] ring::TransportError),
    #[error("cannot start the runtime {binary}: {source}")]
    Spawn { binary: String, source: confine::ConfineError },
    #[error("cannot start a serving thread: {0}")]
    Thread(std::io::Error),
    #[error("{0}")]
    Os(#[from] std::io::Error),
}

impl LaunchError {
    /// What a spawning program sees: the host ran out of something (`EAGAIN`, as
    /// fork(2)), or the runtime binary could not be executed (`ENOEXEC`).
    pub fn errno(&self) -> Errno {
        match self {
            LaunchError::Spawn { .. } => Errno::ENOEXEC,
            _ => Errno::EAGAIN,
        }
    }
}

/// Everything a new process starts with.
#[derive(Debug)]
pub struct Start {
    pub at: Placement,
    pub program: Program,
    pub argv: Vec<Vec<u8>>,
    pub env: Vec<(Vec<u8>, Vec<u8>)>,
    pub cwd: VPath,
    pub fds: FdTable,
    pub signals: Signals,
}

/// Runs `opts.program` as init of `sandbox` until it ends, then ends every other
/// process, and returns init's exit status.
///
/// # Errors
/// [`RunError`] when the program could not be started at all.
pub fn run(sandbox: Arc<Sandbox>, opts: &RunOptions) -> Result<i32, RunError> {
    let _ = sandbox.runtimes.set(opts.runtimes.clone());
    let name = &opts.program;
    let pid = sandbox
        .procs
        .reserve(sandbox.policy.limits.processes)
        .map_err(|e| std::io::Error::other(format!("no pid for the first program: {e:?}")))?;
    debug_assert_eq!(pid, INIT);
    let result = start_init(&sandbox, pid, opts);
    if result.is_err() {
        sandbox.procs.release(pid);
    }
    let thread = result?;
    let end = match sandbox.policy.limits.wall_ms {
        None => thread.join().ok().flatten(),
        Some(ms) => join_within(&sandbox, thread, Duration::from_millis(ms)),
    };
    // Init is gone: so is the rest of the sandbox.
    sandbox.procs.kill_all();
    if !sandbox.procs.wait_threads(Duration::from_secs(10)) {
        tracing::error!("serving threads still running after the sandbox ended");
    }
    let end = end.unwrap_or(Termination::Exited(status::KERNEL_ERROR));
    tracing::info!(program = %name, status = end.exit_code(), "init ended");
    Ok(end.exit_code())
}

/// Waits for init for at most `limit` (`[limits] wall_ms`); past it, ends the whole
/// sandbox, audited, and answers [`status::TIMED_OUT`].
///
/// The wait is on init's runtime (its pidfd, readable once it has exited): the serving
/// thread finishes right after it, so that thread is then joined without a limit.
fn join_within(
    sandbox: &Sandbox,
    thread: std::thread::JoinHandle<Option<Termination>>,
    limit: Duration,
) -> Option<Termination> {
    if !init_ends_within(sandbox, limit) {
        tracing::warn!(
            limit_ms = limit.as_millis() as u64,
            "wall-clock limit reached: ending the sandbox"
        );
        sandbox.audit.denied(INIT, "wall-clock", "sandbox", limits::WALL_MS, Errno::ETIMEDOUT);
        sandbox.procs.kill_all();
        let _ = thread.join();
        return Some(Termination::Exited(status::TIMED_OUT));
    }
    thread.join().ok().flatten()
}

/// Whether init's runtime ends within `limit`.
fn init_ends_within(sandbox: &Sandbox, limit: Duration) -> bool {
    // Init is in the table from its launch until the kernel exits.
    let Some(init) = sandbox.procs.get(INIT) else { return true };
    let Ok(waker) = Waker::new() else {
        tracing::error!("cannot watch the wall-clock limit: ending the sandbox now");
        return false;
    };
    // Nobody rings this waker: only init's end (the cancel descriptor) or the deadline
    // ends a sleep.
    let waiter = Waiter::new(waker, init.pidfd.as_fd());
    let deadline = Instant::now().checked_add(limit);
    loop {
        match waiter.sleep(deadline, &[]) {
            Err(Errno::EINTR) => return true,
            Err(e) => {
                tracing::error!(error = ?e, "cannot watch the wall-clock limit: ending the sandbox now");
                return false;
            }
            Ok(_) if deadline.is_some_and(|d| Instant::now() >= d) => return false,
            Ok(_) => {}
        }
    }
}

fn start_init(
    sandbox: &Arc<Sandbox>,
    pid: u32,
    opts: &RunOptions,
) -> Result<std::thread::JoinHandle<Option<Termination>>, RunError> {
    let name = &opts.program;
    let program =
        program::resolve(sandbox, pid, &VPath::root(), name.as_bytes()).map_err(|e| match e {
            ProgramError::NotFound => RunError::NotFound(name.clone()),
            other => RunError::CannotRun { program: name.clone(), reason: other.to_string() },
        })?;
    // What execve(2) checks before anything starts: the arguments and environment fit.
    let argv = program_argv(opts);
    let env = sandbox.environment();
    if let Err(source) = limits::check_start(&sandbox.policy.limits, &argv, &env) {
        sandbox.audit.denied(pid, "execve", name, source.rule(), Errno::E2BIG);
        return Err(RunError::Limit { program: name.clone(), source });
    }
    let fds = initial_fds(sandbox, pid, opts)?;
    let start = Start {
        at: Placement { pid, parent: 0, pgid: pid, sid: pid },
        program,
        argv,
        env,
        cwd: VPath::root(),
        fds,
        signals: Signals::default(),
    };
    Ok(launch(sandbox, start)?)
}

/// Starts a process: its runtime runs, and a thread of its own serves it, when this
/// returns. The thread's result is how the process ended (`None` if it never started).
///
/// The runtime is spawned from the serving thread itself, which lives until the
/// runtime is reaped: its parent-death signal follows that thread.
///
/// # Errors
/// [`LaunchError`]; the pid stays reserved (the caller releases it).
pub fn launch(
    sandbox: &Arc<Sandbox>,
    start: Start,
) -> Result<std::thread::JoinHandle<Option<Termination>>, LaunchError> {
    let (tx, rx) = mpsc::sync_channel::<Result<(), LaunchError>>(1);
    let guard = sandbox.procs.clone().thread_started();
    let sb = sandbox.clone();
    let pid = start.at.pid;
    let thread = std::thread::Builder::new()
        .name(format!("pid-{pid}"))
        .spawn(move || {
            let _guard = guard;
            serve_process(sb, start, tx)
        })
        .map_err(LaunchError::Thread)?;
    match rx.recv() {
        Ok(Ok(())) => Ok(thread),
        Ok(Err(e)) => {
            let _ = thread.join();
            Err(e)
        }
        Err(_) => {
            let _ = thread.join();
            Err(LaunchError::Os(std::io::Error::other("the serving thread died")))
        }
    }
}

/// The serving thread of one process, from its runtime's start to its zombie.
fn serve_process(
    sandbox: Arc<Sandbox>,
    start: Start,
    started: mpsc::SyncSender<Result<(), LaunchError>>,
) -> Option<Termination> {
    let Start { at, program, argv, env, cwd, fds, signals } = start;
    let pid = at.pid;
    let spawned = (|| -> Result<_, LaunchError> {
        // Set by [`run`] before the first launch.
        let runtimes = sandbox
            .runtimes
            .get()
            .ok_or_else(|| std::io::Error::other("the sandbox's runtimes are not configured"))?;
        let (mut endpoint, child_fds) = ring::create(&runtimes.ring)?;
        let limits = &sandbox.policy.limits;
        let binary_path = runtimes.dir.join(program.profile.name());
        let mut args = Vec::new();
        let mut fds = vec![
            (child_fds.memfd, CHILD_FDS[0]),
            (child_fds.kernel_bell, CHILD_FDS[1]),
            (child_fds.runtime_bell, CHILD_FDS[2]),
        ];
        if program.profile == confine::RuntimeProfile::Wasm {
            // The runtime stops the program at its CPU budget itself (epoch
            // interruption); RLIMIT_CPU stays the backstop.
            if let Some(ms) = limits.cpu_ms {
                args.extend(["--cpu-ms".to_owned(), ms.to_string()]);
            }
            if let Some(artifact) = precompiled(&sandbox, pid, &program, runtimes) {
                args.push("--precompiled".to_owned());
                fds.push((artifact, WASM_ARTIFACT_FD));
            }
        }
        let spec = SpawnSpec {
            program: binary_path.clone(),
            args,
            fds,
            profile: program.profile,
            memory_mb: limits.memory_mb,
            cpu_ms: limits.cpu_ms,
            if_unsupported: sandbox.policy.confinement.if_unsupported,
        };
        let child = confine::spawn(spec).map_err(|source| LaunchError::Spawn {
            binary: binary_path.display().to_string(),
            source,
        })?;
        // The pidfd from clone(CLONE_PIDFD): unlike one looked up by pid, it cannot
        // name another process if this one is already gone and its pid reused.
        let pidfd = child.pidfd().try_clone_to_owned()?;
        endpoint.watch_peer(pidfd.try_clone()?);
        Ok((endpoint, child, pidfd))
    })();
    let (mut endpoint, mut child, pidfd) = match spawned {
        Ok(s) => s,
        Err(e) => {
            let _ = started.send(Err(e));
            return None;
        }
    };
    let host_pid = child.id();
    tracing::info!(pid, host_pid, runtime = program.profile.name(), program = %program.name, "started");
    let log_thread = child.stderr.take().and_then(|stderr| {
        std::thread::Builder::new()
            .name(format!("pid-{pid}-stderr"))
            .spawn(move || {
                for line in std::io::BufReader::new(stderr).lines().map_while(Result::ok) {
                    tracing::warn!(target: "runtime", pid, "{line}");
                }
            })
            .ok()
    });
    let info = start_info(&sandbox, pid, &program, &cwd, &fds, argv, env);
    let process =
        Arc::new(Process::new(pid, host_pid, pidfd, info, fds).with_signals(signals).with_cwd(cwd));
    sandbox.procs.insert(at, process.clone());
    let _ = started.send(Ok(()));
    if pid != INIT && sandbox.procs.init_ended() {
        // Started while the sandbox was being torn down (its spawner was killed
        // mid-spawn): it goes the way of the rest.
        process.terminate_by_signal(libc::SIGKILL);
    }

    let end = serve::serve(&sandbox, &process, &mut endpoint);
    if let End::Violation(reason) = &end {
        tracing::error!(pid, %reason, "protocol violation: killing the runtime");
        let _ = child.kill();
    }
    let exit = child.wait();
    if let Some(t) = log_thread {
        let _ = t.join();
    }
    drop(endpoint);
    if let (Ok(exit), Some(limit), Some(used)) =
        (&exit, sandbox.policy.limits.cpu_ms, child.cpu_time())
    {
        cpu_limit_reached(&sandbox, &process, *exit, Duration::from_millis(limit), used);
    }
    let end = match exit {
        Ok(exit) => termination(&process, exit),
        Err(e) => {
            tracing::error!(pid, error = %e, "cannot reap the runtime");
            process.termination().unwrap_or(Termination::Exited(status::KERNEL_ERROR))
        }
    };
    // As exit(2): children go to init, descriptors close (pipe readers see end of
    // file), then the parent hears of it. This thread lets go of the runtime first, so
    // the parent's waitpid, which drops the table's handle, leaves nothing open.
    sandbox.procs.orphan_children(pid);
    process.fds().clear();
    drop(process);
    drop(child);
    sandbox.procs.exit(pid, end);
    Some(end)
}

/// Where sandbox-wasm `--precompiled` finds its module.
const WASM_ARTIFACT_FD: i32 = 6;

/// The precompiled module for a WebAssembly program, from the module cache.
fn precompiled(
    sandbox: &Sandbox,
    pid: u32,
    program: &Program,
    runtimes: &Runtimes,
) -> Option<std::os::fd::OwnedFd> {
    let cache = runtimes.modules.as_ref()?;
    let object = program::open_module(sandbox, pid, program)?;
    // The installed commands are the kernel's own files, which no sandbox can write:
    // their digest may be remembered by file identity instead of rehashed every start.
    let identity =
        if cache.is_trusted(&program.path()) { program::host_identity(&object) } else { None };
    let (file, _) = cache.artifact(identity.as_deref(), || program::module_bytes(&object))?;
    Some(file.into())
}

/// A runtime killed by the OS after using its CPU time (`RLIMIT_CPU`, the backstop of
/// `[limits] cpu_ms`), or one that stopped its program there itself (sandbox-wasm's
/// [`status::CPU_LIMIT`]), is the limit reached: say so to the operator.
fn cpu_limit_reached(
    sandbox: &Sandbox,
    process: &Process,
    exit: std::process::ExitStatus,
    limit: Duration,
    used: Duration,
) {
    use std::os::unix::process::ExitStatusExt;
    let by_rlimit = matches!(exit.signal(), Some(libc::SIGKILL | libc::SIGXCPU))
        && process.termination().is_none();
    // sandbox-wasm stops the program itself and reports this status; the CPU time the
    // kernel measured (wait4) confirms it, so a runtime cannot fake the record.
    let by_runtime = process.termination() == Some(Termination::Exited(status::CPU_LIMIT));
    if (by_rlimit || by_runtime) && used >= limit {
        tracing::warn!(
            pid = process.pid,
            used_ms = used.as_millis() as u64,
            limit_ms = limit.as_millis() as u64,
            "CPU time limit reached: the program was stopped"
        );
        limits::runtime_limit_reached(sandbox, process, RuntimeLimit::Cpu);
    }
}

fn termination(process: &Process, exit: std::process::ExitStatus) -> Termination {
    use std::os::unix::process::ExitStatusExt;
    if let Some(end) = process.termination() {
        tracing::info!(pid = process.pid, code = end.exit_code(), "exited");
        return end;
    }
    if let Some(sig) = exit.signal() {
        let hint = if sig == libc::SIGSYS {
            " (a system call outside its confinement profile)"
        } else {
            ""
        };
        tracing::error!(pid = process.pid, signal = sig, "runtime killed by signal {sig}{hint}");
        return Termination::Signaled(sig);
    }
    let code = exit.code().unwrap_or(status::KERNEL_ERROR);
    tracing::error!(
        pid = process.pid,
        code,
        "runtime exited with status {code} without reporting the program's exit"
    );
    Termination::Exited(code)
}

/// `argv` as the program sees it: its sandbox path, then the arguments.
fn program_argv(opts: &RunOptions) -> Vec<Vec<u8>> {
    let mut argv = vec![opts.program.as_bytes().to_vec()];
    argv.extend(opts.args.iter().map(|a| a.as_bytes().to_vec()));
    argv
}

/// An errno in words, for messages.
fn describe(e: Errno) -> String {
    let text = std::io::Error::from_raw_os_error(e.0).to_string();
    let text = text.split(" (os error").next().unwrap_or(&text).to_owned();
    format!("{text} ({})", e.name().unwrap_or("?"))
}

/// What the handshake answers; `argv` and `env` were checked against their limits.
/// The preopen is descriptor 3 when it is a directory (always, for init).
fn start_info(
    sandbox: &Sandbox,
    pid: u32,
    program: &Program,
    cwd: &VPath,
    fds: &FdTable,
    argv: Vec<Vec<u8>>,
    env: Vec<(Vec<u8>, Vec<u8>)>,
) -> StartInfo {
    let limits = &sandbox.policy.limits;
    let preopens = fds
        .get(PREOPEN_ROOT)
        .ok()
        .filter(|f| matches!(f.object, Object::MemDir(_) | Object::HostDir(_)))
        .map(|f| Preopen { fd: PREOPEN_ROOT, path: f.path.to_bytes() })
        .into_iter()
        .collect();
    StartInfo {
        pid,
        program: program.path().to_bytes(),
        argv,
        env,
        cwd: cwd.to_bytes(),
        preopens,
        limits: RuntimeLimits {
            memory_bytes: limits.memory_mb.map(|mb| mb << 20),
            cpu_ms: limits.cpu_ms,
        },
    }
}

/// The descriptor of the preopened root directory (WASI programs find `/` there).
const PREOPEN_ROOT: i32 = 3;

fn initial_fds(sandbox: &Sandbox, pid: u32, opts: &RunOptions) -> Result<FdTable, RunError> {
    let mut fds = FdTable::new(sandbox.policy.limits.open_files);
    let stdio = [(0, oflags::O_RDONLY), (1, oflags::O_WRONLY), (2, oflags::O_WRONLY)];
    for (n, flags) in stdio {
        let file = Arc::new(OpenFile::new(Object::Stdio(n), VPath::root(), flags));
        fds.insert_at(n, file).map_err(|e| std::io::Error::from_raw_os_error(e.0))?;
    }
    // The preopened root is opened like any directory: listing it needs `read` of `/`.
    let root = Resolved { path: VPath::root(), exists: true };
    let flags = oflags::O_RDONLY | oflags::O_DIRECTORY;
    let root = perm::fs::check_open(sandbox, Caller { pid, call: "preopen" }, root, flags)
        .map_err(|e| RunError::CannotRun {
            program: opts.program.clone(),
            reason: format!("its preopened root `/`: {}, refused by the policy", describe(e)),
        })?;
    let object = sandbox
        .vfs
        .open_object(&root, flags, 0)
        .map_err(|e| std::io::Error::from_raw_os_error(e.0))?;
    let file = Arc::new(OpenFile::new(object, VPath::root(), oflags::O_RDONLY));
    fds.insert_at(PREOPEN_ROOT, file).map_err(|e| std::io::Error::from_raw_os_error(e.0))?;
    Ok(fds)
}
