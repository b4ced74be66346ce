//! The one module that knows the encoding. Everything else sees [`encode`] and
//! [`decode`], so the format (bincode 2 today) can be swapped here alone.
//!
//! Decoding treats its input as hostile: lengths inside the message are bounded by
//! [`MAX_DECODE`], trailing bytes are an error, and no input makes it panic.

use serde::de::DeserializeOwned;
use serde::Serialize;

/// Hard ceiling on what one decoded message may claim to contain. The ring's
/// `max_message` (from policy) is the operative limit; this one only stops a lying
/// length prefix from asking for an absurd allocation.
pub const MAX_DECODE: usize = 1 << 30;

fn config() -> impl bincode::config::Config {
    bincode::config::standard()
        .with_little_endian()
        .with_variable_int_encoding()
        .with_limit::<MAX_DECODE>()
}

/// A message that could not be decoded; for the kernel this is a protocol violation
/// by the runtime that sent it.
#[derive(Debug, thiserror::Error)]
pub enum DecodeError {
    /// the message is malformed: {0}
    #[error("malformed message: {0}")]
    Malformed(String),
    /// the message has bytes after its end
    #[error("{0} trailing bytes after the message")]
    Trailing(usize),
}

/// Encodes a message. Encoding our own types cannot fail.
pub fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    let mut out = Vec::new();
    encode_into(value, &mut out);
    out
}

/// Encodes a message, appending to `out` (lets callers reuse a buffer).
pub fn encode_into<T: Serialize>(value: &T, out: &mut Vec<u8>) {
    // Only our own serde types reach here; they have no fallible Serialize impls, and
    // writing into a Vec does not fail.
    bincode::serde::encode_into_std_write(value, out, config())
        .expect("encoding a protocol message into memory cannot fail");
}

/// Decodes exactly one message from `bytes`.
///
/// # Errors
/// [`DecodeError`] for anything that is not exactly one well-formed message.
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, DecodeError> {
    let (value, used) = bincode::serde::decode_from_slice(bytes, config())
        .map_err(|e| DecodeError::Malformed(e.to_string()))?;
    if used != bytes.len() {
        return Err(DecodeError::Trailing(bytes.len() - used));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fd::FdRequest;
    use crate::path::PathRequest;
    use crate::{FromKernel, Reply, Request, ToKernel};
    use proptest::prelude::*;

    #[test]
    fn round_trips_a_request() {
        let msg = ToKernel {
            id: 7,
            request: Request::Path(PathRequest::Open {
                dirfd: 3,
                path: b"/app/\xff\x00x".to_vec(),
                flags: 0,
                mode: 0o644,
            }),
        };
        let bytes = encode(&msg);
        assert_eq!(decode::<ToKernel>(&bytes).unwrap(), msg);
    }

    #[test]
    fn rejects_trailing_bytes() {
        let mut bytes = encode(&FromKernel::Reply { id: 1, response: Ok(Reply::Unit) });
        bytes.push(0);
        assert!(matches!(decode::<FromKernel>(&bytes), Err(DecodeError::Trailing(1))));
    }

    #[test]
    fn lying_length_prefix_is_an_error_not_an_allocation() {
        // A Write whose data length claims ~2^62 bytes.
        let mut bytes = encode(&ToKernel {
            id: 1,
            request: Request::Fd(FdRequest::Write { fd: 1, data: vec![] }),
        });
        bytes.pop(); // the zero length
        bytes.extend_from_slice(&[0xFD, 0, 0, 0, 0, 0, 0, 0, 0x40]);
        assert!(decode::<ToKernel>(&bytes).is_err());
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let _ = decode::<ToKernel>(&bytes);
            let _ = decode::<FromKernel>(&bytes);
        }
    }
}
