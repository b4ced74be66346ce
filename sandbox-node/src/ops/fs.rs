//! File ops: `fs.readFileSync`, `fs.writeFileSync` (`js/node/fs.js`).
//!
//! Paths are sandbox paths, relative ones relative to the process's working directory
//! in the kernel (`AT_FDCWD`); the kernel resolves them and checks the policy.

use syscall_proto::fd::{FdRequest, AT_FDCWD};
use syscall_proto::path::PathRequest;
use syscall_proto::{Reply, Request};

use super::{
    bytes_of, bytes_to_uint8array, call, errno_value, path_arg, throw_type_error, unexpected,
};

/// `op_fs_read_file_sync(path, utf8)`: the whole file, in one `ReadFile` (openat +
/// fstat + read + close in the kernel). Returns a string when `utf8` is true (decoded
/// as Node's `'utf8'`: invalid sequences become U+FFFD), else a `Uint8Array`; a
/// negative errno on failure.
pub fn op_fs_read_file_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(path) = path_arg(scope, args.get(0)) else {
        return throw_type_error(scope, "op_fs_read_file_sync: path must be a string or bytes");
    };
    let utf8 = args.get(1).is_true();
    let request = Request::Path(PathRequest::ReadFile { dirfd: AT_FDCWD, path });
    match call(scope, request) {
        None => {}
        Some(Err(errno)) => rv.set(errno_value(scope, errno)),
        Some(Ok(Reply::Data(bytes))) if utf8 => {
            match v8::String::new_from_utf8(scope, &bytes, v8::NewStringType::Normal) {
                Some(s) => rv.set(s.into()),
                // Longer than V8's maximum string length; Node says the same thing.
                None => throw_type_error(scope, "Cannot create a string longer than V8's maximum"),
            }
        }
        Some(Ok(Reply::Data(bytes))) => rv.set(bytes_to_uint8array(scope, bytes)),
        Some(Ok(other)) => unexpected(scope, "ReadFile", other),
    }
}

/// `op_fs_write_file_sync(path, data, flags, mode)`: open with Linux `flags` and `mode`,
/// write all of `data` (a string, written as UTF-8, or bytes), close. Returns
/// `undefined`, or `[-errno, syscall]` on failure (`'open'` or `'write'`: Node's
/// error names the call that failed, and only `open` errors carry the path).
pub fn op_fs_write_file_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(path) = path_arg(scope, args.get(0)) else {
        return throw_type_error(scope, "op_fs_write_file_sync: path must be a string or bytes");
    };
    let Some(data) = bytes_of(scope, args.get(1)) else {
        return throw_type_error(scope, "op_fs_write_file_sync: data must be a string or bytes");
    };
    let (Some(flags), Some(mode)) =
        (args.get(2).uint32_value(scope), args.get(3).uint32_value(scope))
    else {
        return throw_type_error(scope, "op_fs_write_file_sync: flags and mode must be numbers");
    };
    let open = Request::Path(PathRequest::Open { dirfd: AT_FDCWD, path, flags, mode });
    let fd = match call(scope, open) {
        None => return,
        Some(Ok(Reply::Fd(fd))) => fd,
        Some(Ok(other)) => return unexpected(scope, "Open", other),
        Some(Err(errno)) => return rv.set(failure(scope, errno, "open")),
    };
    let mut written = 0;
    let mut result = Ok(());
    // A write may be short (a full disk mid-way, a pipe): go on from where it stopped,
    // as Node's writeFileSync loops.
    while written < data.len() {
        let chunk = data[written..].to_vec();
        match call(scope, Request::Fd(FdRequest::Write { fd, data: chunk })) {
            None => return,
            Some(Ok(Reply::Written(0))) => break,
            Some(Ok(Reply::Written(n))) => {
                written += usize::try_from(n).unwrap_or(usize::MAX).min(data.len() - written)
            }
            Some(Ok(other)) => return unexpected(scope, "Write", other),
            Some(Err(errno)) => {
                result = Err(errno);
                break;
            }
        }
    }
    // Close whatever happened; a close error is reported only when the write went well
    // (Node's writeFileSync closes in a `finally` and throws the first error).
    let closed = match call(scope, Request::Fd(FdRequest::Close { fd })) {
        None => return,
        Some(Ok(_)) => Ok(()),
        Some(Err(errno)) => Err(errno),
    };
    match (result, closed) {
        (Ok(()), Ok(())) => rv.set_undefined(),
        (Err(errno), _) => rv.set(failure(scope, errno, "write")),
        (Ok(()), Err(errno)) => rv.set(failure(scope, errno, "close")),
    }
}

/// `[-errno, syscall]`.
fn failure<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    errno: syscall_proto::Errno,
    syscall: &str,
) -> v8::Local<'s, v8::Value> {
    let errno = errno_value(scope, errno);
    let syscall = v8::String::new(scope, syscall).expect("syscall name").into();
    v8::Array::new_with_elements(scope, &[errno, syscall]).into()
}
