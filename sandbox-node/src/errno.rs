//! The kernel's Linux errno as Node reports it: `err.code`, `err.errno` and the message.
//!
//! Node's file-system errors come from libuv: `err.errno` is the negative Linux errno
//! (`-2`), `err.code` libuv's name for it (`'ENOENT'`) and the message starts with
//! libuv's `uv_strerror` text (`'no such file or directory'`), not glibc's `strerror`.
//! [`node_error`] is the one table; the build puts it in the startup snapshot's `info`
//! (as `[errno, code, message]` triples, `build.rs` includes this file) and
//! `js/internal/errors.js` builds every error from it.
//!
//! The texts are libuv's, as host `node` prints them (`util.getSystemErrorMap()` of
//! Node 20). An errno libuv does not know (`ENOEXEC`, `ECHILD`, ...) is what Node shows
//! for it too: code `'UNKNOWN'`, message `'unknown error'`, `errno` still the number.

use syscall_proto::Errno;

/// How Node names one errno.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NodeError {
    /// `err.code`.
    pub code: &'static str,
    /// The start of `err.message` (libuv's `uv_strerror`).
    pub message: &'static str,
}

/// What Node shows for an errno libuv has no name for (`js/internal/errors.js` has
/// the same pair).
#[cfg(test)]
pub const UNKNOWN: NodeError = NodeError { code: "UNKNOWN", message: "unknown error" };

const fn e(code: &'static str, message: &'static str) -> Option<NodeError> {
    Some(NodeError { code, message })
}

/// The Node error of a kernel errno ([`UNKNOWN`] for one Node does not name). The
/// runtime passes [`table`] to JavaScript; this is the same lookup for tests.
#[cfg(test)]
pub fn node_error(errno: Errno) -> NodeError {
    translate(errno).flatten().unwrap_or(UNKNOWN)
}

/// The exhaustive table. The outer `None` only for numbers [`Errno`] does not name (the
/// unit test `every_kernel_errno_has_an_arm` fails when `syscall_proto` adds a name
/// without an arm here); the inner `None` for errnos libuv does not name, so Node shows
/// `UNKNOWN`.
fn translate(errno: Errno) -> Option<Option<NodeError>> {
    let node = match errno {
        Errno::EPERM => e("EPERM", "operation not permitted"),
        Errno::ENOENT => e("ENOENT", "no such file or directory"),
        Errno::ESRCH => e("ESRCH", "no such process"),
        Errno::EINTR => e("EINTR", "interrupted system call"),
        Errno::EIO => e("EIO", "i/o error"),
        Errno::ENXIO => e("ENXIO", "no such device or address"),
        Errno::E2BIG => e("E2BIG", "argument list too long"),
        Errno::ENOEXEC => None,
        Errno::EBADF => e("EBADF", "bad file descriptor"),
        Errno::ECHILD => None,
        Errno::EAGAIN => e("EAGAIN", "resource temporarily unavailable"),
        Errno::ENOMEM => e("ENOMEM", "not enough memory"),
        Errno::EACCES => e("EACCES", "permission denied"),
        Errno::EFAULT => e("EFAULT", "bad address in system call argument"),
        Errno::ENOTBLK => None,
        Errno::EBUSY => e("EBUSY", "resource busy or locked"),
        Errno::EEXIST => e("EEXIST", "file already exists"),
        Errno::EXDEV => e("EXDEV", "cross-device link not permitted"),
        Errno::ENODEV => e("ENODEV", "no such device"),
        Errno::ENOTDIR => e("ENOTDIR", "not a directory"),
        Errno::EISDIR => e("EISDIR", "illegal operation on a directory"),
        Errno::EINVAL => e("EINVAL", "invalid argument"),
        Errno::ENFILE => e("ENFILE", "file table overflow"),
        Errno::EMFILE => e("EMFILE", "too many open files"),
        Errno::ENOTTY => e("ENOTTY", "inappropriate ioctl for device"),
        Errno::ETXTBSY => e("ETXTBSY", "text file is busy"),
        Errno::EFBIG => e("EFBIG", "file too large"),
        Errno::ENOSPC => e("ENOSPC", "no space left on device"),
        Errno::ESPIPE => e("ESPIPE", "invalid seek"),
        Errno::EROFS => e("EROFS", "read-only file system"),
        Errno::EMLINK => e("EMLINK", "too many links"),
        Errno::EPIPE => e("EPIPE", "broken pipe"),
        Errno::EDOM => None,
        Errno::ERANGE => e("ERANGE", "result too large"),
        Errno::EDEADLK => None,
        Errno::ENAMETOOLONG => e("ENAMETOOLONG", "name too long"),
        Errno::ENOLCK => None,
        Errno::ENOSYS => e("ENOSYS", "function not implemented"),
        Errno::ENOTEMPTY => e("ENOTEMPTY", "directory not empty"),
        Errno::ELOOP => e("ELOOP", "too many symbolic links encountered"),
        Errno::ENOMSG => None,
        Errno::EIDRM => None,
        Errno::ENOSTR => None,
        Errno::ENODATA => e("ENODATA", "no data available"),
        Errno::ETIME => None,
        Errno::ENOSR => None,
        Errno::ENOLINK => None,
        Errno::EPROTO => e("EPROTO", "protocol error"),
        Errno::EMULTIHOP => None,
        Errno::EBADMSG => None,
        Errno::EOVERFLOW => e("EOVERFLOW", "value too large for defined data type"),
        Errno::EILSEQ => e("EILSEQ", "illegal byte sequence"),
        Errno::EUSERS => None,
        Errno::ENOTSOCK => e("ENOTSOCK", "socket operation on non-socket"),
        Errno::EDESTADDRREQ => e("EDESTADDRREQ", "destination address required"),
        Errno::EMSGSIZE => e("EMSGSIZE", "message too long"),
        Errno::EPROTOTYPE => e("EPROTOTYPE", "protocol wrong type for socket"),
        Errno::ENOPROTOOPT => e("ENOPROTOOPT", "protocol not available"),
        Errno::EPROTONOSUPPORT => e("EPROTONOSUPPORT", "protocol not supported"),
        Errno::ESOCKTNOSUPPORT => e("ESOCKTNOSUPPORT", "socket type not supported"),
        // libuv names 95 by its POSIX alias (`UV_ENOTSUP`), so Node's code is ENOTSUP.
        Errno::EOPNOTSUPP => e("ENOTSUP", "operation not supported on socket"),
        Errno::EPFNOSUPPORT => None,
        Errno::EAFNOSUPPORT => e("EAFNOSUPPORT", "address family not supported"),
        Errno::EADDRINUSE => e("EADDRINUSE", "address already in use"),
        Errno::EADDRNOTAVAIL => e("EADDRNOTAVAIL", "address not available"),
        Errno::ENETDOWN => e("ENETDOWN", "network is down"),
        Errno::ENETUNREACH => e("ENETUNREACH", "network is unreachable"),
        Errno::ENETRESET => None,
        Errno::ECONNABORTED => e("ECONNABORTED", "software caused connection abort"),
        Errno::ECONNRESET => e("ECONNRESET", "connection reset by peer"),
        Errno::ENOBUFS => e("ENOBUFS", "no buffer space available"),
        Errno::EISCONN => e("EISCONN", "socket is already connected"),
        Errno::ENOTCONN => e("ENOTCONN", "socket is not connected"),
        Errno::ESHUTDOWN => e("ESHUTDOWN", "cannot send after transport endpoint shutdown"),
        Errno::ETIMEDOUT => e("ETIMEDOUT", "connection timed out"),
        Errno::ECONNREFUSED => e("ECONNREFUSED", "connection refused"),
        Errno::EHOSTDOWN => e("EHOSTDOWN", "host is down"),
        Errno::EHOSTUNREACH => e("EHOSTUNREACH", "host is unreachable"),
        Errno::EALREADY => e("EALREADY", "connection already in progress"),
        Errno::EINPROGRESS => None,
        Errno::ESTALE => None,
        Errno::EDQUOT => None,
        Errno::ECANCELED => e("ECANCELED", "operation canceled"),
        Errno::EOWNERDEAD => None,
        Errno::ENOTRECOVERABLE => None,
        // A number syscall_proto does not name: Node's UNKNOWN as well.
        _ => return None,
    };
    Some(node)
}

/// Every errno Node names, as `(errno, code, message)`: the table `js/internal/errors.js`
/// builds `err.code` and the message from.
pub fn table() -> impl Iterator<Item = (i32, NodeError)> {
    Errno::ALL.iter().filter_map(|&errno| translate(errno).flatten().map(|n| (errno.0, n)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kernel_errno_has_an_arm() {
        for &errno in Errno::ALL {
            assert!(translate(errno).is_some(), "{errno:?} has no arm in errno::translate");
        }
    }

    #[test]
    fn codes_keep_the_kernel_name_except_libuv_aliases() {
        for (num, node) in table() {
            let name = Errno(num).name().unwrap();
            if name == "EOPNOTSUPP" {
                assert_eq!(node.code, "ENOTSUP");
            } else {
                assert_eq!(node.code, name, "errno {num}");
            }
        }
    }

    #[test]
    fn node_messages() {
        assert_eq!(node_error(Errno::ENOENT).message, "no such file or directory");
        assert_eq!(node_error(Errno::EACCES).message, "permission denied");
        assert_eq!(node_error(Errno::EROFS).message, "read-only file system");
        assert_eq!(node_error(Errno::EISDIR).message, "illegal operation on a directory");
        assert_eq!(node_error(Errno::ENOEXEC), UNKNOWN);
        assert_eq!(node_error(Errno(9999)), UNKNOWN);
    }
}
