//! `zlib` (`js/node/zlib.js`): deflate, zlib and gzip streams, compressed and
//! decompressed incrementally by flate2 over zlib-rs (zlib's algorithms and messages).
//!
//! One engine per JavaScript stream, kept in [`Engines`] (an isolate slot) under a
//! number. A call is Node's `handle.write`: some input, a flush mode and the room left
//! in the stream's output chunk; it returns how much input is left and the output,
//! at most that room. The engine holds no output between calls, so a decompression
//! bomb never grows native memory: the JavaScript stream takes each chunk (and
//! applies its backpressure or its `maxOutputLength`) before asking for the next.
//! An engine is freed when its stream closes, or by a FinalizationRegistry when the
//! stream is garbage collected unclosed; live engines are capped by an estimate of
//! their memory ([`BUDGET`]), which Node does not have.

use std::collections::HashMap;

use flate2::{Compress, Compression, Decompress, FlushCompress, FlushDecompress, Status};

use super::throw_type_error;

/// Node's modes (`zlib.constants.DEFLATE` ...).
const DEFLATE: i32 = 1;
const INFLATE: i32 = 2;
const GZIP: i32 = 3;
const GUNZIP: i32 = 4;
const DEFLATERAW: i32 = 5;
const INFLATERAW: i32 = 6;
const UNZIP: i32 = 7;

/// zlib's return codes, as Node reports them (`err.errno`).
const Z_NEED_DICT: i32 = 2;
const Z_STREAM_ERROR: i32 = -2;
const Z_DATA_ERROR: i32 = -3;
const Z_BUF_ERROR: i32 = -5;
const Z_FINISH: i32 = 4;

/// What live engines may take together, by [`Engine::cost`]: about 500 compressors or
/// 2700 decompressors. The memory is outside V8's heap limit, so it needs a bound
/// of its own; a stream over it fails to initialise (Node's
/// `ERR_ZLIB_INITIALIZATION_FAILED`).
const BUDGET: usize = 128 << 20;

enum Kind {
    Compress(Compress),
    Decompress(Decompress),
    /// `unzip` before its first byte: gzip or zlib, by the header.
    Undecided,
}

struct Engine {
    /// The mode the stream was made with (`unzip` stays `unzip` through a reset).
    initial_mode: i32,
    mode: i32,
    level: Compression,
    window_bits: u8,
    dictionary: Option<Vec<u8>>,
    kind: Kind,
    /// A gzip stream ended: what follows is another member (Node's gunzip goes on).
    ended: bool,
}

impl Engine {
    fn new(mode: i32, level: Compression, window_bits: u8, dictionary: Option<Vec<u8>>) -> Engine {
        let mut engine = Engine {
            initial_mode: mode,
            mode,
            level,
            window_bits,
            dictionary,
            kind: Kind::Undecided,
            ended: false,
        };
        engine.kind = engine.fresh(mode);
        engine
    }

    fn fresh(&self, mode: i32) -> Kind {
        let bits = self.window_bits;
        match mode {
            DEFLATE | DEFLATERAW => {
                let mut c = Compress::new_with_window_bits(self.level, mode == DEFLATE, bits);
                if let Some(dict) = &self.dictionary {
                    // A dictionary the engine refuses leaves it usable without one.
                    let _ = c.set_dictionary(dict);
                }
                Kind::Compress(c)
            }
            GZIP => Kind::Compress(Compress::new_gzip(self.level, bits)),
            INFLATE => Kind::Decompress(Decompress::new_with_window_bits(true, bits)),
            INFLATERAW => {
                let mut d = Decompress::new_with_window_bits(false, bits);
                if let Some(dict) = &self.dictionary {
                    let _ = d.set_dictionary(dict);
                }
                Kind::Decompress(d)
            }
            GUNZIP => Kind::Decompress(Decompress::new_gzip(bits)),
            _ => Kind::Undecided,
        }
    }

    /// zlib's own estimate of its memory (deflate.c's and inflate.c's allocations),
    /// plus the engine's copy of its dictionary, for the budget.
    fn cost(mode: i32, dictionary: Option<&[u8]>) -> usize {
        let state = match mode {
            DEFLATE | DEFLATERAW | GZIP => 270 << 10,
            _ => 48 << 10,
        };
        state + dictionary.map_or(0, <[u8]>::len)
    }

    /// One `write`: `Ok((consumed, output))` or Node's `(errno, message)`.
    fn write(
        &mut self,
        input: &[u8],
        flush: i32,
        avail_out: usize,
    ) -> Result<(usize, Vec<u8>), (i32, String)> {
        let mut out = Vec::with_capacity(avail_out);
        let mut consumed = 0;
        loop {
            let rest = &input[consumed..];
            if matches!(self.kind, Kind::Undecided) {
                let Some(&first) = rest.first() else {
                    // Finishing before a header byte arrived: the stream ended early.
                    if flush == Z_FINISH {
                        return Err((Z_BUF_ERROR, "unexpected end of file".to_string()));
                    }
                    return Ok((consumed, out));
                };
                self.mode = if first == 0x1f { GUNZIP } else { INFLATE };
                self.kind = self.fresh(self.mode);
            }
            if self.ended && self.mode == GUNZIP {
                // Node's gunzip reads on into the next member; trailing zeros are padding.
                match rest.first() {
                    Some(&b) if b != 0 => {
                        self.kind = self.fresh(GUNZIP);
                        self.ended = false;
                    }
                    _ => return Ok((consumed, out)),
                }
            }
            let (before_in, status) = match &mut self.kind {
                Kind::Compress(c) => {
                    let before = c.total_in();
                    let status =
                        c.compress_vec(rest, &mut out, compress_flush(flush)).map_err(|e| {
                            (Z_STREAM_ERROR, e.message().unwrap_or("stream error").to_string())
                        })?;
                    (c.total_in() - before, status)
                }
                Kind::Decompress(d) => {
                    let before = d.total_in();
                    let result = d.decompress_vec(rest, &mut out, decompress_flush(flush));
                    let used = d.total_in() - before;
                    match result {
                        Ok(status) => (used, status),
                        Err(e) if e.needs_dictionary().is_some() => {
                            match self.dictionary.as_deref() {
                                None => {
                                    return Err((Z_NEED_DICT, "Missing dictionary".to_string()))
                                }
                                Some(dict) => {
                                    if d.set_dictionary(dict).is_err() {
                                        // Node reports it with the code that asked for it.
                                        return Err((Z_NEED_DICT, "Bad dictionary".to_string()));
                                    }
                                    consumed += used as usize;
                                    continue;
                                }
                            }
                        }
                        Err(e) => {
                            return Err((
                                Z_DATA_ERROR,
                                e.message().unwrap_or("invalid data").to_string(),
                            ));
                        }
                    }
                }
                // Decided above; nothing to run otherwise.
                Kind::Undecided => return Ok((consumed, out)),
            };
            consumed += before_in as usize;
            match status {
                Status::StreamEnd => {
                    self.ended = true;
                    let more = consumed < input.len() && out.len() < avail_out;
                    if self.mode == GUNZIP && more {
                        continue;
                    }
                    return Ok((consumed, out));
                }
                Status::BufError if flush == Z_FINISH && out.len() < avail_out => {
                    if matches!(self.kind, Kind::Decompress(_)) {
                        return Err((Z_BUF_ERROR, "unexpected end of file".to_string()));
                    }
                    return Ok((consumed, out));
                }
                _ => return Ok((consumed, out)),
            }
        }
    }
}

fn compress_flush(flush: i32) -> FlushCompress {
    match flush {
        1 | 5 => FlushCompress::Partial,
        2 => FlushCompress::Sync,
        3 => FlushCompress::Full,
        4 => FlushCompress::Finish,
        _ => FlushCompress::None,
    }
}

fn decompress_flush(flush: i32) -> FlushDecompress {
    match flush {
        0 => FlushDecompress::None,
        4 => FlushDecompress::Finish,
        _ => FlushDecompress::Sync,
    }
}

/// The live engines of the isolate, by number.
#[derive(Default)]
struct Engines {
    next: u32,
    live: HashMap<u32, Engine>,
    cost: usize,
}

fn engines(isolate: &mut v8::Isolate) -> &mut Engines {
    if isolate.get_slot::<Engines>().is_none() {
        isolate.set_slot(Engines::default());
    }
    isolate.get_slot_mut::<Engines>().expect("set above")
}

fn int_arg(scope: &mut v8::PinScope, args: &v8::FunctionCallbackArguments, i: i32) -> Option<i64> {
    super::number_arg(scope, args, i, "zlib op")?.integer_value(scope)
}

/// `op_zlib_init(mode, level, windowBits, dictionary | null)`: a new engine's number,
/// or -1 when the budget is spent. The JavaScript side has validated the ranges.
pub fn op_zlib_init(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let (Some(mode), Some(level), Some(bits)) =
        (int_arg(scope, &args, 0), int_arg(scope, &args, 1), int_arg(scope, &args, 2))
    else {
        return;
    };
    if !(DEFLATE as i64..=UNZIP as i64).contains(&mode) {
        return throw_type_error(scope, "op_zlib_init: unknown mode");
    }
    let mode = mode as i32;
    let level = if (0..=9).contains(&level) {
        Compression::new(level as u32)
    } else {
        Compression::default()
    };
    // zlib takes 8 as 9 for deflate; 0 (inflate: the header's size) is the largest.
    let bits = match bits {
        9..=15 => bits as u8,
        8 => 9,
        _ => 15,
    };
    let dictionary = match v8::Local::<v8::ArrayBufferView>::try_from(args.get(3)) {
        Ok(view) => {
            let mut bytes = vec![0; view.byte_length()];
            let n = view.copy_contents(&mut bytes);
            bytes.truncate(n);
            Some(bytes)
        }
        Err(_) => None,
    };
    let cost = Engine::cost(mode, dictionary.as_deref());
    if engines(scope).cost + cost > BUDGET {
        // Streams dropped unclosed may hold the budget: collect them and run their
        // FinalizationRegistry cleanups (V8 posts those as tasks) before refusing.
        scope.low_memory_notification();
        let platform = v8::V8::get_current_platform();
        while v8::Platform::pump_message_loop(&platform, scope, false) {}
        if engines(scope).cost + cost > BUDGET {
            rv.set_int32(-1);
            return;
        }
    }
    let engines = engines(scope);
    engines.cost += cost;
    engines.next = engines.next.wrapping_add(1);
    let id = engines.next;
    engines.live.insert(id, Engine::new(mode, level, bits, dictionary));
    scope.adjust_amount_of_external_allocated_memory(cost as i64);
    rv.set_uint32(id);
}

/// `op_zlib_write(id, flush, input, inOff, inLen, availOut)`: Node's `handle.write`.
/// Returns `[availInAfter, output]` (the output at most `availOut` bytes), or
/// `[errno, message]` for zlib's error (`errno` < 0, or `Z_NEED_DICT`).
pub fn op_zlib_write(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let (Some(id), Some(flush), Some(in_off), Some(in_len), Some(avail_out)) = (
        int_arg(scope, &args, 0),
        int_arg(scope, &args, 1),
        int_arg(scope, &args, 3),
        int_arg(scope, &args, 4),
        int_arg(scope, &args, 5),
    ) else {
        return;
    };
    let Ok(view) = v8::Local::<v8::ArrayBufferView>::try_from(args.get(2)) else {
        return throw_type_error(scope, "op_zlib_write: input must be an ArrayBufferView");
    };
    let mut storage = [0; v8::TYPED_ARRAY_MAX_SIZE_IN_HEAP];
    let input = view.get_contents(&mut storage);
    let (Ok(start), Ok(len), Ok(avail_out)) =
        (usize::try_from(in_off), usize::try_from(in_len), usize::try_from(avail_out))
    else {
        return throw_type_error(scope, "op_zlib_write: negative offset or length");
    };
    let Some(input) = start.checked_add(len).and_then(|end| input.get(start..end)) else {
        return throw_type_error(scope, "op_zlib_write: input range outside the buffer");
    };
    // js/node/zlib.js caps a stream's chunk size at this (kSandboxMaxChunk): more would
    // be cut without the JavaScript knowing, so it is refused.
    if avail_out > 64 << 20 {
        return throw_type_error(scope, "op_zlib_write: availOut over 64 MiB");
    }
    let Some(engine) = u32::try_from(id).ok().and_then(|id| engines(scope).live.get_mut(&id))
    else {
        return throw_type_error(scope, "op_zlib_write: the stream is closed");
    };
    let result = engine.write(input, flush as i32, avail_out);
    let pair: [v8::Local<v8::Value>; 2] = match result {
        Ok((consumed, out)) => [
            v8::Number::new(scope, (input.len() - consumed) as f64).into(),
            super::bytes_to_uint8array(scope, out),
        ],
        Err((errno, message)) => [
            v8::Integer::new(scope, errno).into(),
            v8::String::new(scope, &message).unwrap_or_else(|| v8::String::empty(scope)).into(),
        ],
    };
    rv.set(v8::Array::new_with_elements(scope, &pair).into());
}

/// `op_zlib_params(id, level)`: a new compression level (after the stream flushed).
pub fn op_zlib_params(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    let (Some(id), Some(level)) = (int_arg(scope, &args, 0), int_arg(scope, &args, 1)) else {
        return;
    };
    let level = if (0..=9).contains(&level) {
        Compression::new(level as u32)
    } else {
        Compression::default()
    };
    if let Some(engine) = u32::try_from(id).ok().and_then(|id| engines(scope).live.get_mut(&id)) {
        engine.level = level;
        if let Kind::Compress(c) = &mut engine.kind {
            // The stream flushed first, so the engine has room to change.
            let _ = c.set_level(level);
        }
    }
}

/// `op_zlib_reset(id)`: the engine as new (same options).
pub fn op_zlib_reset(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    let Some(id) = int_arg(scope, &args, 0) else { return };
    if let Some(engine) = u32::try_from(id).ok().and_then(|id| engines(scope).live.get_mut(&id)) {
        *engine = Engine::new(
            engine.initial_mode,
            engine.level,
            engine.window_bits,
            engine.dictionary.take(),
        );
    }
}

/// `op_zlib_close(id)`: frees the engine (a second close does nothing).
pub fn op_zlib_close(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    let Some(id) = int_arg(scope, &args, 0) else { return };
    let engines = engines(scope);
    if let Some(engine) = u32::try_from(id).ok().and_then(|id| engines.live.remove(&id)) {
        let cost = Engine::cost(engine.initial_mode, engine.dictionary.as_deref());
        engines.cost -= cost;
        drop(engine);
        scope.adjust_amount_of_external_allocated_memory(-(cost as i64));
    }
}
