//! Descriptor writes: `process.stdout.write`, `process.stderr.write` and so `console`
//! (`js/node/process.js`, `js/node/console.js`).

use super::{bytes_of, errno_value, throw_type_error, write_all};

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
    match write_all(scope, fd, &data) {
        None => {}
        Some(Ok(written)) => rv.set_double(written as f64),
        Some(Err(errno)) => rv.set(errno_value(scope, errno)),
    }
}
