//! The runtime side of the protocol: submit a request, wait for its reply, keep any
//! events that arrive meanwhile.

use std::collections::VecDeque;

use crate::codec;
use crate::proc::{Hello, ProcRequest, RuntimeKind, StartInfo};
use crate::request::{Event, FromKernel, Reply, Request, Response, ToKernel};
use crate::ring::{ChildFds, Endpoint, TransportError};
use crate::Errno;

/// Why a call could not complete. An [`Errno`] is not one of these: it is a normal
/// answer that the program sees. These mean the runtime must stop.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error("transport: {0}")]
    Transport(#[from] TransportError),
    #[error("the kernel sent an undecodable message: {0}")]
    Decode(#[from] codec::DecodeError),
    #[error("the kernel answered request {got} while {want} was outstanding")]
    UnexpectedReply { want: u64, got: u64 },
    #[error("the kernel refused the handshake: {0}")]
    Refused(Errno),
    #[error("the kernel answered the handshake with {0:?}")]
    BadHandshake(Box<Reply>),
}

/// A runtime's connection to the kernel.
pub struct Client {
    endpoint: Endpoint,
    next_id: u64,
    events: VecDeque<Event>,
    buf: Vec<u8>,
}

impl Client {
    /// Wraps an attached endpoint.
    pub fn new(endpoint: Endpoint) -> Client {
        Client { endpoint, next_id: 1, events: VecDeque::new(), buf: Vec::new() }
    }

    /// Attaches to the rings the kernel handed this process at the fixed descriptor
    /// numbers ([`crate::ring::CHILD_FDS`]).
    ///
    /// # Errors
    /// When the descriptors are missing or the shared memory is not a valid ring.
    pub fn from_inherited_fds() -> Result<Client, ClientError> {
        Ok(Client::new(Endpoint::attach(ChildFds::inherited()?)?))
    }

    /// Performs the version handshake and returns the start configuration.
    ///
    /// # Errors
    /// When the kernel refuses this runtime or the transport fails.
    pub fn hello(&mut self, runtime: RuntimeKind) -> Result<StartInfo, ClientError> {
        let hello = Hello { version: crate::PROTOCOL_VERSION, runtime };
        match self.call(Request::Proc(ProcRequest::Hello(hello)))? {
            Ok(Reply::Started(info)) => Ok(*info),
            Ok(other) => Err(ClientError::BadHandshake(Box::new(other))),
            Err(errno) => Err(ClientError::Refused(errno)),
        }
    }

    /// Sends one request and blocks until its response arrives. Events that arrive
    /// first are queued for [`Client::take_event`].
    ///
    /// # Errors
    /// Only for transport or protocol failures; the program's errors are in the
    /// returned [`Response`].
    pub fn call(&mut self, request: Request) -> Result<Response, ClientError> {
        let id = self.next_id;
        self.next_id += 1;
        self.buf.clear();
        codec::encode_into(&ToKernel { id, request }, &mut self.buf);
        self.endpoint.send(&self.buf)?;
        loop {
            let bytes = self.endpoint.recv()?;
            match codec::decode::<FromKernel>(&bytes)? {
                FromKernel::Reply { id: got, response } if got == id => return Ok(response),
                FromKernel::Reply { id: got, .. } => {
                    return Err(ClientError::UnexpectedReply { want: id, got })
                }
                FromKernel::Event(ev) => self.events.push_back(ev),
            }
        }
    }

    /// Gives up the client, keeping the rings (for tests that speak raw frames).
    pub fn into_endpoint(self) -> Endpoint {
        self.endpoint
    }

    /// The oldest event not yet taken.
    pub fn take_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }
}

/// A runtime's view of its kernel connection: [`Client`] in production. Runtimes code
/// against this trait so their unit tests can answer with scripted replies the real
/// kernel would never send (broken contracts, events at awkward moments).
pub trait Kernel {
    /// Sends one request and waits for its response.
    ///
    /// # Errors
    /// Only when the transport or the protocol fails.
    fn call(&mut self, request: Request) -> Result<Response, ClientError>;

    /// The oldest unsolicited event not yet taken.
    fn take_event(&mut self) -> Option<Event>;
}

impl Kernel for Client {
    fn call(&mut self, request: Request) -> Result<Response, ClientError> {
        Client::call(self, request)
    }

    fn take_event(&mut self) -> Option<Event> {
        Client::take_event(self)
    }
}
