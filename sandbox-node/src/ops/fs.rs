//! File ops (`js/node/fs.js`, and the module loader's stat and reads): whole-file
//! reads and writes, and one op per file system call, each returning the kernel's
//! answer or the negative errno.
//!
//! Paths are sandbox paths, relative ones relative to the process's working directory
//! in the kernel (`AT_FDCWD`); the kernel resolves them and checks the policy.

use syscall_proto::fd::{FdRequest, FileType, SetTime, AT_FDCWD, MAX_IO_CHUNK};
use syscall_proto::path::{oflags, PathRequest};
use syscall_proto::{Reply, Request};

use super::{
    bytes_of, bytes_to_uint8array, call, errno_value, number_arg, path_arg, throw_type_error,
    unexpected, write_all,
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
    // A write may be short (a full disk mid-way, a pipe): go on from where it stopped,
    // as Node's writeFileSync loops.
    let Some(result) = write_all(scope, fd, &data) else { return };
    // Close whatever happened; a close error is reported only when the write went well
    // (Node's writeFileSync closes in a `finally` and throws the first error).
    let closed = match call(scope, Request::Fd(FdRequest::Close { fd })) {
        None => return,
        Some(Ok(_)) => Ok(()),
        Some(Err(errno)) => Err(errno),
    };
    match (result, closed) {
        (Ok(_), Ok(())) => rv.set_undefined(),
        (Err(errno), _) => rv.set(failure(scope, errno, "write")),
        (Ok(_), Err(errno)) => rv.set(failure(scope, errno, "close")),
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

/// How one reply becomes the op's value: the shapes the fs ops return.
enum Want {
    /// `undefined`.
    Unit,
    /// A number (a descriptor, a count, an offset).
    Number,
    /// Bytes as a string (a symlink target).
    Text,
    /// Bytes as a `Uint8Array` (what was read).
    Bytes,
    /// A stat array (see [`stat_array`]).
    Stat,
}

/// Sends `request` and sets the op's return value: what `want` asks for, or the
/// negative errno.
fn reply_as(scope: &mut v8::PinScope, rv: &mut v8::ReturnValue, request: Request, want: Want) {
    let name = request_name(&request);
    let Some(response) = call(scope, request) else {
        return;
    };
    match (want, response) {
        (_, Err(errno)) => rv.set(errno_value(scope, errno)),
        (Want::Unit, Ok(Reply::Unit)) => rv.set_undefined(),
        (Want::Number, Ok(Reply::Fd(fd))) => rv.set_int32(fd),
        (Want::Number, Ok(Reply::Written(n) | Reply::Offset(n))) => rv.set_double(n as f64),
        (Want::Text, Ok(Reply::Data(bytes))) => {
            let s = v8::String::new_from_utf8(scope, &bytes, v8::NewStringType::Normal)
                .unwrap_or_else(|| v8::String::empty(scope));
            rv.set(s.into());
        }
        (Want::Bytes, Ok(Reply::Data(bytes))) => rv.set(bytes_to_uint8array(scope, bytes)),
        (Want::Stat, Ok(Reply::Stat(stat))) => rv.set(stat_array(scope, &stat)),
        (_, Ok(other)) => unexpected(scope, name, other),
    }
}

fn request_name(request: &Request) -> &'static str {
    match request {
        Request::Path(p) => match p {
            PathRequest::Open { .. } => "Open",
            PathRequest::Stat { .. } => "Stat",
            PathRequest::SetTimes { .. } => "SetTimes",
            PathRequest::Mkdir { .. } => "Mkdir",
            PathRequest::Unlink { .. } => "Unlink",
            PathRequest::Rmdir { .. } => "Rmdir",
            PathRequest::Rename { .. } => "Rename",
            PathRequest::Symlink { .. } => "Symlink",
            PathRequest::Readlink { .. } => "Readlink",
            PathRequest::Link { .. } => "Link",
            PathRequest::Chmod { .. } => "Chmod",
            PathRequest::Chown { .. } => "Chown",
            _ => "a path request",
        },
        Request::Fd(f) => match f {
            FdRequest::Read { .. } => "Read",
            FdRequest::Pread { .. } => "Pread",
            FdRequest::Write { .. } => "Write",
            FdRequest::Pwrite { .. } => "Pwrite",
            FdRequest::Close { .. } => "Close",
            FdRequest::Stat { .. } => "Fstat",
            FdRequest::SetSize { .. } => "SetSize",
            FdRequest::Sync { .. } => "Sync",
            FdRequest::Chmod { .. } => "Fchmod",
            FdRequest::Chown { .. } => "Fchown",
            _ => "a descriptor request",
        },
        _ => "a request",
    }
}

/// Node's `UV_DIRENT_*` number of a file type (`fs.Dirent`).
fn dirent_type(kind: &FileType) -> i32 {
    match kind {
        FileType::Unknown => 0,
        FileType::Regular => 1,
        FileType::Directory => 2,
        FileType::Symlink => 3,
        FileType::Fifo => 4,
        FileType::Socket => 5,
        FileType::CharDevice => 6,
        FileType::BlockDevice => 7,
    }
}

/// `[dev, mode, nlink, uid, gid, rdev, blksize, ino, size, blocks, atime s, atime ns,
/// mtime s, mtime ns, ctime s, ctime ns]` as a `Float64Array` (Node's own stat array
/// order; times split so none loses precision).
fn stat_array<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    stat: &syscall_proto::fd::FileStat,
) -> v8::Local<'s, v8::Value> {
    let split =
        |ns: i64| [ns.div_euclid(1_000_000_000) as f64, ns.rem_euclid(1_000_000_000) as f64];
    let [atime_s, atime_ns] = split(stat.atime);
    let [mtime_s, mtime_ns] = split(stat.mtime);
    let [ctime_s, ctime_ns] = split(stat.ctime);
    let values = [
        stat.dev as f64,
        f64::from(stat.mode | stat.kind.mode_bits()),
        stat.nlink as f64,
        f64::from(stat.uid),
        f64::from(stat.gid),
        0.0,
        f64::from(stat.blksize),
        stat.ino as f64,
        stat.size as f64,
        stat.blocks as f64,
        atime_s,
        atime_ns,
        mtime_s,
        mtime_ns,
        ctime_s,
        ctime_ns,
    ];
    let bytes: Vec<u8> = values.iter().flat_map(|v| v.to_ne_bytes()).collect();
    let len = values.len();
    let store = v8::ArrayBuffer::new_backing_store_from_vec(bytes).make_shared();
    let buffer = v8::ArrayBuffer::with_backing_store(scope, &store);
    v8::Float64Array::new(scope, buffer, 0, len).expect("a Float64Array over a fresh buffer").into()
}

/// Argument `i` as a path (string or bytes), or a `TypeError` naming `op`.
fn path_at(
    scope: &mut v8::PinScope,
    args: &v8::FunctionCallbackArguments,
    i: i32,
    op: &str,
) -> Option<Vec<u8>> {
    let path = path_arg(scope, args.get(i));
    if path.is_none() {
        throw_type_error(scope, &format!("{op}: argument {i} must be a path"));
    }
    path
}

/// Argument `i` as an integer, or a `TypeError` naming `op`.
fn int_at(
    scope: &mut v8::PinScope,
    args: &v8::FunctionCallbackArguments,
    i: i32,
    op: &str,
) -> Option<f64> {
    number_arg(scope, args, i, op)?.number_value(scope)
}

/// Defines a path op whose request is built from its arguments.
macro_rules! fs_op {
    ($(#[$doc:meta])* $name:ident, $want:expr, |$scope:ident, $args:ident| $build:expr) => {
        $(#[$doc])*
        pub fn $name(
            $scope: &mut v8::PinScope,
            $args: v8::FunctionCallbackArguments,
            mut rv: v8::ReturnValue,
        ) {
            let request: Option<Request> = (|| $build)();
            if let Some(request) = request {
                reply_as($scope, &mut rv, request, $want);
            }
        }
    };
}

fs_op!(
    /// `op_fs_stat_sync(path, follow)`: the stat array, or -errno.
    op_fs_stat_sync, Want::Stat, |scope, args| {
        let path = path_at(scope, &args, 0, "op_fs_stat_sync")?;
        let follow = args.get(1).is_true();
        Some(Request::Path(PathRequest::Stat { dirfd: AT_FDCWD, path, follow }))
    }
);

fs_op!(
    /// `op_fs_fstat_sync(fd)`: the stat array, or -errno.
    op_fs_fstat_sync, Want::Stat, |scope, args| {
        let fd = int_at(scope, &args, 0, "op_fs_fstat_sync")? as i32;
        Some(Request::Fd(FdRequest::Stat { fd }))
    }
);

fs_op!(
    /// `op_fs_open_sync(path, flags, mode)`: a descriptor, or -errno.
    op_fs_open_sync, Want::Number, |scope, args| {
        let path = path_at(scope, &args, 0, "op_fs_open_sync")?;
        let flags = int_at(scope, &args, 1, "op_fs_open_sync")? as u32;
        let mode = int_at(scope, &args, 2, "op_fs_open_sync")? as u32;
        Some(Request::Path(PathRequest::Open { dirfd: AT_FDCWD, path, flags, mode }))
    }
);

fs_op!(
    /// `op_fs_close_sync(fd)`.
    op_fs_close_sync, Want::Unit, |scope, args| {
        let fd = int_at(scope, &args, 0, "op_fs_close_sync")? as i32;
        Some(Request::Fd(FdRequest::Close { fd }))
    }
);

fs_op!(
    /// `op_fs_read_sync(fd, length, position)`: at most `length` bytes (a
    /// `Uint8Array`, empty at end of file) from `position`, or from the file offset
    /// when `position` is negative.
    op_fs_read_sync, Want::Bytes, |scope, args| {
        let fd = int_at(scope, &args, 0, "op_fs_read_sync")? as i32;
        let len = int_at(scope, &args, 1, "op_fs_read_sync")?.clamp(0.0, f64::from(MAX_IO_CHUNK)) as u32;
        let position = int_at(scope, &args, 2, "op_fs_read_sync")?;
        Some(Request::Fd(if position < 0.0 {
            FdRequest::Read { fd, len }
        } else {
            FdRequest::Pread { fd, len, offset: position as u64 }
        }))
    }
);

fs_op!(
    /// `op_fs_write_sync(fd, data, position)`: bytes written (at `position`, or at the
    /// file offset when it is negative), or -errno.
    op_fs_write_sync, Want::Number, |scope, args| {
        let fd = int_at(scope, &args, 0, "op_fs_write_sync")? as i32;
        let Some(data) = bytes_of(scope, args.get(1)) else {
            throw_type_error(scope, "op_fs_write_sync: data must be a string or bytes");
            return None;
        };
        let position = int_at(scope, &args, 2, "op_fs_write_sync")?;
        Some(Request::Fd(if position < 0.0 {
            FdRequest::Write { fd, data }
        } else {
            FdRequest::Pwrite { fd, data, offset: position as u64 }
        }))
    }
);

fs_op!(
    /// `op_fs_ftruncate_sync(fd, length)`.
    op_fs_ftruncate_sync, Want::Unit, |scope, args| {
        let fd = int_at(scope, &args, 0, "op_fs_ftruncate_sync")? as i32;
        let size = int_at(scope, &args, 1, "op_fs_ftruncate_sync")?.max(0.0) as u64;
        Some(Request::Fd(FdRequest::SetSize { fd, size }))
    }
);

fs_op!(
    /// `op_fs_fsync_sync(fd)`.
    op_fs_fsync_sync, Want::Unit, |scope, args| {
        let fd = int_at(scope, &args, 0, "op_fs_fsync_sync")? as i32;
        Some(Request::Fd(FdRequest::Sync { fd }))
    }
);

fs_op!(
    /// `op_fs_mkdir_sync(path, mode)`.
    op_fs_mkdir_sync, Want::Unit, |scope, args| {
        let path = path_at(scope, &args, 0, "op_fs_mkdir_sync")?;
        let mode = int_at(scope, &args, 1, "op_fs_mkdir_sync")? as u32;
        Some(Request::Path(PathRequest::Mkdir { dirfd: AT_FDCWD, path, mode }))
    }
);

fs_op!(
    /// `op_fs_unlink_sync(path)`.
    op_fs_unlink_sync, Want::Unit, |scope, args| {
        let path = path_at(scope, &args, 0, "op_fs_unlink_sync")?;
        Some(Request::Path(PathRequest::Unlink { dirfd: AT_FDCWD, path }))
    }
);

fs_op!(
    /// `op_fs_rmdir_sync(path)`.
    op_fs_rmdir_sync, Want::Unit, |scope, args| {
        let path = path_at(scope, &args, 0, "op_fs_rmdir_sync")?;
        Some(Request::Path(PathRequest::Rmdir { dirfd: AT_FDCWD, path }))
    }
);

fs_op!(
    /// `op_fs_rename_sync(old, new)`.
    op_fs_rename_sync, Want::Unit, |scope, args| {
        let old = path_at(scope, &args, 0, "op_fs_rename_sync")?;
        let new = path_at(scope, &args, 1, "op_fs_rename_sync")?;
        Some(Request::Path(PathRequest::Rename { old_dirfd: AT_FDCWD, old, new_dirfd: AT_FDCWD, new }))
    }
);

fs_op!(
    /// `op_fs_link_sync(existing, new)`.
    op_fs_link_sync, Want::Unit, |scope, args| {
        let old = path_at(scope, &args, 0, "op_fs_link_sync")?;
        let new = path_at(scope, &args, 1, "op_fs_link_sync")?;
        Some(Request::Path(PathRequest::Link {
            old_dirfd: AT_FDCWD, old, new_dirfd: AT_FDCWD, new, follow: false,
        }))
    }
);

fs_op!(
    /// `op_fs_symlink_sync(target, path)`.
    op_fs_symlink_sync, Want::Unit, |scope, args| {
        let target = path_at(scope, &args, 0, "op_fs_symlink_sync")?;
        let path = path_at(scope, &args, 1, "op_fs_symlink_sync")?;
        Some(Request::Path(PathRequest::Symlink { target, dirfd: AT_FDCWD, path }))
    }
);

fs_op!(
    /// `op_fs_readlink_sync(path)`: the target as a string, or -errno.
    op_fs_readlink_sync, Want::Text, |scope, args| {
        let path = path_at(scope, &args, 0, "op_fs_readlink_sync")?;
        Some(Request::Path(PathRequest::Readlink { dirfd: AT_FDCWD, path }))
    }
);

fs_op!(
    /// `op_fs_realpath_sync(path)`: the kernel's realpath(3), as a string, or -errno.
    op_fs_realpath_sync, Want::Text, |scope, args| {
        let path = path_at(scope, &args, 0, "op_fs_realpath_sync")?;
        Some(Request::Path(PathRequest::Realpath { dirfd: AT_FDCWD, path }))
    }
);

fs_op!(
    /// `op_fs_chdir_sync(path)`: chdir(2).
    op_fs_chdir_sync, Want::Unit, |scope, args| {
        let path = path_at(scope, &args, 0, "op_fs_chdir_sync")?;
        Some(Request::Path(PathRequest::Chdir { path }))
    }
);

fs_op!(
    /// `op_fs_utimes_sync(path, atime ns, mtime ns, follow)`.
    op_fs_utimes_sync, Want::Unit, |scope, args| {
        let path = path_at(scope, &args, 0, "op_fs_utimes_sync")?;
        let atime = SetTime::At(int_at(scope, &args, 1, "op_fs_utimes_sync")? as i64);
        let mtime = SetTime::At(int_at(scope, &args, 2, "op_fs_utimes_sync")? as i64);
        let follow = args.get(3).is_true();
        Some(Request::Path(PathRequest::SetTimes { dirfd: AT_FDCWD, path, follow, atime, mtime }))
    }
);

/// Directory entries per `ReadDir` request.
const READDIR_BATCH: u32 = 256;

/// `op_fs_readdir_sync(path)`: `[name, type, name, type, ...]` without `.` and `..`
/// (types are Node's `UV_DIRENT_*`), or -errno (`[-errno, syscall]` when the failure
/// is not the open: Node names `scandir` for both, so one number is enough).
pub fn op_fs_readdir_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(path) = path_at(scope, &args, 0, "op_fs_readdir_sync") else {
        return;
    };
    let open = Request::Path(PathRequest::Open {
        dirfd: AT_FDCWD,
        path,
        flags: oflags::O_DIRECTORY | oflags::O_CLOEXEC,
        mode: 0,
    });
    let fd = match call(scope, open) {
        None => return,
        Some(Ok(Reply::Fd(fd))) => fd,
        Some(Ok(other)) => return unexpected(scope, "Open", other),
        Some(Err(errno)) => return rv.set(errno_value(scope, errno)),
    };
    let mut items: Vec<v8::Local<v8::Value>> = Vec::new();
    let mut cookie = 0;
    let mut failed = None;
    loop {
        let request = Request::Fd(FdRequest::ReadDir { fd, cookie, max: READDIR_BATCH });
        match call(scope, request) {
            None => return,
            Some(Ok(Reply::Entries(entries))) => {
                if entries.is_empty() {
                    break;
                }
                for entry in entries {
                    cookie = entry.next;
                    if entry.name == b"." || entry.name == b".." {
                        continue;
                    }
                    let name =
                        v8::String::new_from_utf8(scope, &entry.name, v8::NewStringType::Normal)
                            .unwrap_or_else(|| v8::String::empty(scope));
                    items.push(name.into());
                    items.push(v8::Integer::new(scope, dirent_type(&entry.kind)).into());
                }
            }
            Some(Ok(other)) => return unexpected(scope, "ReadDir", other),
            Some(Err(errno)) => {
                failed = Some(errno);
                break;
            }
        }
    }
    if call(scope, Request::Fd(FdRequest::Close { fd })).is_none() {
        return;
    }
    match failed {
        Some(errno) => rv.set(errno_value(scope, errno)),
        None => rv.set(v8::Array::new_with_elements(scope, &items).into()),
    }
}

/// A uid or gid argument: `-1` (or any negative number) leaves the id as it is.
fn id_at(
    scope: &mut v8::PinScope,
    args: &v8::FunctionCallbackArguments,
    i: i32,
    op: &str,
) -> Option<Option<u32>> {
    let n = int_at(scope, args, i, op)?;
    Some(if n < 0.0 { None } else { Some(n as u32) })
}

fs_op!(
    /// `op_fs_chmod_sync(path, mode)`.
    op_fs_chmod_sync, Want::Unit, |scope, args| {
        let path = path_at(scope, &args, 0, "op_fs_chmod_sync")?;
        let mode = int_at(scope, &args, 1, "op_fs_chmod_sync")? as u32;
        Some(Request::Path(PathRequest::Chmod { dirfd: AT_FDCWD, path, mode }))
    }
);

fs_op!(
    /// `op_fs_fchmod_sync(fd, mode)`.
    op_fs_fchmod_sync, Want::Unit, |scope, args| {
        let fd = int_at(scope, &args, 0, "op_fs_fchmod_sync")? as i32;
        let mode = int_at(scope, &args, 1, "op_fs_fchmod_sync")? as u32;
        Some(Request::Fd(FdRequest::Chmod { fd, mode }))
    }
);

fs_op!(
    /// `op_fs_chown_sync(path, uid, gid, follow)`.
    op_fs_chown_sync, Want::Unit, |scope, args| {
        let path = path_at(scope, &args, 0, "op_fs_chown_sync")?;
        let uid = id_at(scope, &args, 1, "op_fs_chown_sync")?;
        let gid = id_at(scope, &args, 2, "op_fs_chown_sync")?;
        let follow = args.get(3).is_true();
        Some(Request::Path(PathRequest::Chown { dirfd: AT_FDCWD, path, uid, gid, follow }))
    }
);

fs_op!(
    /// `op_fs_fchown_sync(fd, uid, gid)`.
    op_fs_fchown_sync, Want::Unit, |scope, args| {
        let fd = int_at(scope, &args, 0, "op_fs_fchown_sync")? as i32;
        let uid = id_at(scope, &args, 1, "op_fs_fchown_sync")?;
        let gid = id_at(scope, &args, 2, "op_fs_fchown_sync")?;
        Some(Request::Fd(FdRequest::Chown { fd, uid, gid }))
    }
);
