//! The `kernel` command line.

use std::path::PathBuf;
use std::sync::Arc;

use clap::{Parser, Subcommand, ValueEnum};
use policies::confine::HostProbe;
use syscall_proto::ring::RingConfig;

use crate::log::{self, LogFormat};
use crate::runtime::{self, status, RunOptions, Runtimes};
use crate::sandbox::Sandbox;

/// Run untrusted programs in a sandbox whose every system call is served by this
/// kernel, under a deny-by-default policy.
#[derive(Debug, Parser)]
#[command(name = "kernel", version)]
pub struct Cli {
    /// The policy file (policy.toml).
    #[arg(long, short = 'c', global = true)]
    config: Option<PathBuf>,
    /// Log format of the kernel's own messages (never mixed into the program's output:
    /// logs go to stderr, or to --log-file).
    #[arg(long, value_enum, default_value_t = Format::Text, global = true)]
    log_format: Format,
    /// Log level filter (error, warn, info, debug, trace, or a tracing directive).
    /// Denials (target `audit`) are warnings.
    #[arg(long, default_value = "warn", global = true)]
    log_level: String,
    /// Write logs to this file instead of stderr.
    #[arg(long, global = true)]
    log_file: Option<PathBuf>,
    /// Where the runtime binaries (sandbox-wasm, sandbox-node) are. Default: next to
    /// this executable.
    #[arg(long, env = "SANDBOX_RUNTIME_DIR", global = true)]
    runtime_dir: Option<PathBuf>,
    /// The commands' install tree (`<dir>/bin/<name>`), mounted read-only at /bin and
    /// /usr/bin unless the policy mounts those itself. Default: `commands` in the
    /// runtime directory, when it exists.
    #[arg(long, env = "SANDBOX_COMMANDS_DIR", global = true)]
    commands_dir: Option<PathBuf>,
    /// Where WebAssembly modules compiled ahead of time are kept. Default:
    /// $XDG_CACHE_HOME/sandbox/modules or ~/.cache/sandbox/modules.
    #[arg(long, env = "SANDBOX_MODULE_CACHE", global = true)]
    module_cache: Option<PathBuf>,
    /// Compile every WebAssembly module as it starts, keeping nothing.
    #[arg(long, global = true)]
    no_module_cache: bool,
    /// Bytes of each shared-memory ring (a power of two, at least 4096).
    #[arg(long, default_value_t = 1 << 20, hide = true, global = true)]
    ring_bytes: usize,
    /// Milliseconds a runtime may take to send its handshake before it is killed.
    #[arg(long, hide = true, global = true)]
    hello_timeout_ms: Option<u64>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run a program (a sandbox path, e.g. /app/main.wasm) with arguments.
    ///
    /// A name without `/` is looked up in the sandbox's PATH (/bin, then /usr/bin),
    /// where the installed commands are: `kernel run ls -l /app`. Everything after the
    /// program is its own, options included.
    Run {
        /// The program, then its arguments.
        #[arg(
            required = true,
            num_args = 1..,
            trailing_var_arg = true,
            allow_hyphen_values = true,
            value_name = "PROGRAM [ARGS]"
        )]
        command: Vec<String>,
    },
    /// Run a shell command line: `/bin/sh -c '<command line>'` as the sandbox's
    /// first program (the sandbox's /bin must have the shell).
    Exec {
        command_line: String,
        /// `$0`, `$1`, ... of the command line.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Work with policy files.
    Policy {
        #[command(subcommand)]
        command: PolicyCommand,
    },
}

#[derive(Debug, Subcommand)]
enum PolicyCommand {
    /// Validate a policy file and explain what it grants. Exits 0 when valid, 1 with
    /// `file:line:column: \`key\`: problem` for every problem when not.
    Check {
        /// The policy file (default: --config).
        file: Option<PathBuf>,
    },
}

/// The shell `exec` runs, where the sandbox's commands tree puts it.
const SHELL: &str = "/bin/sh";

/// Parses arguments, runs, and returns the exit status.
pub fn main() -> i32 {
    let cli = Cli::parse();
    let format = match cli.log_format {
        Format::Text => LogFormat::Text,
        Format::Json => LogFormat::Json,
    };
    if let Err(e) = log::init(format, &cli.log_level, cli.log_file.as_deref()) {
        eprintln!("kernel: {e}");
        return status::KERNEL_ERROR;
    }
    match &cli.command {
        Command::Run { command } => run(&cli, &command[0], &command[1..]),
        Command::Exec { command_line, args } => {
            let argv: Vec<String> = ["-c".to_owned(), command_line.clone()]
                .into_iter()
                .chain(args.iter().cloned())
                .collect();
            run(&cli, SHELL, &argv)
        }
        Command::Policy { command: PolicyCommand::Check { file } } => {
            match file.as_ref().or(cli.config.as_ref()) {
                Some(file) => check(file),
                None => {
                    eprintln!("kernel: `policy check` needs a policy file");
                    status::KERNEL_ERROR
                }
            }
        }
    }
}

fn run(cli: &Cli, program: &str, args: &[String]) -> i32 {
    let Some(config) = &cli.config else {
        eprintln!("kernel: `run` needs --config <policy.toml>");
        return status::KERNEL_ERROR;
    };
    let host = HostProbe::start();
    let mut policy = match policies::load(config) {
        Ok(p) => p,
        Err(e) => {
            for problem in e.problems() {
                eprintln!("kernel: invalid policy: {problem}");
            }
            return status::KERNEL_ERROR;
        }
    };
    let runtime_dir = match cli.runtime_dir.clone().or_else(default_runtime_dir) {
        Some(d) => d,
        None => {
            eprintln!("kernel: cannot locate the runtime binaries; pass --runtime-dir");
            return status::KERNEL_ERROR;
        }
    };
    let commands_at = match install_commands(cli, &mut policy, &runtime_dir) {
        Ok(at) => at,
        Err(e) => {
            eprintln!("kernel: {e}");
            return status::KERNEL_ERROR;
        }
    };
    let modules = module_cache(cli, &policy, &runtime_dir, &commands_at);
    let sandbox = match Sandbox::new(policy) {
        Ok(s) => Arc::new(s),
        Err(e) => {
            eprintln!("kernel: {e}");
            return status::KERNEL_ERROR;
        }
    };
    let cache_dir = modules.as_ref().map(|m| m.dir().to_path_buf());
    if let Err(e) =
        crate::confine::confine_self(host, &sandbox.policy, &runtime_dir, cache_dir.as_deref())
    {
        eprintln!("kernel: cannot confine the kernel process: {e}");
        return status::KERNEL_ERROR;
    }
    let ring = RingConfig { capacity: cli.ring_bytes, ..RingConfig::default() };
    let hello_timeout =
        cli.hello_timeout_ms.map_or(runtime::HELLO_TIMEOUT, std::time::Duration::from_millis);
    let opts = RunOptions {
        program: program.to_string(),
        args: args.to_vec(),
        runtimes: Runtimes { dir: runtime_dir, ring, hello_timeout, modules },
    };
    match runtime::run(sandbox, &opts) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("kernel: {e}");
            e.status()
        }
    }
}

fn check(file: &std::path::Path) -> i32 {
    match policies::load(file) {
        Ok(policy) => {
            print!("{}", crate::explain::explain(&policy));
            0
        }
        Err(e) => {
            let problems = e.problems();
            for problem in problems {
                eprintln!("{problem}");
            }
            if problems.len() > 1 {
                eprintln!("{}: {} problems", file.display(), problems.len());
            }
            1
        }
    }
}

/// Mounts the commands at /bin and /usr/bin (`runtime::commands`) and answers where,
/// when their files are the kernel's alone (no policy mount makes them writable). A
/// directory named on the command line must be usable; the default one may be absent.
fn install_commands(
    cli: &Cli,
    policy: &mut policies::Policy,
    runtime_dir: &std::path::Path,
) -> Result<Vec<String>, String> {
    let (dir, explicit) = match &cli.commands_dir {
        Some(d) => (d.clone(), true),
        None => (runtime::commands::default_dir(runtime_dir), false),
    };
    if !explicit && !dir.join("bin").is_dir() {
        tracing::debug!(dir = %dir.display(), "no commands installed: /bin stays empty");
        return Ok(Vec::new());
    }
    let bin = std::fs::canonicalize(dir.join("bin")).unwrap_or_else(|_| dir.join("bin"));
    // Writable inside some sandbox, the commands would not be the kernel's own files.
    let writable = policy.mounts.iter().any(|m| {
        matches!(&m.source, policies::MountSource::Host(h) if bin.starts_with(h) || h.starts_with(&bin))
            && m.mode == policies::MountMode::ReadWrite
    });
    match runtime::commands::install(policy, &dir) {
        Ok(at) if writable => {
            // Still content-addressed in the cache, but no longer known by identity.
            tracing::warn!(
                dir = %bin.display(),
                "the policy mounts the commands writable: each start hashes the module again"
            );
            let _ = at;
            Ok(Vec::new())
        }
        Ok(at) => {
            tracing::debug!(dir = %dir.display(), mounted = ?at, "commands installed");
            Ok(at)
        }
        Err(e) => Err(format!("commands directory {}: {e}", dir.join("bin").display())),
    }
}

/// The module cache, unless it is turned off, cannot be made, or would be visible in
/// the sandbox (a host mount holding it, or inside it): the sandbox must never reach
/// the artifacts the kernel trusts. Without it every start compiles.
fn module_cache(
    cli: &Cli,
    policy: &policies::Policy,
    runtime_dir: &std::path::Path,
    commands_at: &[String],
) -> Option<Arc<runtime::ModuleCache>> {
    if cli.no_module_cache {
        return None;
    }
    let dir = cli.module_cache.clone().or_else(runtime::ModuleCache::default_dir)?;
    let cache = match runtime::ModuleCache::open(
        &dir,
        runtime_dir,
        policy.confinement.if_unsupported,
    ) {
        Ok(c) => c,
        Err(e) => {
            tracing::warn!(dir = %dir.display(), error = %e, "module cache off: cannot create it");
            return None;
        }
    };
    for m in &policy.mounts {
        let policies::MountSource::Host(host) = &m.source else { continue };
        if cache.dir().starts_with(host) || host.starts_with(cache.dir()) {
            tracing::warn!(
                cache = %cache.dir().display(),
                mount = %m.path,
                "module cache off: the policy's mount would make it visible in the sandbox"
            );
            return None;
        }
    }
    Some(Arc::new(cache.with_trusted(commands_at)))
}

fn default_runtime_dir() -> Option<PathBuf> {
    std::env::current_exe().ok()?.parent().map(PathBuf::from)
}
