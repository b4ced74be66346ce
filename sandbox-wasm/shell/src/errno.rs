//! WASI errno numbers (what wasi-libc's `errno` and the host imports give) to
//! yash's `Errno`, whose numbering off Unix is its own.

use yash_env::system::Errno;

/// The errno of the last failed wasi-libc call.
pub fn last() -> Errno {
    from_wasi(std::io::Error::last_os_error().raw_os_error().unwrap_or(29))
}

pub fn from_wasi(n: i32) -> Errno {
    match n {
        1 => Errno::E2BIG,
        2 => Errno::EACCES,
        6 => Errno::EAGAIN,
        8 => Errno::EBADF,
        10 => Errno::EBUSY,
        12 => Errno::ECHILD,
        16 => Errno::EDEADLK,
        20 => Errno::EEXIST,
        21 => Errno::EFAULT,
        22 => Errno::EFBIG,
        25 => Errno::EILSEQ,
        27 => Errno::EINTR,
        28 => Errno::EINVAL,
        29 => Errno::EIO,
        31 => Errno::EISDIR,
        32 => Errno::ELOOP,
        33 => Errno::EMFILE,
        34 => Errno::EMLINK,
        37 => Errno::ENAMETOOLONG,
        41 => Errno::ENFILE,
        44 => Errno::ENOENT,
        45 => Errno::ENOEXEC,
        48 => Errno::ENOMEM,
        51 => Errno::ENOSPC,
        52 => Errno::ENOSYS,
        54 => Errno::ENOTDIR,
        55 => Errno::ENOTEMPTY,
        58 => Errno::ENOTSUP,
        59 => Errno::ENOTTY,
        60 => Errno::ENXIO,
        61 => Errno::EOVERFLOW,
        63 => Errno::EPERM,
        64 => Errno::EPIPE,
        68 => Errno::ERANGE,
        69 => Errno::EROFS,
        70 => Errno::ESPIPE,
        71 => Errno::ESRCH,
        73 => Errno::ETIMEDOUT,
        74 => Errno::ETXTBSY,
        75 => Errno::EXDEV,
        _ => Errno::EIO,
    }
}
