//! A scripted kernel for the unit tests: each call must be the next expected request,
//! and gets the scripted response. Writes to fds 1 and 2 are not scripted: they are
//! captured into [`Output`].

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use syscall_proto::client::ClientError;
use syscall_proto::fd::FdRequest;
use syscall_proto::proc::{Preopen, RuntimeLimits, StartInfo};
use syscall_proto::ring::TransportError;
use syscall_proto::{Event, Reply, Request, Response};

use super::{Kernel, WasiCtx};

/// What the fake kernel does for one expected request.
pub enum Answer {
    Respond(Response),
    /// The transport fails.
    Lose,
}

/// What the program wrote to its stdout and stderr.
#[derive(Default)]
pub struct Written {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

pub type Output = Rc<RefCell<Written>>;

pub struct FakeKernel {
    script: VecDeque<(Request, Answer)>,
    output: Output,
}

impl Kernel for FakeKernel {
    fn call(&mut self, request: Request) -> Result<Response, ClientError> {
        if let Request::Fd(FdRequest::Write { fd: fd @ (1 | 2), data }) = &request {
            let mut out = self.output.borrow_mut();
            let sink = if *fd == 1 { &mut out.stdout } else { &mut out.stderr };
            sink.extend_from_slice(data);
            return Ok(Ok(Reply::Written(data.len() as u64)));
        }
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
            assert!(
                self.script.is_empty(),
                "requests never made: {:?}",
                self.script.iter().map(|s| &s.0).collect::<Vec<_>>()
            );
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
    capturing(script, &start_info()).0
}

pub fn ctx_with(script: Vec<(Request, Answer)>) -> WasiCtx {
    capturing_with(script, &start_info()).0
}

/// A context for `start` whose kernel expects `script`, and the handle to what the
/// program writes to fds 1 and 2.
pub fn capturing(script: Vec<(Request, Response)>, start: &StartInfo) -> (WasiCtx, Output) {
    capturing_with(script.into_iter().map(|(q, a)| (q, Answer::Respond(a))).collect(), start)
}

fn capturing_with(script: Vec<(Request, Answer)>, start: &StartInfo) -> (WasiCtx, Output) {
    let output = Output::default();
    let kernel = FakeKernel { script: script.into(), output: output.clone() };
    (WasiCtx::new(Box::new(kernel), start), output)
}

/// A minimal WASI command module, assembled by hand (the engine is built without a
/// text-format parser): it imports `fd_write` and `proc_exit` (function indices 0 and
/// 1), exports a one-page `memory` holding an iovec for `"hi\n"` at address 0, and
/// exports `_start` with the given code (its locals declaration included).
pub fn module(start_body: &[u8]) -> Vec<u8> {
    fn section(id: u8, content: &[u8]) -> Vec<u8> {
        let mut s = vec![id, u8::try_from(content.len()).unwrap()];
        s.extend_from_slice(content);
        s
    }
    fn name(s: &str) -> Vec<u8> {
        let mut v = vec![u8::try_from(s.len()).unwrap()];
        v.extend_from_slice(s.as_bytes());
        v
    }
    const I32: u8 = 0x7f;
    let mut m = b"\0asm\x01\0\0\0".to_vec();
    // Types: 0 = (i32 i32 i32 i32) -> i32, 1 = (i32) -> (), 2 = () -> ().
    m.extend(section(1, &[3, 0x60, 4, I32, I32, I32, I32, 1, I32, 0x60, 1, I32, 0, 0x60, 0, 0]));
    let mut imports = vec![2];
    for (field, ty) in [("fd_write", 0), ("proc_exit", 1)] {
        imports.extend(name(super::MODULE));
        imports.extend(name(field));
        imports.extend([0x00, ty]);
    }
    m.extend(section(2, &imports));
    m.extend(section(3, &[1, 2]));
    m.extend(section(5, &[1, 0x00, 1]));
    let mut exports = vec![2];
    exports.extend(name("memory"));
    exports.extend([0x02, 0]);
    exports.extend(name("_start"));
    exports.extend([0x00, 2]);
    m.extend(section(7, &exports));
    let mut body = vec![u8::try_from(start_body.len()).unwrap()];
    body.extend_from_slice(start_body);
    m.extend(section(10, &[&[1][..], &body].concat()));
    // Data at 0: iovec { buf: 16, len: 3 }; at 16: "hi\n".
    let mut data = vec![1, 0x00, 0x41, 0, 0x0b, 19];
    data.extend([16, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    data.extend(b"hi\n");
    m.extend(section(11, &data));
    m
}

/// `_start` bodies for [`module`].
pub mod body {
    /// `fd_write(1, iovs=0, 1, nwritten=8)`, then return.
    pub const WRITE: &[u8] = &[0, 0x41, 1, 0x41, 0, 0x41, 1, 0x41, 8, 0x10, 0, 0x1a, 0x0b];
    /// `fd_write(1, iovs=0, 1, nwritten=8)`, then `proc_exit(7)`.
    pub const WRITE_EXIT_7: &[u8] =
        &[0, 0x41, 1, 0x41, 0, 0x41, 1, 0x41, 8, 0x10, 0, 0x1a, 0x41, 7, 0x10, 1, 0x0b];
    /// `unreachable`.
    pub const TRAP: &[u8] = &[0, 0x00, 0x0b];
    /// `fd_write` with an iovec array far outside memory: EFAULT (21) comes back, and
    /// `proc_exit` reports it.
    pub const EFAULT_EXIT: &[u8] =
        &[0, 0x41, 1, 0x41, 0x80, 0x80, 0x08, 0x41, 1, 0x41, 8, 0x10, 0, 0x10, 1, 0x0b];
}
