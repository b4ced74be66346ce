//! The native functions the JavaScript in `js/` calls: the one op registry.
//!
//! An op is `op_<family>_<verb>[_sync]` (`op_fs_read_file_sync`), so one grep finds
//! the JS caller, the Rust function and its registration in [`install`]. Each family
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

/// Puts every op on a new object, which `js/bootstrap.js` receives as `ops` (never
/// reachable from the program itself).
pub fn install<'s>(scope: &mut v8::PinScope<'s, '_>) -> v8::Local<'s, v8::Object> {
    let ops = v8::Object::new(scope);
    macro_rules! register {
        ($($op:path => $name:literal,)*) => {$(
            let f = v8::Function::new(scope, $op).expect("creating an op function");
            let key = v8::String::new(scope, $name).expect("op name");
            f.set_name(key);
            ops.set(scope, key.into(), f.into());
        )*};
    }
    register! {
        crypto::op_crypto_random_fill => "op_crypto_random_fill",
        crypto::op_crypto_digest => "op_crypto_digest",
        url::op_url_parse => "op_url_parse",
        url::op_url_set => "op_url_set",
        url::op_url_domain => "op_url_domain",
        zlib::op_zlib_init => "op_zlib_init",
        zlib::op_zlib_write => "op_zlib_write",
        zlib::op_zlib_params => "op_zlib_params",
        zlib::op_zlib_reset => "op_zlib_reset",
        zlib::op_zlib_close => "op_zlib_close",
        encoding::op_encoding_decode_utf8 => "op_encoding_decode_utf8",
        encoding::op_encoding_encode_utf8 => "op_encoding_encode_utf8",
        fs::op_fs_read_file_sync => "op_fs_read_file_sync",
        fs::op_fs_write_file_sync => "op_fs_write_file_sync",
        fs::op_fs_stat_sync => "op_fs_stat_sync",
        fs::op_fs_fstat_sync => "op_fs_fstat_sync",
        fs::op_fs_open_sync => "op_fs_open_sync",
        fs::op_fs_close_sync => "op_fs_close_sync",
        fs::op_fs_read_sync => "op_fs_read_sync",
        fs::op_fs_write_sync => "op_fs_write_sync",
        fs::op_fs_ftruncate_sync => "op_fs_ftruncate_sync",
        fs::op_fs_fsync_sync => "op_fs_fsync_sync",
        fs::op_fs_mkdir_sync => "op_fs_mkdir_sync",
        fs::op_fs_unlink_sync => "op_fs_unlink_sync",
        fs::op_fs_rmdir_sync => "op_fs_rmdir_sync",
        fs::op_fs_rename_sync => "op_fs_rename_sync",
        fs::op_fs_link_sync => "op_fs_link_sync",
        fs::op_fs_symlink_sync => "op_fs_symlink_sync",
        fs::op_fs_readlink_sync => "op_fs_readlink_sync",
        fs::op_fs_realpath_sync => "op_fs_realpath_sync",
        fs::op_fs_chdir_sync => "op_fs_chdir_sync",
        fs::op_fs_utimes_sync => "op_fs_utimes_sync",
        fs::op_fs_readdir_sync => "op_fs_readdir_sync",
        fs::op_fs_chmod_sync => "op_fs_chmod_sync",
        fs::op_fs_fchmod_sync => "op_fs_fchmod_sync",
        fs::op_fs_chown_sync => "op_fs_chown_sync",
        fs::op_fs_fchown_sync => "op_fs_fchown_sync",
        io::op_io_write_sync => "op_io_write_sync",
        module::op_module_compile_function => "op_module_compile_function",
        module::op_module_run_script => "op_module_run_script",
        module::op_module_compile_esm => "op_module_compile_esm",
        module::op_module_create_synthetic => "op_module_create_synthetic",
        module::op_module_link => "op_module_link",
        module::op_module_instantiate => "op_module_instantiate",
        module::op_module_evaluate => "op_module_evaluate",
        module::op_module_namespace => "op_module_namespace",
        module::op_module_set_hooks => "op_module_set_hooks",
        module::op_promise_state => "op_promise_state",
        process::op_process_error_source => "op_process_error_source",
        process::op_process_exit => "op_process_exit",
        process::op_process_run_microtasks => "op_process_run_microtasks",
        process::op_process_queue_microtask => "op_process_queue_microtask",
        process::op_process_take_rejections => "op_process_take_rejections",
        proc::op_proc_spawn => "op_proc_spawn",
        proc::op_proc_wait => "op_proc_wait",
        proc::op_proc_kill => "op_proc_kill",
        proc::op_proc_sigaction => "op_proc_sigaction",
        proc::op_proc_take_signals => "op_proc_take_signals",
        proc::op_proc_getcwd => "op_proc_getcwd",
        proc::op_io_pipe => "op_io_pipe",
        proc::op_io_set_flags => "op_io_set_flags",
        proc::op_io_poll => "op_io_poll",
        time::op_time_now => "op_time_now",
        util::op_util_types => "op_util_types",
    }
    ops
}

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
