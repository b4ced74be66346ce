//! Starting a program: resolve it in the sandbox, pick its runtime, create the rings,
//! spawn the runtime confined, serve it, and turn how it ended into an exit status.

use std::io::BufRead;
use std::path::PathBuf;
use std::sync::Arc;

use policies::confine::{self, RuntimeProfile, SpawnSpec};
use syscall_proto::fd::FileType;
use syscall_proto::path::oflags;
use syscall_proto::proc::{Preopen, RuntimeLimits, StartInfo};
use syscall_proto::ring::{self, RingConfig, CHILD_FDS};
use syscall_proto::Errno;

use super::serve::{self, End};
use super::status;
use crate::fd::{FdTable, OpenFile};
use crate::limits::{self, StartLimitError};
use crate::perm::{self, Caller};
use crate::process::Process;
use crate::sandbox::Sandbox;
use crate::vfs::path::{Resolved, VPath};
use crate::vfs::Object;

/// What to run and with which runtime binaries.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Sandbox path of the program.
    pub program: String,
    pub args: Vec<String>,
    /// Directory holding `sandbox-wasm` and `sandbox-node`.
    pub runtime_dir: PathBuf,
    pub ring: RingConfig,
}

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
    #[error("cannot create the rings: {0}")]
    Ring(#[from] ring::TransportError),
    #[error("cannot start the runtime {binary}: {source}")]
    Spawn { binary: String, source: confine::ConfineError },
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

/// The command that runs JavaScript: `node <script.js> [args]` or `node -e <code>`.
/// A command name, not a file in the sandbox: `sandbox-node` reads the script (a
/// sandbox path in the arguments, relative to `/`) through the kernel like any file,
/// so the policy checks that read.
const NODE_COMMAND: &str = "node";

/// The runtime binary and profile for a program, chosen by its name.
fn runtime_for(program: &str) -> Result<(&'static str, RuntimeProfile), String> {
    if program == NODE_COMMAND {
        Ok(("sandbox-node", RuntimeProfile::Node))
    } else if program.ends_with(".wasm") {
        Ok(("sandbox-wasm", RuntimeProfile::Wasm))
    } else {
        Err("no runtime for this program (WebAssembly modules end in .wasm; JavaScript runs \
             as `node <script.js>`)"
            .into())
    }
}

/// Runs `opts.program` to completion and returns its exit status.
///
/// # Errors
/// [`RunError`] when the program could not be started at all.
pub fn run(sandbox: Arc<Sandbox>, opts: &RunOptions) -> Result<i32, RunError> {
    if opts.program == NODE_COMMAND {
        return run_checked(sandbox, opts, Resolved { path: VPath::root(), exists: true });
    }
    let resolved = sandbox
        .vfs
        .resolve(&VPath::root(), opts.program.as_bytes(), true)
        .map_err(|_| RunError::NotFound(opts.program.clone()))?;
    if !resolved.exists {
        return Err(RunError::NotFound(opts.program.clone()));
    }
    let kind = sandbox
        .vfs
        .stat(&resolved.path)
        .map_err(|_| RunError::NotFound(opts.program.clone()))?
        .kind;
    if kind != FileType::Regular {
        return Err(RunError::CannotRun {
            program: opts.program.clone(),
            reason: "not a regular file".into(),
        });
    }
    run_checked(sandbox, opts, resolved)
}

/// [`run`] once the program is known to be a regular file (`resolved`) or a command
/// ([`NODE_COMMAND`], `resolved` is then `/` and there is no file to check).
fn run_checked(
    sandbox: Arc<Sandbox>,
    opts: &RunOptions,
    resolved: Resolved,
) -> Result<i32, RunError> {
    let (binary, profile) = runtime_for(&opts.program)
        .map_err(|reason| RunError::CannotRun { program: opts.program.clone(), reason })?;

    // What execve(2) checks before anything starts: the program may be read, and its
    // arguments and environment fit their limits.
    let pid = sandbox.allocate_pid();
    let caller = Caller { pid, call: "execve" };
    if opts.program != NODE_COMMAND {
        perm::fs::check_open(&sandbox, caller, resolved.clone(), oflags::O_RDONLY).map_err(
            |e| RunError::CannotRun {
                program: opts.program.clone(),
                reason: format!("{} (refused by the policy; see the audit record)", describe(e)),
            },
        )?;
    }
    let argv = program_argv(opts);
    let env = sandbox.environment();
    if let Err(source) = limits::check_start(&sandbox.policy.limits, &argv, &env) {
        sandbox.audit.denied(pid, caller.call, &opts.program, source.rule(), Errno::E2BIG);
        return Err(RunError::Limit { program: opts.program.clone(), source });
    }

    let (mut endpoint, child_fds) = ring::create(&opts.ring)?;
    let limits = &sandbox.policy.limits;
    let binary_path = opts.runtime_dir.join(binary);
    let spec = SpawnSpec {
        program: binary_path.clone(),
        args: Vec::new(),
        fds: vec![
            (child_fds.memfd, CHILD_FDS[0]),
            (child_fds.kernel_bell, CHILD_FDS[1]),
            (child_fds.runtime_bell, CHILD_FDS[2]),
        ],
        profile,
        memory_mb: limits.memory_mb,
        cpu_ms: limits.cpu_ms,
        if_unsupported: sandbox.policy.confinement.if_unsupported,
    };
    let mut child = confine::spawn(spec)
        .map_err(|source| RunError::Spawn { binary: binary_path.display().to_string(), source })?;
    let host_pid = child.id();
    tracing::info!(pid, host_pid, runtime = binary, program = %opts.program, "started");

    // The pidfd from clone(CLONE_PIDFD): unlike one looked up by pid, it cannot name
    // another process if this one is already gone and its pid reused.
    let pidfd = child.pidfd().try_clone_to_owned()?;
    endpoint.watch_peer(pidfd.try_clone()?);
    let log_thread = child.stderr.take().map(|stderr| {
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stderr).lines().map_while(Result::ok) {
                tracing::warn!(target: "runtime", pid, "{line}");
            }
        })
    });

    let process = Process::new(
        pid,
        host_pid,
        pidfd,
        start_info(&sandbox, pid, &resolved, argv, env),
        initial_fds(&sandbox, pid, opts)?,
    );
    let end = serve::serve(&sandbox, &process, &mut endpoint);
    if let End::Violation(reason) = &end {
        tracing::error!(pid, %reason, "protocol violation: killing the runtime");
        let _ = child.kill();
    }
    let exit = child.wait()?;
    if let Some(t) = log_thread {
        let _ = t.join();
    }
    process.fds().clear();
    Ok(exit_status(&process, exit))
}

fn exit_status(process: &Process, exit: std::process::ExitStatus) -> i32 {
    use std::os::unix::process::ExitStatusExt;
    if let Some(code) = process.exit_code() {
        tracing::info!(pid = process.pid, code, "exited");
        return code;
    }
    if let Some(sig) = exit.signal() {
        let hint = if sig == libc::SIGSYS {
            " (a system call outside its confinement profile)"
        } else {
            ""
        };
        tracing::error!(pid = process.pid, signal = sig, "runtime killed by signal {sig}{hint}");
        return status::SIGNAL_BASE + sig;
    }
    let code = exit.code().unwrap_or(status::KERNEL_ERROR);
    tracing::error!(
        pid = process.pid,
        code,
        "runtime exited with status {code} without reporting the program's exit"
    );
    code
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
fn start_info(
    sandbox: &Sandbox,
    pid: u32,
    program: &Resolved,
    argv: Vec<Vec<u8>>,
    env: Vec<(Vec<u8>, Vec<u8>)>,
) -> StartInfo {
    let limits = &sandbox.policy.limits;
    StartInfo {
        pid,
        program: program.path.to_bytes(),
        argv,
        env,
        cwd: b"/".to_vec(),
        preopens: vec![Preopen { fd: PREOPEN_ROOT, path: b"/".to_vec() }],
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
