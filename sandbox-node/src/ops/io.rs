//! Descriptor writes: `process.stdout.write`, `process.stderr.write` and so `console`
//! (`js/node/process.js`, `js/node/console.js`).

use syscall_proto::fd::FdRequest;
use syscall_proto::{Reply, Request};

use super::{bytes_of, call, errno_value, throw_type_error, unexpected};

/// `op_io_write_sync(fd, data)`: writes all of `data` (a string, as UTF-8, or bytes)
/// to descriptor `fd` of the program, looping over short writes. Returns the bytes
/// written, or a negative errno (what was written before the error stays written).
pub fn op_io_write_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(fd) = args.get(0).int32_value(scope) else {
        return throw_type_error(scope, "op_io_write_sync: fd must be a number");
    };
    let Some(data) = bytes_of(scope, args.get(1)) else {
        return throw_type_error(scope, "op_io_write_sync: data must be a string or bytes");
    };
    let mut written = 0;
    while written < data.len() {
        let chunk = data[written..].to_vec();
        match call(scope, Request::Fd(FdRequest::Write { fd, data: chunk })) {
            None => return,
            Some(Ok(Reply::Written(0))) => break,
            Some(Ok(Reply::Written(n))) => {
                written += usize::try_from(n).unwrap_or(usize::MAX).min(data.len() - written)
            }
            Some(Ok(other)) => return unexpected(scope, "Write", other),
            Some(Err(errno)) => return rv.set(errno_value(scope, errno)),
        }
    }
    rv.set_double(written as f64);
}
