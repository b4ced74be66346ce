//! `zlib` (`js/node/zlib.js`): gzip, deflate (zlib) and raw deflate, one shot, with
//! flate2.

use std::io::{Read, Write};

use flate2::read::{DeflateDecoder, GzDecoder, MultiGzDecoder, ZlibDecoder};
use flate2::write::{DeflateEncoder, GzEncoder, ZlibEncoder};
use flate2::Compression;

use super::{bytes_of, bytes_to_uint8array, throw_type_error};

/// `op_zlib(mode, data, level, maxOutput)`: `mode` is `gzip`, `gunzip`, `deflate`,
/// `inflate`, `deflateRaw`, `inflateRaw` or `unzip` (gzip or zlib, by the header).
/// Returns the bytes, or `[message]` when the input is not valid for the mode (Node's
/// zlib error) or would decompress to more than `maxOutput` bytes (`'too large'`: a
/// small input can expand without bound, and this memory is outside the JS heap limit).
pub fn op_zlib(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Ok(mode) = v8::Local::<v8::String>::try_from(args.get(0)) else {
        return throw_type_error(scope, "op_zlib: mode must be a string");
    };
    let mode = mode.to_rust_string_lossy(scope);
    let Some(data) = bytes_of(scope, args.get(1)) else {
        return throw_type_error(scope, "op_zlib: data must be bytes");
    };
    let level = args.get(2).int32_value(scope).unwrap_or(-1);
    let level = if (0..=9).contains(&level) {
        Compression::new(level as u32)
    } else {
        Compression::default()
    };
    let max_output = args
        .get(3)
        .number_value(scope)
        .filter(|n| n.is_finite() && *n >= 0.0)
        .map_or(DEFAULT_MAX_OUTPUT, |n| (n as u64).min(DEFAULT_MAX_OUTPUT));
    let result = run(&mode, &data, level, max_output);
    match result {
        Ok(bytes) => rv.set(bytes_to_uint8array(scope, bytes)),
        Err(message) => {
            let message =
                v8::String::new(scope, &message).unwrap_or_else(|| v8::String::empty(scope));
            rv.set(v8::Array::new_with_elements(scope, &[message.into()]).into());
        }
    }
}

/// The most a decompression may produce when the program sets no smaller
/// `maxOutputLength`: a bound on the runtime's memory outside the V8 heap.
const DEFAULT_MAX_OUTPUT: u64 = 256 << 20;

fn run(mode: &str, data: &[u8], level: Compression, max_output: u64) -> Result<Vec<u8>, String> {
    fn encode<W: Write>(
        mut w: W,
        data: &[u8],
        finish: impl FnOnce(W) -> std::io::Result<Vec<u8>>,
    ) -> Result<Vec<u8>, String> {
        w.write_all(data).map_err(|e| e.to_string())?;
        finish(w).map_err(|e| e.to_string())
    }
    // Node's two messages for bad input: a stream that stops early, and anything else.
    let decode = |r: &mut dyn Read| -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        r.take(max_output + 1).read_to_end(&mut out).map_err(|e| match e.kind() {
            std::io::ErrorKind::UnexpectedEof => "unexpected end of file".to_string(),
            _ => "incorrect header check".to_string(),
        })?;
        if out.len() as u64 > max_output {
            return Err("too large".to_string());
        }
        Ok(out)
    };
    match mode {
        "gzip" => encode(GzEncoder::new(Vec::new(), level), data, |w| w.finish()),
        "deflate" => encode(ZlibEncoder::new(Vec::new(), level), data, |w| w.finish()),
        "deflateRaw" => encode(DeflateEncoder::new(Vec::new(), level), data, |w| w.finish()),
        "gunzip" => decode(&mut MultiGzDecoder::new(data)),
        "inflate" => decode(&mut ZlibDecoder::new(data)),
        "inflateRaw" => decode(&mut DeflateDecoder::new(data)),
        "unzip" => {
            if data.starts_with(&[0x1f, 0x8b]) {
                decode(&mut GzDecoder::new(data))
            } else {
                decode(&mut ZlibDecoder::new(data))
            }
        }
        _ => Err(format!("unknown zlib mode {mode}")),
    }
}
