//! The native functions the JavaScript in `js/` calls: the one op registry.
//!
//! An op is `op_<family>_<verb>[_sync]` (`op_fs_read_file_sync`), so one grep finds
//! the JS caller, the Rust function and its registration in `table.rs` (the one
//! list: the snapshot's `ops` object and its external references both come from it). Each family
//! has its file: [`fs`] (files, through the kernel's path and descriptor calls),
//! [`io`] (writes to descriptors: stdout, stderr), [`encoding`] (UTF-8 between strings
//! and bytes), [`module`] (compiling the program's code), [`process`] (exit,
//! microtasks, unhandled rejections), [`time`] (the kernel's monotonic clock).
//!
//! Conventions, so the JavaScript side stays the one place that builds Node errors:
//! - a kernel errno comes back as a **negative number** (`-2` for ENOENT), which
//!   `js/internal/errors.js` turns into the Node error (`code`, `errno`, `syscall`,
//!   `path`); success is any other value;
//! - a wrong argument type is a programming error of our own JS and throws a
//!   `TypeError` naming the op;
//! - when the program must stop (kernel gone, `process.exit`), the op records why and
//!   terminates execution (`kernel::call` / `kernel::stop_js`) and returns nothing.

pub mod crypto;
pub mod encoding;
pub mod fs;
pub mod io;
pub mod module;
pub mod proc;
pub mod process;
pub mod time;
pub mod url;
pub mod util;
pub mod zlib;

use syscall_proto::fd::FdRequest;
use syscall_proto::{Errno, Reply, Request, Response};

use crate::kernel::{self, Stop};

/// Declares [`external_references`] from the op list in `table.rs`.
macro_rules! ops_table {
    ($($family:ident::$op:ident,)*) => {
        /// The startup snapshot's external references: every op's callback, in the
        /// order of `table.rs`. The `ops` object `js/bootstrap.js` receives is part of
        /// the snapshot (`snapshot/create.rs` made it at build time); V8 maps each of
        /// its functions back to a callback through this table when it deserialises
        /// the snapshot.
        pub fn external_references() -> Vec<v8::ExternalReference> {
            use v8::MapFnTo as _;
            vec![$(v8::ExternalReference { function: $family::$op.map_fn_to() },)*]
        }
    };
}
include!("table.rs");

/// Throws a `TypeError` in the calling JavaScript.
pub fn throw_type_error(scope: &mut v8::PinScope, message: &str) {
    let message = v8::String::new(scope, message).expect("error message");
    let error = v8::Exception::type_error(scope, message);
    scope.throw_exception(error);
}

/// A kernel errno as an op returns it: the negative number (`-2`).
pub fn errno_value<'s>(scope: &mut v8::PinScope<'s, '_>, errno: Errno) -> v8::Local<'s, v8::Value> {
    v8::Integer::new(scope, -errno.0).into()
}

/// Bytes as a `Uint8Array` over a buffer that owns `bytes` (no copy).
pub fn bytes_to_uint8array<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    bytes: Vec<u8>,
) -> v8::Local<'s, v8::Value> {
    let len = bytes.len();
    let store = v8::ArrayBuffer::new_backing_store_from_vec(bytes).make_shared();
    let buffer = v8::ArrayBuffer::with_backing_store(scope, &store);
    v8::Uint8Array::new(scope, buffer, 0, len).expect("a Uint8Array over a fresh buffer").into()
}

/// The bytes of a string (UTF-8; lone surrogates become U+FFFD, as Node's `'utf8'`
/// encoding does) or of an `ArrayBufferView` (copied). `None` for anything else.
pub fn bytes_of(scope: &mut v8::PinScope, value: v8::Local<v8::Value>) -> Option<Vec<u8>> {
    if let Ok(s) = v8::Local::<v8::String>::try_from(value) {
        return Some(s.to_rust_string_lossy(scope).into_bytes());
    }
    let view = v8::Local::<v8::ArrayBufferView>::try_from(value).ok()?;
    let mut bytes = vec![0; view.byte_length()];
    let copied = view.copy_contents(&mut bytes);
    bytes.truncate(copied);
    Some(bytes)
}

/// Argument `i` if it is a number; otherwise `None`, with a `TypeError` naming `op`
/// thrown.
pub fn number_arg<'s>(
    scope: &mut v8::PinScope,
    args: &v8::FunctionCallbackArguments<'s>,
    i: i32,
    op: &str,
) -> Option<v8::Local<'s, v8::Value>> {
    let value = args.get(i);
    if !value.is_number() {
        throw_type_error(scope, &format!("{op}: argument {i} must be a number"));
        return None;
    }
    Some(value)
}

/// A path argument: a string or bytes (a `Buffer`), as the kernel takes it.
pub fn path_arg(scope: &mut v8::PinScope, value: v8::Local<v8::Value>) -> Option<Vec<u8>> {
    bytes_of(scope, value)
}

/// Sends `request` and expects `want` (the name of the reply variant, for the error)
/// to match. `None`: the program is stopping (see [`kernel::call`]).
pub fn call(scope: &mut v8::PinScope, request: Request) -> Option<Response> {
    kernel::call(scope, request)
}

/// Writes all of `data` to descriptor `fd` of the program, going on from where a short
/// write stopped (a write of 0 bytes ends it). The bytes written, or the errno (what
/// was written before it stays written); `None` when the program is stopping.
pub fn write_all(scope: &mut v8::PinScope, fd: i32, data: &[u8]) -> Option<Result<usize, Errno>> {
    let mut written = 0;
    while written < data.len() {
        let chunk = data[written..].to_vec();
        match call(scope, Request::Fd(FdRequest::Write { fd, data: chunk }))? {
            Ok(Reply::Written(0)) => break,
            Ok(Reply::Written(n)) => {
                written += usize::try_from(n).unwrap_or(usize::MAX).min(data.len() - written)
            }
            Ok(other) => {
                unexpected(scope, "Write", other);
                return None;
            }
            Err(errno) => return Some(Err(errno)),
        }
    }
    Some(Ok(written))
}

/// Stops the program because the kernel broke a request's contract.
pub fn unexpected(scope: &mut v8::PinScope, request: &'static str, reply: Reply) {
    let state = kernel::state(scope);
    kernel::stop_js(scope, &state, Stop::UnexpectedReply { request, reply: Box::new(reply) });
}
