//! WASI preview 1 errno numbers, and the translation of the kernel's Linux errno into
//! them.
//!
//! WASI numbers its errors alphabetically (`legacy/preview1/witx/typenames.witx`,
//! `$errno`), not like Linux: ENOENT is 44 for a WASI program and 2 for the kernel. The
//! kernel always answers with a Linux [`Errno`]; [`from_kernel`] is the one place that
//! turns it into what the program sees, so `err.raw_os_error()` in a Rust guest (or
//! `errno` in a wasi-libc guest) names the same condition the kernel reported.

use syscall_proto::Errno;

/// An errno as a WASI program sees it (the `$errno` enum of `typenames.witx`, a `u16`).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct WasiErrno(pub u16);

macro_rules! wasi_errnos {
    ($($name:ident = $num:expr, $msg:expr;)*) => {
        #[allow(dead_code, reason = "the whole witx table; not every errno is produced")]
        impl WasiErrno {
            $(#[doc = $msg] pub const $name: WasiErrno = WasiErrno($num);)*

            /// The symbolic name (`"ENOENT"`), or `None` for a number WASI does not define.
            pub fn name(self) -> Option<&'static str> {
                match self.0 {
                    $($num => Some(stringify!($name)),)*
                    _ => None,
                }
            }

            /// Every errno WASI preview 1 defines, in numeric order.
            #[cfg(test)]
            pub const ALL: &'static [WasiErrno] = &[$(WasiErrno($num)),*];
        }
    };
}

// The order of `$errno` in typenames.witx; the number is the position.
wasi_errnos! {
    SUCCESS = 0, "No error occurred. System call completed successfully.";
    E2BIG = 1, "Argument list too long.";
    EACCES = 2, "Permission denied.";
    EADDRINUSE = 3, "Address in use.";
    EADDRNOTAVAIL = 4, "Address not available.";
    EAFNOSUPPORT = 5, "Address family not supported.";
    EAGAIN = 6, "Resource unavailable, or operation would block.";
    EALREADY = 7, "Connection already in progress.";
    EBADF = 8, "Bad file descriptor.";
    EBADMSG = 9, "Bad message.";
    EBUSY = 10, "Device or resource busy.";
    ECANCELED = 11, "Operation canceled.";
    ECHILD = 12, "No child processes.";
    ECONNABORTED = 13, "Connection aborted.";
    ECONNREFUSED = 14, "Connection refused.";
    ECONNRESET = 15, "Connection reset.";
    EDEADLK = 16, "Resource deadlock would occur.";
    EDESTADDRREQ = 17, "Destination address required.";
    EDOM = 18, "Mathematics argument out of domain of function.";
    EDQUOT = 19, "Reserved (disk quota exceeded).";
    EEXIST = 20, "File exists.";
    EFAULT = 21, "Bad address.";
    EFBIG = 22, "File too large.";
    EHOSTUNREACH = 23, "Host is unreachable.";
    EIDRM = 24, "Identifier removed.";
    EILSEQ = 25, "Illegal byte sequence.";
    EINPROGRESS = 26, "Operation in progress.";
    EINTR = 27, "Interrupted function.";
    EINVAL = 28, "Invalid argument.";
    EIO = 29, "I/O error.";
    EISCONN = 30, "Socket is connected.";
    EISDIR = 31, "Is a directory.";
    ELOOP = 32, "Too many levels of symbolic links.";
    EMFILE = 33, "File descriptor value too large.";
    EMLINK = 34, "Too many links.";
    EMSGSIZE = 35, "Message too large.";
    EMULTIHOP = 36, "Reserved (multihop attempted).";
    ENAMETOOLONG = 37, "Filename too long.";
    ENETDOWN = 38, "Network is down.";
    ENETRESET = 39, "Connection aborted by network.";
    ENETUNREACH = 40, "Network unreachable.";
    ENFILE = 41, "Too many files open in system.";
    ENOBUFS = 42, "No buffer space available.";
    ENODEV = 43, "No such device.";
    ENOENT = 44, "No such file or directory.";
    ENOEXEC = 45, "Executable file format error.";
    ENOLCK = 46, "No locks available.";
    ENOLINK = 47, "Reserved (link has been severed).";
    ENOMEM = 48, "Not enough space.";
    ENOMSG = 49, "No message of the desired type.";
    ENOPROTOOPT = 50, "Protocol not available.";
    ENOSPC = 51, "No space left on device.";
    ENOSYS = 52, "Function not supported.";
    ENOTCONN = 53, "The socket is not connected.";
    ENOTDIR = 54, "Not a directory or a symbolic link to a directory.";
    ENOTEMPTY = 55, "Directory not empty.";
    ENOTRECOVERABLE = 56, "State not recoverable.";
    ENOTSOCK = 57, "Not a socket.";
    ENOTSUP = 58, "Not supported, or operation not supported on socket.";
    ENOTTY = 59, "Inappropriate I/O control operation.";
    ENXIO = 60, "No such device or address.";
    EOVERFLOW = 61, "Value too large to be stored in data type.";
    EOWNERDEAD = 62, "Previous owner died.";
    EPERM = 63, "Operation not permitted.";
    EPIPE = 64, "Broken pipe.";
    EPROTO = 65, "Protocol error.";
    EPROTONOSUPPORT = 66, "Protocol not supported.";
    EPROTOTYPE = 67, "Protocol wrong type for socket.";
    ERANGE = 68, "Result too large.";
    EROFS = 69, "Read-only file system.";
    ESPIPE = 70, "Invalid seek.";
    ESRCH = 71, "No such process.";
    ESTALE = 72, "Reserved (stale file handle).";
    ETIMEDOUT = 73, "Connection timed out.";
    ETXTBSY = 74, "Text file busy.";
    EXDEV = 75, "Cross-device link.";
    ENOTCAPABLE = 76, "Extension: Capabilities insufficient.";
}

impl std::fmt::Debug for WasiErrno {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.name() {
            Some(n) => write!(f, "{n}"),
            None => write!(f, "WasiErrno({})", self.0),
        }
    }
}

/// The WASI errno a program sees for the kernel's Linux `errno`.
///
/// Every errno `syscall_proto` names has an explicit arm in [`translate`]; a number it
/// does not name (a newer kernel, or a bug) becomes `EIO`, the catch-all "something
/// went wrong below you" that every program already handles.
pub fn from_kernel(errno: Errno) -> WasiErrno {
    translate(errno).unwrap_or(WasiErrno::EIO)
}

/// The exhaustive table. `None` only for numbers [`Errno`] does not name; the unit test
/// `every_kernel_errno_is_mapped` fails when `syscall_proto` adds a name without an
/// arm here.
fn translate(errno: Errno) -> Option<WasiErrno> {
    let wasi = match errno {
        Errno::EPERM => WasiErrno::EPERM,
        Errno::ENOENT => WasiErrno::ENOENT,
        Errno::ESRCH => WasiErrno::ESRCH,
        Errno::EINTR => WasiErrno::EINTR,
        Errno::EIO => WasiErrno::EIO,
        Errno::ENXIO => WasiErrno::ENXIO,
        Errno::E2BIG => WasiErrno::E2BIG,
        Errno::ENOEXEC => WasiErrno::ENOEXEC,
        Errno::EBADF => WasiErrno::EBADF,
        Errno::ECHILD => WasiErrno::ECHILD,
        Errno::EAGAIN => WasiErrno::EAGAIN,
        Errno::ENOMEM => WasiErrno::ENOMEM,
        Errno::EACCES => WasiErrno::EACCES,
        Errno::EFAULT => WasiErrno::EFAULT,
        // WASI has no block devices; the operation is not supported on this file.
        Errno::ENOTBLK => WasiErrno::ENOTSUP,
        Errno::EBUSY => WasiErrno::EBUSY,
        Errno::EEXIST => WasiErrno::EEXIST,
        Errno::EXDEV => WasiErrno::EXDEV,
        Errno::ENODEV => WasiErrno::ENODEV,
        Errno::ENOTDIR => WasiErrno::ENOTDIR,
        Errno::EISDIR => WasiErrno::EISDIR,
        Errno::EINVAL => WasiErrno::EINVAL,
        Errno::ENFILE => WasiErrno::ENFILE,
        Errno::EMFILE => WasiErrno::EMFILE,
        Errno::ENOTTY => WasiErrno::ENOTTY,
        Errno::ETXTBSY => WasiErrno::ETXTBSY,
        Errno::EFBIG => WasiErrno::EFBIG,
        Errno::ENOSPC => WasiErrno::ENOSPC,
        Errno::ESPIPE => WasiErrno::ESPIPE,
        Errno::EROFS => WasiErrno::EROFS,
        Errno::EMLINK => WasiErrno::EMLINK,
        Errno::EPIPE => WasiErrno::EPIPE,
        Errno::EDOM => WasiErrno::EDOM,
        Errno::ERANGE => WasiErrno::ERANGE,
        Errno::EDEADLK => WasiErrno::EDEADLK,
        Errno::ENAMETOOLONG => WasiErrno::ENAMETOOLONG,
        Errno::ENOLCK => WasiErrno::ENOLCK,
        Errno::ENOSYS => WasiErrno::ENOSYS,
        Errno::ENOTEMPTY => WasiErrno::ENOTEMPTY,
        Errno::ELOOP => WasiErrno::ELOOP,
        Errno::ENOMSG => WasiErrno::ENOMSG,
        Errno::EIDRM => WasiErrno::EIDRM,
        // STREAMS do not exist in WASI: not supported.
        Errno::ENOSTR => WasiErrno::ENOTSUP,
        // "No data available" (xattrs, STREAMS) has no WASI counterpart; nothing closer
        // than a plain I/O error.
        Errno::ENODATA => WasiErrno::EIO,
        Errno::ETIME => WasiErrno::ETIMEDOUT,
        // "Out of streams resources": a resource shortage, as ENOBUFS.
        Errno::ENOSR => WasiErrno::ENOBUFS,
        Errno::ENOLINK => WasiErrno::ENOLINK,
        Errno::EPROTO => WasiErrno::EPROTO,
        Errno::EMULTIHOP => WasiErrno::EMULTIHOP,
        Errno::EBADMSG => WasiErrno::EBADMSG,
        Errno::EOVERFLOW => WasiErrno::EOVERFLOW,
        Errno::EILSEQ => WasiErrno::EILSEQ,
        // "Too many users" has no WASI counterpart.
        Errno::EUSERS => WasiErrno::EIO,
        Errno::ENOTSOCK => WasiErrno::ENOTSOCK,
        Errno::EDESTADDRREQ => WasiErrno::EDESTADDRREQ,
        Errno::EMSGSIZE => WasiErrno::EMSGSIZE,
        Errno::EPROTOTYPE => WasiErrno::EPROTOTYPE,
        Errno::ENOPROTOOPT => WasiErrno::ENOPROTOOPT,
        Errno::EPROTONOSUPPORT => WasiErrno::EPROTONOSUPPORT,
        // POSIX folds an unsupported socket type into "not supported".
        Errno::ESOCKTNOSUPPORT => WasiErrno::ENOTSUP,
        // `ENOTSUP` is the same number on Linux.
        Errno::EOPNOTSUPP => WasiErrno::ENOTSUP,
        // A protocol family is an address family to WASI.
        Errno::EPFNOSUPPORT => WasiErrno::EAFNOSUPPORT,
        Errno::EAFNOSUPPORT => WasiErrno::EAFNOSUPPORT,
        Errno::EADDRINUSE => WasiErrno::EADDRINUSE,
        Errno::EADDRNOTAVAIL => WasiErrno::EADDRNOTAVAIL,
        Errno::ENETDOWN => WasiErrno::ENETDOWN,
        Errno::ENETUNREACH => WasiErrno::ENETUNREACH,
        Errno::ENETRESET => WasiErrno::ENETRESET,
        Errno::ECONNABORTED => WasiErrno::ECONNABORTED,
        Errno::ECONNRESET => WasiErrno::ECONNRESET,
        Errno::ENOBUFS => WasiErrno::ENOBUFS,
        Errno::EISCONN => WasiErrno::EISCONN,
        Errno::ENOTCONN => WasiErrno::ENOTCONN,
        // Sending after shutdown is EPIPE in POSIX.
        Errno::ESHUTDOWN => WasiErrno::EPIPE,
        Errno::ETIMEDOUT => WasiErrno::ETIMEDOUT,
        Errno::ECONNREFUSED => WasiErrno::ECONNREFUSED,
        // A host that is down cannot be reached.
        Errno::EHOSTDOWN => WasiErrno::EHOSTUNREACH,
        Errno::EHOSTUNREACH => WasiErrno::EHOSTUNREACH,
        Errno::EALREADY => WasiErrno::EALREADY,
        Errno::EINPROGRESS => WasiErrno::EINPROGRESS,
        Errno::ESTALE => WasiErrno::ESTALE,
        Errno::EDQUOT => WasiErrno::EDQUOT,
        Errno::ECANCELED => WasiErrno::ECANCELED,
        Errno::EOWNERDEAD => WasiErrno::EOWNERDEAD,
        Errno::ENOTRECOVERABLE => WasiErrno::ENOTRECOVERABLE,
        // A number syscall_proto does not name: the caller falls back to EIO.
        _ => return None,
    };
    Some(wasi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_the_witx_order() {
        // Spot checks against typenames.witx, plus: the table is dense from 0 to 76.
        assert_eq!(WasiErrno::EACCES.0, 2);
        assert_eq!(WasiErrno::EBADF.0, 8);
        assert_eq!(WasiErrno::EEXIST.0, 20);
        assert_eq!(WasiErrno::EFAULT.0, 21);
        assert_eq!(WasiErrno::EINVAL.0, 28);
        assert_eq!(WasiErrno::EISDIR.0, 31);
        assert_eq!(WasiErrno::ELOOP.0, 32);
        assert_eq!(WasiErrno::EMFILE.0, 33);
        assert_eq!(WasiErrno::ENAMETOOLONG.0, 37);
        assert_eq!(WasiErrno::ENOENT.0, 44);
        assert_eq!(WasiErrno::ENOSYS.0, 52);
        assert_eq!(WasiErrno::ENOTDIR.0, 54);
        assert_eq!(WasiErrno::ENOTEMPTY.0, 55);
        assert_eq!(WasiErrno::ENOTSUP.0, 58);
        assert_eq!(WasiErrno::EPERM.0, 63);
        assert_eq!(WasiErrno::EROFS.0, 69);
        assert_eq!(WasiErrno::ESPIPE.0, 70);
        assert_eq!(WasiErrno::EXDEV.0, 75);
        assert_eq!(WasiErrno::ENOTCAPABLE.0, 76);
        for (i, e) in WasiErrno::ALL.iter().enumerate() {
            assert_eq!(usize::from(e.0), i);
        }
    }

    #[test]
    fn every_kernel_errno_is_mapped() {
        for &e in Errno::ALL {
            assert!(translate(e).is_some(), "{e:?} has no arm in errno::translate");
        }
    }

    #[test]
    fn same_named_errnos_keep_their_name() {
        // Wherever WASI has an errno of the same name, the mapping must pick it.
        for &e in Errno::ALL {
            let name = e.name().unwrap();
            let same = WasiErrno::ALL.iter().find(|w| w.name() == Some(name));
            if let Some(&same) = same {
                assert_eq!(from_kernel(e), same, "{name}");
            }
        }
    }

    #[test]
    fn common_errnos() {
        assert_eq!(from_kernel(Errno::ENOENT), WasiErrno::ENOENT);
        assert_eq!(from_kernel(Errno::EACCES), WasiErrno::EACCES);
        assert_eq!(from_kernel(Errno::EROFS), WasiErrno::EROFS);
        assert_eq!(from_kernel(Errno::ENOTSUP), WasiErrno::ENOTSUP);
        assert_eq!(from_kernel(Errno::EWOULDBLOCK), WasiErrno::EAGAIN);
    }

    #[test]
    fn unknown_numbers_are_io_errors() {
        assert_eq!(from_kernel(Errno(9999)), WasiErrno::EIO);
        assert_eq!(from_kernel(Errno(-1)), WasiErrno::EIO);
        assert_eq!(from_kernel(Errno(0)), WasiErrno::EIO);
    }
}
