//! A scripted kernel for the unit tests: each call must be the next expected request,
//! and gets the scripted response.

use std::collections::VecDeque;

use syscall_proto::client::ClientError;
use syscall_proto::proc::{Preopen, RuntimeLimits, StartInfo};
use syscall_proto::ring::TransportError;
use syscall_proto::{Event, Request, Response};

use super::{Kernel, WasiCtx};

/// What the fake kernel does for one expected request.
pub enum Answer {
    Respond(Response),
    /// The transport fails.
    Lose,
}

pub struct FakeKernel {
    script: VecDeque<(Request, Answer)>,
}

impl Kernel for FakeKernel {
    fn call(&mut self, request: Request) -> Result<Response, ClientError> {
        let Some((want, answer)) = self.script.pop_front() else {
            panic!("unexpected request {request:?}");
        };
        assert_eq!(request, want);
        match answer {
            Answer::Respond(r) => Ok(r),
            Answer::Lose => Err(ClientError::Transport(TransportError::PeerGone)),
        }
    }

    fn take_event(&mut self) -> Option<Event> {
        None
    }
}

impl Drop for FakeKernel {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            assert!(self.script.is_empty(), "requests never made: {:?}", self.script.iter().map(|s| &s.0).collect::<Vec<_>>());
        }
    }
}

/// The start configuration of every test context.
pub fn start_info() -> StartInfo {
    StartInfo {
        pid: 7,
        program: b"/app/prog.wasm".to_vec(),
        argv: vec![b"prog".to_vec(), b"a b".to_vec()],
        env: vec![(b"HOME".to_vec(), b"/home/u".to_vec()), (b"EMPTY".to_vec(), Vec::new())],
        cwd: b"/".to_vec(),
        preopens: vec![Preopen { fd: 3, path: b"/".to_vec() }],
        limits: RuntimeLimits::default(),
    }
}

/// A context whose kernel expects exactly `script`, answering each with its response.
pub fn ctx(script: Vec<(Request, Response)>) -> WasiCtx {
    ctx_with(script.into_iter().map(|(q, a)| (q, Answer::Respond(a))).collect())
}

pub fn ctx_with(script: Vec<(Request, Answer)>) -> WasiCtx {
    WasiCtx::new(Box::new(FakeKernel { script: script.into() }), &start_info())
}
