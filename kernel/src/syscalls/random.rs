//! The entropy family.

use syscall_proto::random::{RandomRequest, MAX_RANDOM};
use syscall_proto::{Errno, Reply, Response};

pub fn handle(request: RandomRequest) -> Response {
    match request {
        RandomRequest::GetRandom { len } => {
            if len > MAX_RANDOM {
                return Err(Errno::EINVAL);
            }
            let mut buf = vec![0u8; len as usize];
            fill(&mut buf)?;
            Ok(Reply::Data(buf))
        }
    }
}

/// Fills `buf` from the host's `getrandom(2)` (also `/dev/urandom`'s reads).
pub(crate) fn fill(mut buf: &mut [u8]) -> Result<(), Errno> {
    while !buf.is_empty() {
        // SAFETY: `buf` is a valid, writable slice of `buf.len()` bytes for the call.
        let n = unsafe { libc::getrandom(buf.as_mut_ptr().cast(), buf.len(), 0) };
        if n < 0 {
            let e = Errno(nix::errno::Errno::last_raw());
            if e == Errno::EINTR {
                continue;
            }
            return Err(e);
        }
        buf = &mut buf[n as usize..];
    }
    Ok(())
}
