//! The process family: handshake, exit, getpid.

use syscall_proto::proc::{Hello, ProcRequest, StartInfo};
use syscall_proto::{Errno, Reply, Response, PROTOCOL_VERSION};

use crate::process::Process;
use crate::sandbox::Sandbox;

pub fn handle(_sandbox: &Sandbox, process: &Process, request: ProcRequest) -> Response {
    match request {
        // Answered once by the serve loop; a second one is a confused runtime.
        ProcRequest::Hello(_) => Err(Errno::EPROTO),
        ProcRequest::Exit { code } => {
            process.set_exit_code(code);
            Ok(Reply::Unit)
        }
        ProcRequest::GetPid => Ok(Reply::Fd(process.pid as i32)),
    }
}

/// The answer to the handshake, or `EPROTO` for a version this kernel does not speak.
pub fn start_info(process: &Process, hello: &Hello) -> Result<StartInfo, Errno> {
    if hello.version != PROTOCOL_VERSION {
        return Err(Errno::EPROTO);
    }
    Ok(process.start.clone())
}
