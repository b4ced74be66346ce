//! Process ops: starting children, waiting for them, signals, and the descriptor
//! calls `child_process` needs around them (pipes, poll, status flags) —
//! `js/node/child_process.js`, `js/internal/io_watch.js`.
//!
//! Every op is one kernel request (`ProcRequest::{Spawn, Wait, Kill, SigAction}`,
//! `FdRequest::{Pipe, Poll, SetFlags}`); the policy (`[process] spawn`) is the
//! kernel's, so a refused spawn is only an errno here.

use syscall_proto::fd::{FdRequest, PollFd};
use syscall_proto::proc::{Disposition, FdAction, ProcRequest, SpawnRequest};
use syscall_proto::{Reply, Request};

use super::{bytes_of, call, errno_value, number_arg, throw_type_error, unexpected};

/// Argument `i` as an `int32` (ToInt32), or a `TypeError` naming `op`.
fn int_arg(
    scope: &mut v8::PinScope,
    args: &v8::FunctionCallbackArguments,
    i: i32,
    op: &str,
) -> Option<i32> {
    number_arg(scope, args, i, op)?.int32_value(scope)
}

/// The elements of a JS array (`None`, with a `TypeError` thrown, for anything else).
fn array_items<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    value: v8::Local<'s, v8::Value>,
    op: &str,
) -> Option<Vec<v8::Local<'s, v8::Value>>> {
    let Ok(array) = v8::Local::<v8::Array>::try_from(value) else {
        throw_type_error(scope, &format!("{op}: expected an array"));
        return None;
    };
    let mut items = Vec::with_capacity(array.length() as usize);
    for i in 0..array.length() {
        items.push(array.get_index(scope, i)?);
    }
    Some(items)
}

fn byte_strings<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    value: v8::Local<'s, v8::Value>,
    op: &str,
) -> Option<Vec<Vec<u8>>> {
    let items = array_items(scope, value, op)?;
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let Some(bytes) = bytes_of(scope, item) else {
            throw_type_error(scope, &format!("{op}: expected strings"));
            return None;
        };
        out.push(bytes);
    }
    Some(out)
}

/// `[kind, ...]` → a file action: `[0, from, to]` dup2, `[1, fd]` close,
/// `[2, fd, path, flags, mode]` open.
fn fd_action<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    value: v8::Local<'s, v8::Value>,
) -> Option<FdAction> {
    let items = array_items(scope, value, "op_proc_spawn")?;
    let int = |scope: &mut v8::PinScope, i: usize| -> Option<i32> {
        let v = *items.get(i)?;
        v.is_number().then(|| v.int32_value(scope)).flatten()
    };
    let action = match int(scope, 0) {
        Some(0) => FdAction::Dup2 { from: int(scope, 1)?, to: int(scope, 2)? },
        Some(1) => FdAction::Close { fd: int(scope, 1)? },
        Some(2) => FdAction::Open {
            fd: int(scope, 1)?,
            path: bytes_of(scope, *items.get(2)?)?,
            flags: int(scope, 3)? as u32,
            mode: int(scope, 4)? as u32,
        },
        _ => None?,
    };
    Some(action)
}

/// `op_proc_spawn(program, argv, env, cwd, actions)`: posix_spawn. `env` is
/// `['NAME=value', ...]`, `cwd` a path or `null`, `actions` as [`fd_action`]. Returns
/// the child's pid or -errno.
pub fn op_proc_spawn<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    args: v8::FunctionCallbackArguments<'s>,
    mut rv: v8::ReturnValue<'s>,
) {
    const OP: &str = "op_proc_spawn";
    let Some(program) = bytes_of(scope, args.get(0)) else {
        return throw_type_error(scope, "op_proc_spawn: program must be a string");
    };
    let Some(argv) = byte_strings(scope, args.get(1), OP) else { return };
    let Some(env) = byte_strings(scope, args.get(2), OP) else { return };
    // A name with no `=` is passed with an empty value, as execve's caller would.
    let env = env
        .into_iter()
        .map(|entry| match entry.iter().position(|&b| b == b'=') {
            Some(i) => (entry[..i].to_vec(), entry[i + 1..].to_vec()),
            None => (entry, Vec::new()),
        })
        .collect();
    let cwd = if args.get(3).is_null_or_undefined() {
        None
    } else {
        let Some(cwd) = bytes_of(scope, args.get(3)) else {
            return throw_type_error(scope, "op_proc_spawn: cwd must be a string");
        };
        Some(cwd)
    };
    let Some(items) = array_items(scope, args.get(4), OP) else { return };
    let mut fd_actions = Vec::with_capacity(items.len());
    for item in items {
        let Some(action) = fd_action(scope, item) else {
            return throw_type_error(scope, "op_proc_spawn: malformed file action");
        };
        fd_actions.push(action);
    }
    let request = SpawnRequest { program, argv, env, cwd, fd_actions, ..Default::default() };
    match call(scope, Request::Proc(ProcRequest::Spawn(Box::new(request)))) {
        None => {}
        Some(Ok(Reply::Pid(pid))) => rv.set_int32(pid),
        Some(Ok(other)) => unexpected(scope, "Spawn", other),
        Some(Err(errno)) => rv.set(errno_value(scope, errno)),
    }
}

/// `op_proc_wait(pid, options)`: waitpid. `[pid, status]` (pid 0 under `WNOHANG` when
/// none is ready) or -errno.
pub fn op_proc_wait(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(pid) = int_arg(scope, &args, 0, "op_proc_wait") else { return };
    let Some(options) = int_arg(scope, &args, 1, "op_proc_wait") else { return };
    match call(scope, Request::Proc(ProcRequest::Wait { pid, options: options as u32 })) {
        None => {}
        Some(Ok(Reply::Waited { pid, status })) => {
            let pid = v8::Integer::new(scope, pid).into();
            let status = v8::Integer::new(scope, status).into();
            rv.set(v8::Array::new_with_elements(scope, &[pid, status]).into());
        }
        Some(Ok(other)) => unexpected(scope, "Wait", other),
        Some(Err(errno)) => rv.set(errno_value(scope, errno)),
    }
}

/// Sends a request whose success is `Unit` (or any reply the op does not read):
/// 0 or -errno.
fn unit_call(scope: &mut v8::PinScope, rv: &mut v8::ReturnValue, request: Request) {
    match call(scope, request) {
        None => {}
        Some(Ok(_)) => rv.set_int32(0),
        Some(Err(errno)) => rv.set(errno_value(scope, errno)),
    }
}

/// `op_proc_kill(pid, signo)`: kill. 0 or -errno.
pub fn op_proc_kill(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(pid) = int_arg(scope, &args, 0, "op_proc_kill") else { return };
    let Some(signo) = int_arg(scope, &args, 1, "op_proc_kill") else { return };
    unit_call(scope, &mut rv, Request::Proc(ProcRequest::Kill { pid, signo }));
}

/// `op_proc_sigaction(signo, disposition)`: 0 default, 1 ignore, 2 handle (the kernel
/// then delivers the signal as an event, see `kernel.rs`). 0 or -errno.
pub fn op_proc_sigaction(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(signo) = int_arg(scope, &args, 0, "op_proc_sigaction") else { return };
    let action = match int_arg(scope, &args, 1, "op_proc_sigaction") {
        None => return,
        Some(0) => Disposition::Default,
        Some(1) => Disposition::Ignore,
        Some(_) => Disposition::Handle,
    };
    unit_call(scope, &mut rv, Request::Proc(ProcRequest::SigAction { signo, action }));
}

/// `op_io_pipe(flags)`: pipe2. `[read end, write end]` or -errno.
pub fn op_io_pipe(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(flags) = int_arg(scope, &args, 0, "op_io_pipe") else { return };
    match call(scope, Request::Fd(FdRequest::Pipe { flags: flags as u32 })) {
        None => {}
        Some(Ok(Reply::FdPair(r, w))) => {
            let r = v8::Integer::new(scope, r).into();
            let w = v8::Integer::new(scope, w).into();
            rv.set(v8::Array::new_with_elements(scope, &[r, w]).into());
        }
        Some(Ok(other)) => unexpected(scope, "Pipe", other),
        Some(Err(errno)) => rv.set(errno_value(scope, errno)),
    }
}

/// `op_io_set_flags(fd, flags)`: fcntl(F_SETFL). 0 or -errno.
pub fn op_io_set_flags(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(fd) = int_arg(scope, &args, 0, "op_io_set_flags") else { return };
    let Some(flags) = int_arg(scope, &args, 1, "op_io_set_flags") else { return };
    unit_call(scope, &mut rv, Request::Fd(FdRequest::SetFlags { fd, flags: flags as u32 }));
}

/// `op_io_poll(fds, events, timeoutMs)`: poll. The `revents` of each entry, in order,
/// or -errno (`EINTR` when a handled signal — a child's `SIGCHLD` — came first).
pub fn op_io_poll<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    args: v8::FunctionCallbackArguments<'s>,
    mut rv: v8::ReturnValue<'s>,
) {
    const OP: &str = "op_io_poll";
    let Some(fds) = array_items(scope, args.get(0), OP) else { return };
    let Some(events) = array_items(scope, args.get(1), OP) else { return };
    let Some(timeout_ms) = int_arg(scope, &args, 2, OP) else { return };
    let mut entries = Vec::with_capacity(fds.len());
    for (fd, events) in fds.into_iter().zip(events) {
        let (Some(fd), Some(events)) = (fd.int32_value(scope), events.int32_value(scope)) else {
            return throw_type_error(scope, "op_io_poll: descriptors and events are numbers");
        };
        entries.push(PollFd { fd, events: events as u16 });
    }
    match call(scope, Request::Fd(FdRequest::Poll { fds: entries, timeout_ms })) {
        None => {}
        Some(Ok(Reply::Polled(revents))) => {
            let items: Vec<_> =
                revents.into_iter().map(|r| v8::Integer::new(scope, i32::from(r)).into()).collect();
            rv.set(v8::Array::new_with_elements(scope, &items).into());
        }
        Some(Ok(other)) => unexpected(scope, "Poll", other),
        Some(Err(errno)) => rv.set(errno_value(scope, errno)),
    }
}

/// `op_proc_take_signals()`: the handled signals delivered since the last call.
pub fn op_proc_take_signals(
    scope: &mut v8::PinScope,
    _args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let state = crate::kernel::state(scope);
    let taken = std::mem::take(&mut state.borrow_mut().signals);
    let items: Vec<_> = taken.into_iter().map(|s| v8::Integer::new(scope, s).into()).collect();
    rv.set(v8::Array::new_with_elements(scope, &items).into());
}

/// `op_proc_getcwd()`: the working directory, or -errno.
pub fn op_proc_getcwd(
    scope: &mut v8::PinScope,
    _args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    match call(scope, Request::Proc(ProcRequest::GetCwd)) {
        None => {}
        Some(Ok(Reply::Data(bytes))) => {
            let s = v8::String::new_from_utf8(scope, &bytes, v8::NewStringType::Normal)
                .unwrap_or_else(|| v8::String::empty(scope));
            rv.set(s.into());
        }
        Some(Ok(other)) => unexpected(scope, "GetCwd", other),
        Some(Err(errno)) => rv.set(errno_value(scope, errno)),
    }
}
