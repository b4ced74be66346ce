//! The kernel side of one runtime's rings: read a request, dispatch it, answer it, until
//! the runtime goes away. Everything read from the ring is attacker input: a frame that
//! does not decode, or a conversation out of order, is a protocol violation that ends
//! the runtime (never the kernel).

use std::sync::Arc;
use std::time::Instant;

use syscall_proto::codec;
use syscall_proto::proc::ProcRequest;
use syscall_proto::ring::{Endpoint, TransportError};
use syscall_proto::{Errno, Event, FromKernel, Reply, Request, ToKernel};

use crate::process::Process;
use crate::sandbox::Sandbox;
use crate::syscalls;

/// Why serving stopped.
#[derive(Debug)]
pub enum End {
    /// The runtime process is gone (it exited or was killed).
    PeerGone,
    /// The runtime broke the protocol; the caller kills it.
    Violation(String),
}

impl From<TransportError> for End {
    fn from(e: TransportError) -> End {
        match e {
            TransportError::PeerGone => End::PeerGone,
            // Only the handshake has a deadline.
            TransportError::TimedOut => {
                End::Violation("no handshake within the hello timeout".into())
            }
            other => End::Violation(other.to_string()),
        }
    }
}

fn receive(ep: &mut Endpoint) -> Result<ToKernel, End> {
    let bytes = ep.recv()?;
    codec::decode::<ToKernel>(&bytes)
        .map_err(|e| End::Violation(format!("undecodable request: {e}")))
}

fn answer(
    ep: &mut Endpoint,
    buf: &mut Vec<u8>,
    id: u64,
    response: Result<Reply, Errno>,
) -> Result<(), End> {
    buf.clear();
    codec::encode_into(&FromKernel::Reply { id, response }, buf);
    ep.send(buf).map_err(End::from)
}

/// Tells the runtime about the handled signals pending for its process: they arrive
/// before the reply to the call they interrupted (or that raised them), so the runtime
/// runs the handlers when that call returns.
fn deliver_signals(ep: &mut Endpoint, buf: &mut Vec<u8>, process: &Process) -> Result<(), End> {
    for signo in process.take_deliverable() {
        buf.clear();
        codec::encode_into(&FromKernel::Event(Event::Signal { signo }), buf);
        ep.send(buf)?;
    }
    Ok(())
}

pub fn serve(sandbox: &Arc<Sandbox>, process: &Process, ep: &mut Endpoint) -> End {
    match run(sandbox, process, ep) {
        Ok(never) => match never {},
        Err(end) => end,
    }
}

fn run(
    sandbox: &Arc<Sandbox>,
    process: &Process,
    ep: &mut Endpoint,
) -> Result<std::convert::Infallible, End> {
    let mut buf = Vec::new();
    // A runtime that never greets would hold this thread until it dies.
    let hello_timeout = sandbox.runtimes.get().map_or(super::HELLO_TIMEOUT, |r| r.hello_timeout);
    ep.set_deadline(Some(Instant::now() + hello_timeout));
    let first = receive(ep)?;
    ep.set_deadline(None);
    let Request::Proc(ProcRequest::Hello(hello)) = first.request else {
        return Err(End::Violation("first request was not the handshake".into()));
    };
    match syscalls::start_info(process, &hello) {
        Ok(info) => answer(ep, &mut buf, first.id, Ok(Reply::Started(Box::new(info))))?,
        Err(errno) => {
            answer(ep, &mut buf, first.id, Err(errno))?;
            return Err(End::Violation(format!(
                "runtime speaks protocol version {}",
                hello.version
            )));
        }
    }
    loop {
        let msg = receive(ep)?;
        tracing::trace!(pid = process.pid, id = msg.id, request = ?msg.request, "syscall");
        let response = syscalls::dispatch(sandbox, process, msg.request);
        deliver_signals(ep, &mut buf, process)?;
        answer(ep, &mut buf, msg.id, response)?;
    }
}
