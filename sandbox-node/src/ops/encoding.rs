//! UTF-8 between JavaScript strings and bytes (`Buffer`'s `'utf8'`, `js/node/buffer.js`).
//! V8 has no `TextEncoder`/`TextDecoder` of its own; these are the two directions
//! Node's `'utf8'` encoding needs, with its replacement rules (invalid input becomes
//! U+FFFD).

use super::{bytes_of, bytes_to_uint8array, throw_type_error};

/// `op_encoding_decode_utf8(bytes)`: the string the bytes encode.
pub fn op_encoding_decode_utf8(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Ok(view) = v8::Local::<v8::ArrayBufferView>::try_from(args.get(0)) else {
        return throw_type_error(
            scope,
            "op_encoding_decode_utf8: bytes must be an ArrayBufferView",
        );
    };
    // Read in place from the view's backing store; only a small on-heap array is
    // copied, into `storage`.
    let mut storage = [0; v8::TYPED_ARRAY_MAX_SIZE_IN_HEAP];
    let bytes = view.get_contents(&mut storage);
    match v8::String::new_from_utf8(scope, bytes, v8::NewStringType::Normal) {
        Some(s) => rv.set(s.into()),
        None => throw_type_error(scope, "Cannot create a string longer than V8's maximum"),
    }
}

/// `op_encoding_encode_utf8(string)`: its UTF-8 bytes, as a `Uint8Array`.
pub fn op_encoding_encode_utf8(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    if !args.get(0).is_string() {
        return throw_type_error(scope, "op_encoding_encode_utf8: the argument must be a string");
    }
    let bytes = bytes_of(scope, args.get(0)).unwrap_or_default();
    rv.set(bytes_to_uint8array(scope, bytes));
}
