//! The process family: handshake, exit, identity, spawn, waitpid, signals, process
//! groups and sessions. The state lives in `proctable.rs` (the table) and
//! `signal.rs` (one process's signals); spawning is `spawn.rs`.

use std::sync::Arc;

use syscall_proto::proc::{wait, Hello, ProcRequest, StartInfo};
use syscall_proto::{Errno, Reply, Response, PROTOCOL_VERSION};

use crate::limits;
use crate::process::Process;
use crate::proctable::Waited;
use crate::sandbox::Sandbox;
use crate::spawn;

pub fn handle(sandbox: &Arc<Sandbox>, process: &Process, request: ProcRequest) -> Response {
    let table = &sandbox.procs;
    let me = process.pid;
    let pid = |n: u32| Reply::Pid(n as i32);
    match request {
        // Answered once by the serve loop; a second one is a confused runtime.
        ProcRequest::Hello(_) => Err(Errno::EPROTO),
        ProcRequest::Exit { code } => {
            process.set_exit_code(code);
            Ok(Reply::Unit)
        }
        ProcRequest::GetPid => Ok(Reply::Fd(me as i32)),
        ProcRequest::GetPpid => Ok(pid(table.parent(me))),
        ProcRequest::Spawn(request) => spawn::spawn(sandbox, process, *request).map(pid),
        ProcRequest::Wait { pid, options } => wait_for(sandbox, process, pid, options),
        ProcRequest::Kill { pid, signo } => table.kill(me, pid, signo).map(|()| Reply::Unit),
        ProcRequest::SigAction { signo, action } => {
            process.signals().set_disposition(signo, action).map(Reply::Disposition)
        }
        ProcRequest::SigProcMask { how, set } => {
            let old = process.signals().set_mask(how, set);
            table.act_unblocked(process);
            Ok(Reply::SigSet(old))
        }
        ProcRequest::SigPending => Ok(Reply::SigSet(process.signals().pending())),
        ProcRequest::SetPgid { pid, pgid } => table.setpgid(me, pid, pgid).map(|()| Reply::Unit),
        ProcRequest::GetPgid { pid: p } => table.pgid(me, p).map(pid),
        ProcRequest::SetSid => table.setsid(me).map(pid),
        ProcRequest::GetSid { pid: p } => table.sid(me, p).map(pid),
        ProcRequest::LimitReached { limit } => {
            limits::runtime_limit_reached(sandbox, process, limit);
            Ok(Reply::Unit)
        }
        ProcRequest::GetCwd => Ok(Reply::Data(process.cwd().to_bytes())),
    }
}

/// waitpid(2): without `WNOHANG`, parks the caller until a child changes state, a
/// handled signal arrives (`EINTR`), or the caller itself dies.
fn wait_for(sandbox: &Sandbox, process: &Process, pid: i32, options: u32) -> Response {
    if options & !(wait::WNOHANG | wait::WUNTRACED | wait::WCONTINUED) != 0 {
        return Err(Errno::EINVAL);
    }
    let answer = |w: Waited| match w {
        Waited::Child { pid, status } => Reply::Waited { pid: pid as i32, status },
        Waited::NotYet => Reply::Waited { pid: 0, status: 0 },
    };
    if options & wait::WNOHANG != 0 {
        return sandbox.procs.wait(process, pid, options, None).map(answer);
    }
    let waiter = process.waiter()?;
    waiter
        .block_on(|waker| match sandbox.procs.wait(process, pid, options, Some(waker))? {
            Waited::NotYet => Ok(None),
            done => Ok(Some(done)),
        })
        .map(answer)
}

/// The answer to the handshake, or `EPROTO` for a version this kernel does not speak.
pub fn start_info(process: &Process, hello: &Hello) -> Result<StartInfo, Errno> {
    if hello.version != PROTOCOL_VERSION {
        return Err(Errno::EPROTO);
    }
    Ok(process.start.clone())
}
