//! The syscall table: every request family maps to one file here. Handlers stay thin:
//! validate arguments, resolve, check, act through the subsystem that owns the state
//! (`vfs`, `fd`, `process`), and answer a [`Reply`] or the errno the program sees.
//!
//! | family | file | support |
//! | --- | --- | --- |
//! | `Proc` | `proc.rs` | handshake, exit, getpid/getppid, posix_spawn (file actions, `SETPGROUP`, `SETSID`), waitpid (`WNOHANG`, `WUNTRACED`, `WCONTINUED`), kill, sigaction, sigprocmask, sigpending, setpgid/getpgid, setsid/getsid (`docs/processes.md`) |
//! | `Fd` | `fd.rs` | read, write, pread, pwrite, seek, close, stat, fcntl flags, truncate, utimes, sync, getdents, renumber, dup/dup2/dup3, `F_DUPFD[_CLOEXEC]`, `F_GETFD`/`F_SETFD`, fchmod, fchown; on files, directories, `/dev` devices and `/proc` files |
//! | `Fd` (`Pipe`, pipe reads and writes) | `pipe.rs` | pipe2; blocking and `O_NONBLOCK` I/O on pipe ends; `EPIPE` + `SIGPIPE` |
//! | `Fd` (`Poll`) | `poll.rs` | poll over files, directories, pipes and the kernel's stdio, with timeouts |
//! | `Path` | `path.rs` | the `*at` calls: open, stat, utimes, mkdir, unlink, rmdir, rename, symlink, readlink, link, chmod, chown; `ReadFile` |
//! | `Time` | `time.rs` | clock_gettime, clock_getres, nanosleep |
//! | `Random` | `random.rs` | getrandom |

mod fd;
mod path;
mod pipe;
mod poll;
mod proc;
pub(crate) mod random;
mod time;

use std::sync::Arc;

use syscall_proto::{Reply, Request, Response};

use crate::process::Process;
use crate::sandbox::Sandbox;

pub use proc::start_info;

/// Serves one request of `process`.
pub fn dispatch(sandbox: &Arc<Sandbox>, process: &Process, request: Request) -> Response {
    match request {
        Request::Proc(r) => proc::handle(sandbox, process, r),
        Request::Fd(r) => fd::handle(sandbox, process, r),
        Request::Path(r) => path::handle(sandbox, process, r),
        Request::Time(r) => time::handle(process, r),
        Request::Random(r) => random::handle(r),
    }
}

/// Shorthand for handlers that succeed with nothing to say.
fn unit<E>(r: Result<(), E>) -> Result<Reply, E> {
    r.map(|()| Reply::Unit)
}
