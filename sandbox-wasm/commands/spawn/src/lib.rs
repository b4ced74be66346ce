//! A `std::process::Command`-shaped way to start a program and wait for it, for the
//! sandbox's commands. On wasm32-wasip1 a program is started by the kernel's spawn (the
//! `sandbox_process_v1` host imports, docs/wasm-abi.md): the child inherits the caller's
//! descriptors (so its stdio is the caller's), starts in the caller's working directory
//! (wasi-libc's, which the kernel does not know otherwise) and gets exactly the
//! environment given here. Only the subset the call sites need exists: arguments,
//! environment, working directory, stdin from `/dev/null`, `status()`, and two pipes:
//! `capture_stdout()` (sed's `e`) and `spawn_with_stdin()` (split's `--filter`).
//!
//! Errors keep the kernel's errno: `ENOENT` (no such program: GNU's status 127),
//! `EACCES` (the policy's `[process] spawn` refused it: 126), `EAGAIN`
//! (`limits.processes`).

use std::ffi::{OsStr, OsString};
use std::io;
use std::path::{Path, PathBuf};

#[cfg(target_os = "wasi")]
mod wasi;

/// The bytes of arguments a program may be given: the kernel's default
/// `limits.argv_bytes` (a policy may set less; the spawn is then `E2BIG`).
pub const ARG_MAX: usize = 1 << 20;

/// What `find -exec ... {} +` packs into one command line at most: GNU's 128 KiB, well
/// under [`ARG_MAX`].
pub const BATCH_BYTES: usize = 128 * 1024;

/// How a child ended, in Linux's wait status encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExitStatus(i32);

impl ExitStatus {
    /// A status from Linux's `waitpid` encoding.
    pub fn from_raw(raw: i32) -> ExitStatus {
        ExitStatus(raw)
    }

    pub fn success(self) -> bool {
        self.code() == Some(0)
    }

    /// The exit code, when the child exited (rather than being killed by a signal).
    pub fn code(self) -> Option<i32> {
        (self.0 & 0x7f == 0).then_some((self.0 >> 8) & 0xff)
    }

    /// The signal that ended the child.
    pub fn signal(self) -> Option<i32> {
        let sig = self.0 & 0x7f;
        (sig != 0 && sig != 0x7f).then_some(sig)
    }

    /// The status a shell reports for it: the exit code, or 128 + the signal.
    pub fn shell_code(self) -> i32 {
        self.code().or(self.signal().map(|s| 128 + s)).unwrap_or(1)
    }
}

/// Where the child's standard input comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stdio {
    /// The caller's descriptor 0.
    Inherit,
    /// `/dev/null`.
    Null,
    /// The read end of a pipe (a WASI descriptor) this crate made.
    #[cfg(target_os = "wasi")]
    Pipe(i32),
}

impl Stdio {
    pub fn null() -> Stdio {
        Stdio::Null
    }
}

/// A program to start: what `std::process::Command` would describe.
#[derive(Debug, Clone)]
pub struct Command {
    program: OsString,
    args: Vec<OsString>,
    /// `false`: the caller's environment, with `changes` applied.
    clear_env: bool,
    changes: Vec<(OsString, Option<OsString>)>,
    cwd: Option<PathBuf>,
    stdin: Stdio,
}

impl Command {
    pub fn new(program: impl AsRef<OsStr>) -> Command {
        Command {
            program: program.as_ref().to_owned(),
            args: Vec::new(),
            clear_env: false,
            changes: Vec::new(),
            cwd: None,
            stdin: Stdio::Inherit,
        }
    }

    pub fn arg(&mut self, arg: impl AsRef<OsStr>) -> &mut Command {
        self.args.push(arg.as_ref().to_owned());
        self
    }

    pub fn args<I, S>(&mut self, args: I) -> &mut Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.args.extend(args.into_iter().map(|a| a.as_ref().to_owned()));
        self
    }

    /// Adds an argument if the command line stays within [`BATCH_BYTES`] (what
    /// `argmax::Command::try_arg` does for `find -exec {} +`); `E2BIG` otherwise.
    pub fn try_arg(&mut self, arg: impl AsRef<OsStr>) -> io::Result<&mut Command> {
        let used: usize =
            std::iter::once(&self.program).chain(&self.args).map(|a| a.len() + 1).sum();
        if used + arg.as_ref().len() + 1 > BATCH_BYTES {
            return Err(io::Error::new(
                io::ErrorKind::ArgumentListTooLong,
                "argument list too long",
            ));
        }
        Ok(self.arg(arg))
    }

    pub fn try_args<I, S>(&mut self, args: I) -> io::Result<&mut Command>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        for a in args {
            self.try_arg(a)?;
        }
        Ok(self)
    }

    pub fn env(&mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> &mut Command {
        self.changes.push((key.as_ref().to_owned(), Some(value.as_ref().to_owned())));
        self
    }

    pub fn envs<I, K, V>(&mut self, vars: I) -> &mut Command
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<OsStr>,
        V: AsRef<OsStr>,
    {
        for (k, v) in vars {
            self.env(k, v);
        }
        self
    }

    pub fn env_remove(&mut self, key: impl AsRef<OsStr>) -> &mut Command {
        self.changes.push((key.as_ref().to_owned(), None));
        self
    }

    pub fn env_clear(&mut self) -> &mut Command {
        self.clear_env = true;
        self.changes.clear();
        self
    }

    pub fn current_dir(&mut self, dir: impl AsRef<Path>) -> &mut Command {
        self.cwd = Some(dir.as_ref().to_owned());
        self
    }

    pub fn stdin(&mut self, stdin: Stdio) -> &mut Command {
        self.stdin = stdin;
        self
    }

    /// The child's whole environment, in order, each name once.
    fn environment(&self) -> Vec<(OsString, OsString)> {
        let mut vars: Vec<(OsString, OsString)> =
            if self.clear_env { Vec::new() } else { std::env::vars_os().collect() };
        for (key, value) in &self.changes {
            vars.retain(|(k, _)| k != key);
            if let Some(v) = value {
                vars.push((key.clone(), v.clone()));
            }
        }
        vars
    }

    /// The working directory the child starts in: the one given, resolved against the
    /// caller's, else the caller's.
    fn working_directory(&self) -> io::Result<PathBuf> {
        let here = std::env::current_dir()?;
        Ok(match &self.cwd {
            Some(dir) => here.join(dir),
            None => here,
        })
    }

    /// Starts the program and waits for it. An error is the spawn's errno: the program
    /// did not start.
    pub fn status(&mut self) -> io::Result<ExitStatus> {
        let cwd = self.working_directory()?;
        let env = self.environment();
        #[cfg(target_os = "wasi")]
        {
            wasi::run(&self.program, &self.args, &env, &cwd, self.stdin)
        }
        #[cfg(not(target_os = "wasi"))]
        {
            use std::os::unix::process::ExitStatusExt;
            let mut cmd = std::process::Command::new(&self.program);
            cmd.args(&self.args).env_clear().envs(env).current_dir(cwd);
            if self.stdin == Stdio::Null {
                cmd.stdin(std::process::Stdio::null());
            }
            Ok(ExitStatus(cmd.status()?.into_raw()))
        }
    }
}

impl Command {
    /// Starts the program with its standard output on a pipe, reads it to the end and
    /// waits: the status and what it wrote. Unlike std's `output()`, standard error
    /// stays the caller's (what `sed`'s `e` needs, as GNU's).
    pub fn capture_stdout(&mut self) -> io::Result<(ExitStatus, Vec<u8>)> {
        let cwd = self.working_directory()?;
        let env = self.environment();
        #[cfg(target_os = "wasi")]
        {
            wasi::run_capturing(&self.program, &self.args, &env, &cwd, self.stdin)
        }
        #[cfg(not(target_os = "wasi"))]
        {
            use std::os::unix::process::ExitStatusExt;
            let mut cmd = std::process::Command::new(&self.program);
            cmd.args(&self.args).env_clear().envs(env).current_dir(cwd);
            cmd.stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::inherit());
            if self.stdin == Stdio::Null {
                cmd.stdin(std::process::Stdio::null());
            }
            let out = cmd.output()?;
            Ok((ExitStatus(out.status.into_raw()), out.stdout))
        }
    }
}

/// A started program whose standard input is a pipe written here
/// ([`Command::spawn_with_stdin`]).
pub struct Child {
    #[cfg(target_os = "wasi")]
    pid: i32,
    #[cfg(not(target_os = "wasi"))]
    child: std::process::Child,
    stdin: Option<std::fs::File>,
}

impl Child {
    /// The write end of the child's standard input, until [`Child::wait`].
    pub fn stdin(&mut self) -> &mut std::fs::File {
        self.stdin.as_mut().expect("stdin is open until wait")
    }

    /// Closes the child's standard input (so it sees its end) and waits for it.
    pub fn wait(&mut self) -> io::Result<ExitStatus> {
        drop(self.stdin.take());
        #[cfg(target_os = "wasi")]
        {
            wasi::wait(self.pid)
        }
        #[cfg(not(target_os = "wasi"))]
        {
            use std::os::unix::process::ExitStatusExt;
            Ok(ExitStatus(self.child.wait()?.into_raw()))
        }
    }
}

impl Command {
    /// Starts the program with its standard input on a pipe, returned in the
    /// [`Child`] to write to (what `split --filter` feeds); stdout and stderr stay the
    /// caller's.
    pub fn spawn_with_stdin(&mut self) -> io::Result<Child> {
        let cwd = self.working_directory()?;
        let env = self.environment();
        #[cfg(target_os = "wasi")]
        {
            let (pid, stdin) = wasi::start_writing(&self.program, &self.args, &env, &cwd)?;
            Ok(Child { pid, stdin: Some(stdin) })
        }
        #[cfg(not(target_os = "wasi"))]
        {
            use std::os::fd::{FromRawFd, IntoRawFd};
            let mut cmd = std::process::Command::new(&self.program);
            cmd.args(&self.args).env_clear().envs(env).current_dir(cwd);
            let mut child = cmd.stdin(std::process::Stdio::piped()).spawn()?;
            let pipe = child.stdin.take().expect("piped stdin");
            // SAFETY: the descriptor is the pipe's write end, owned from here on.
            let stdin = unsafe { std::fs::File::from_raw_fd(pipe.into_raw_fd()) };
            Ok(Child { child, stdin: Some(stdin) })
        }
    }
}

impl std::fmt::Display for Command {
    /// The command line as `xargs -t` and `find -ok` show it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.program.to_string_lossy())?;
        for a in &self.args {
            write!(f, " {}", a.to_string_lossy())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_decode_as_linux_encodes_them() {
        assert_eq!(ExitStatus::from_raw(3 << 8).code(), Some(3));
        assert!(ExitStatus::from_raw(0).success());
        assert_eq!(ExitStatus::from_raw(9).signal(), Some(9));
        assert_eq!(ExitStatus::from_raw(9).shell_code(), 137);
        assert_eq!(ExitStatus::from_raw(0x137f).signal(), None);
    }

    #[test]
    fn environment_changes_apply_in_order() {
        let mut c = Command::new("x");
        c.env_clear().env("A", "1").env("B", "2").env_remove("A").env("B", "3");
        assert_eq!(c.environment(), vec![("B".into(), "3".into())]);
    }
}
