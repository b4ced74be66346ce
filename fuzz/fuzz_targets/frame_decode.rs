//! Arbitrary bytes through the checked decoder, as the kernel decodes what a runtime
//! submits and a runtime decodes what the kernel completes. Decoding must never panic
//! (nor allocate past its limit), and whatever decodes must survive a round trip.

#![no_main]

use libfuzzer_sys::fuzz_target;
use syscall_proto::{codec, FromKernel, ToKernel};

fuzz_target!(|data: &[u8]| {
    if let Ok(msg) = codec::decode::<ToKernel>(data) {
        let again = codec::encode(&msg);
        assert_eq!(codec::decode::<ToKernel>(&again).ok(), Some(msg));
    }
    if let Ok(msg) = codec::decode::<FromKernel>(data) {
        let again = codec::encode(&msg);
        assert_eq!(codec::decode::<FromKernel>(&again).ok(), Some(msg));
    }
});
