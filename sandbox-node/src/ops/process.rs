//! Process ops: `process.exit`, and the queues Node drains after every macrotask
//! (microtasks, unhandled rejections) — `js/node/process.js`, `js/internal/task_queues.js`.

use crate::kernel::{self, Stop};

use super::throw_type_error;

/// `op_process_exit(code)`: ends the program with `code` (its low 8 bits, as
/// `exit(3)`). JavaScript stops at once; `run.rs` reports the status to the kernel.
pub fn op_process_exit(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    let Some(code) = args.get(0).int32_value(scope) else {
        return throw_type_error(scope, "op_process_exit: code must be a number");
    };
    let state = kernel::state(scope);
    kernel::stop_js(scope, &state, Stop::Exit(code & 0xff));
}

/// `op_process_run_microtasks()`: runs the microtask queue to empty (Node's
/// `runMicrotasks()`, called between `process.nextTick` callbacks).
pub fn op_process_run_microtasks(
    scope: &mut v8::PinScope,
    _args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    scope.perform_microtask_checkpoint();
}

/// `op_process_queue_microtask(fn)`: `queueMicrotask` (V8 has no JS binding for it).
pub fn op_process_queue_microtask(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    let Ok(f) = v8::Local::<v8::Function>::try_from(args.get(0)) else {
        return throw_type_error(
            scope,
            "op_process_queue_microtask: the argument must be a function",
        );
    };
    scope.enqueue_microtask(f);
}

/// `op_process_take_rejections()`: `[promise, reason, ...]` for every promise rejected
/// without a handler (and still without one) since the last call.
pub fn op_process_take_rejections(
    scope: &mut v8::PinScope,
    _args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let state = kernel::state(scope);
    let taken = std::mem::take(&mut state.borrow_mut().rejections);
    let mut items = Vec::with_capacity(taken.len() * 2);
    for (promise, reason) in &taken {
        items.push(v8::Local::new(scope, promise).into());
        items.push(v8::Local::new(scope, reason));
    }
    rv.set(v8::Array::new_with_elements(scope, &items).into());
}

/// V8's promise-rejection hook: remembers promises rejected with no handler, and
/// forgets them when a handler is added later (before the event loop looks).
pub extern "C" fn promise_reject_callback(message: v8::PromiseRejectMessage) {
    // SAFETY: V8 calls this hook on the isolate's thread, inside a context, with a
    // message that lives for the call; the callback scope is created from it and
    // dropped before returning, as `CallbackScope::new` requires.
    v8::callback_scope!(unsafe scope, &message);
    let state = kernel::state(scope);
    let promise = message.get_promise();
    match message.get_event() {
        v8::PromiseRejectEvent::PromiseRejectWithNoHandler => {
            let reason = message.get_value().unwrap_or_else(|| v8::undefined(scope).into());
            let entry = (v8::Global::new(scope, promise), v8::Global::new(scope, reason));
            state.borrow_mut().rejections.push(entry);
        }
        v8::PromiseRejectEvent::PromiseHandlerAddedAfterReject => {
            let promise = v8::Global::new(scope, promise);
            state.borrow_mut().rejections.retain(|(p, _)| *p != promise);
        }
        // Resolving or rejecting an already settled promise: not an error in Node.
        v8::PromiseRejectEvent::PromiseRejectAfterResolved
        | v8::PromiseRejectEvent::PromiseResolveAfterResolved => {}
    }
}

/// `op_process_error_source(error)`: where `error` was created, as the first lines of
/// Node's uncaught-exception report (`file:line`, the source line, a caret), or `''`.
/// For exceptions the event loop does not see thrown (unhandled rejections, errors in
/// microtasks): V8 rebuilds the position from the error's captured stack.
pub fn op_process_error_source<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    args: v8::FunctionCallbackArguments<'s>,
    mut rv: v8::ReturnValue<'s>,
) {
    let message = v8::Exception::create_message(scope, args.get(0));
    let header = crate::event_loop::header(scope, message);
    let header = v8::String::new(scope, &header).unwrap_or_else(|| v8::String::empty(scope));
    rv.set(header.into());
}
