//! The runtime's connection to the kernel and the state the ops share.
//!
//! [`State`] lives in an isolate slot (as `Rc<RefCell<State>>`, see [`state`]), so
//! every op reaches the kernel the same way: [`call`] sends one request and returns
//! the kernel's response, or — when the program must stop (the transport failed, the
//! kernel is terminating us, `process.exit`) — records why in [`State::stop`],
//! terminates JavaScript execution and returns `None`. The op then returns at once;
//! `run.rs` sees the termination and ends the process with the recorded [`Stop`].

use std::cell::RefCell;
use std::rc::Rc;

use syscall_proto::client::ClientError;
use syscall_proto::{Event, Reply, Request, Response};

pub use syscall_proto::client::Kernel;

/// Why the program stops before its event loop runs dry. Never seen by the program.
#[derive(Debug, thiserror::Error)]
pub enum Stop {
    /// `process.exit(code)`, or an uncaught exception (1).
    #[error("the program exited with status {0}")]
    Exit(i32),
    /// The kernel connection failed.
    #[error("kernel connection failed: {0}")]
    Transport(#[from] ClientError),
    /// The kernel answered with a reply that does not fit the request.
    #[error("the kernel answered {request} with {reply:?}")]
    UnexpectedReply { request: &'static str, reply: Box<Reply> },
    /// The kernel is terminating the process.
    #[error("terminated by the kernel: {0}")]
    Terminated(String),
}

/// What the ops share: the kernel connection and how the program is ending.
pub struct State {
    kernel: Box<dyn Kernel>,
    /// Set once; the first reason to stop wins.
    pub stop: Option<Stop>,
    /// Promises rejected with no handler since the last look (`op_take_rejections`),
    /// with their reasons.
    pub rejections: Vec<(v8::Global<v8::Promise>, v8::Global<v8::Value>)>,
    /// Handled signals delivered since the last look (`op_proc_take_signals`), in order.
    pub signals: Vec<i32>,
}

/// The shared handle kept in the isolate slot.
pub type SharedState = Rc<RefCell<State>>;

impl State {
    pub fn new(kernel: Box<dyn Kernel>) -> SharedState {
        Rc::new(RefCell::new(State {
            kernel,
            stop: None,
            rejections: Vec::new(),
            signals: Vec::new(),
        }))
    }

    /// Sends `request`; events that arrived meanwhile are handled here.
    ///
    /// # Errors
    /// [`Stop`] when the transport fails or the kernel terminates the process.
    pub fn call(&mut self, request: Request) -> Result<Response, Stop> {
        let response = self.kernel.call(request)?;
        while let Some(event) = self.kernel.take_event() {
            match event {
                Event::Terminate { reason } => return Err(Stop::Terminated(reason)),
                // Run by the event loop's poll phase (`js/internal/io_watch.js`), as
                // Node runs signal listeners from its loop, never inside a call.
                Event::Signal { signo } => self.signals.push(signo),
            }
        }
        Ok(response)
    }

    /// Records why the program stops, unless a reason is already recorded.
    pub fn stop_with(&mut self, stop: Stop) {
        if self.stop.is_none() {
            self.stop = Some(stop);
        }
    }
}

/// The state of the isolate `scope` belongs to.
pub fn state(isolate: &v8::Isolate) -> SharedState {
    isolate.get_slot::<SharedState>().expect("the runtime state is installed at start-up").clone()
}

/// Sends `request` for an op. `None` when the program must stop: the reason is recorded
/// and JavaScript execution is terminating, so the op should return at once.
pub fn call(isolate: &v8::Isolate, request: Request) -> Option<Response> {
    let state = state(isolate);
    let result = state.borrow_mut().call(request);
    match result {
        Ok(response) => Some(response),
        Err(stop) => {
            stop_js(isolate, &state, stop);
            None
        }
    }
}

/// Records `stop` and terminates JavaScript execution (it unwinds like an uncatchable
/// exception back to `run.rs`).
pub fn stop_js(isolate: &v8::Isolate, state: &SharedState, stop: Stop) {
    state.borrow_mut().stop_with(stop);
    isolate.terminate_execution();
}
