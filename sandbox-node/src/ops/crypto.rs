//! `crypto` (`js/node/crypto.js`): random bytes from `getrandom(2)` and digests and
//! HMACs from the RustCrypto crates (md-5, sha1, sha2, hmac).

use hmac::{Hmac, Mac};
use sha2::Digest;

use super::{bytes_of, bytes_to_uint8array, throw_type_error};

/// `op_crypto_random_fill(view)`: fills a typed array with random bytes.
pub fn op_crypto_random_fill(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    let Ok(view) = v8::Local::<v8::ArrayBufferView>::try_from(args.get(0)) else {
        return throw_type_error(scope, "op_crypto_random_fill: not a typed array");
    };
    let mut bytes = vec![0u8; view.byte_length()];
    if !crate::engine::fill_random(&mut bytes) {
        return throw_type_error(scope, "op_crypto_random_fill: getrandom failed");
    }
    let Some(buffer) = view.buffer(scope) else { return };
    let offset = view.byte_offset();
    let Some(data) = buffer.data() else { return };
    // SAFETY: the view's bytes are `byte_length` bytes at `byte_offset` in its live
    // buffer, which the view keeps alive; JavaScript is not running meanwhile.
    let target = unsafe {
        std::slice::from_raw_parts_mut(data.as_ptr().cast::<u8>().add(offset), bytes.len())
    };
    target.copy_from_slice(&bytes);
}

fn digest_of(algorithm: &str, chunks: &[Vec<u8>]) -> Option<Vec<u8>> {
    fn run<D: Digest>(chunks: &[Vec<u8>]) -> Vec<u8> {
        let mut d = D::new();
        for c in chunks {
            d.update(c);
        }
        d.finalize().to_vec()
    }
    Some(match algorithm {
        "md5" => run::<md5::Md5>(chunks),
        "sha1" => run::<sha1::Sha1>(chunks),
        "sha224" => run::<sha2::Sha224>(chunks),
        "sha256" => run::<sha2::Sha256>(chunks),
        "sha384" => run::<sha2::Sha384>(chunks),
        "sha512" => run::<sha2::Sha512>(chunks),
        _ => return None,
    })
}

fn hmac_of(algorithm: &str, key: &[u8], chunks: &[Vec<u8>]) -> Option<Vec<u8>> {
    fn run<M: Mac + hmac::digest::KeyInit>(key: &[u8], chunks: &[Vec<u8>]) -> Vec<u8> {
        let mut m = <M as hmac::digest::KeyInit>::new_from_slice(key)
            .expect("HMAC takes a key of any length");
        for c in chunks {
            m.update(c);
        }
        m.finalize().into_bytes().to_vec()
    }
    Some(match algorithm {
        "md5" => run::<Hmac<md5::Md5>>(key, chunks),
        "sha1" => run::<Hmac<sha1::Sha1>>(key, chunks),
        "sha224" => run::<Hmac<sha2::Sha224>>(key, chunks),
        "sha256" => run::<Hmac<sha2::Sha256>>(key, chunks),
        "sha384" => run::<Hmac<sha2::Sha384>>(key, chunks),
        "sha512" => run::<Hmac<sha2::Sha512>>(key, chunks),
        _ => return None,
    })
}

fn chunks_arg(scope: &mut v8::PinScope, value: v8::Local<v8::Value>) -> Option<Vec<Vec<u8>>> {
    let list = v8::Local::<v8::Array>::try_from(value).ok()?;
    let mut chunks = Vec::with_capacity(list.length() as usize);
    for i in 0..list.length() {
        let item = list.get_index(scope, i)?;
        chunks.push(bytes_of(scope, item)?);
    }
    Some(chunks)
}

/// `op_crypto_digest(algorithm, chunks, key?)`: the digest of the concatenated
/// chunks (strings as UTF-8, or bytes), or their HMAC under `key`; `undefined` for an
/// algorithm not provided.
pub fn op_crypto_digest(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Ok(algorithm) = v8::Local::<v8::String>::try_from(args.get(0)) else {
        return throw_type_error(scope, "op_crypto_digest: algorithm must be a string");
    };
    let algorithm = algorithm.to_rust_string_lossy(scope).to_ascii_lowercase();
    let Some(chunks) = chunks_arg(scope, args.get(1)) else {
        return throw_type_error(scope, "op_crypto_digest: chunks must be strings or bytes");
    };
    let result = if args.get(2).is_undefined() {
        digest_of(&algorithm, &chunks)
    } else {
        let Some(key) = bytes_of(scope, args.get(2)) else {
            return throw_type_error(scope, "op_crypto_digest: key must be bytes");
        };
        hmac_of(&algorithm, &key, &chunks)
    };
    match result {
        Some(bytes) => rv.set(bytes_to_uint8array(scope, bytes)),
        None => rv.set_undefined(),
    }
}
