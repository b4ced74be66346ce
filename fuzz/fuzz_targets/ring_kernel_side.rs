//! The kernel end of a ring pair against a hostile runtime. The input is a little
//! program: honest runtime traffic interleaved with arbitrary writes over the shared
//! memory (indices, parked flags, frame headers, payloads), and kernel operations.
//!
//! Oracle: the kernel never panics, never returns a message over `max_message`, fails
//! only with `Violation` (or `PeerGone` where it would otherwise block), and never
//! blocks: both ends watch a descriptor that is always "gone", so any wait ends at once.

#![no_main]

use std::os::fd::OwnedFd;
use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use syscall_proto::ring::layout::{
    COMP_CTRL, CTRL_CONSUMER_PARKED, CTRL_HEAD, CTRL_PRODUCER_PARKED, CTRL_TAIL, HEADER_SIZE,
    SUB_CTRL,
};
use syscall_proto::ring::{self, Endpoint, RingConfig, TransportError};

const CAPACITY: usize = 4096;
const MAX_MESSAGE: usize = 3 * CAPACITY;

/// The words a hostile runtime would most like to lie about.
const TARGETS: [usize; 10] = [
    SUB_CTRL + CTRL_TAIL,
    SUB_CTRL + CTRL_HEAD,
    SUB_CTRL + CTRL_PRODUCER_PARKED,
    SUB_CTRL + CTRL_CONSUMER_PARKED,
    COMP_CTRL + CTRL_TAIL,
    COMP_CTRL + CTRL_HEAD,
    COMP_CTRL + CTRL_PRODUCER_PARKED,
    COMP_CTRL + CTRL_CONSUMER_PARKED,
    HEADER_SIZE,            // first submission frame header
    HEADER_SIZE + CAPACITY, // first completion frame header
];

/// A descriptor `poll` always reports (POLLHUP: the write end is closed).
fn always_gone() -> OwnedFd {
    let (r, w) = std::io::pipe().expect("pipe");
    drop(w);
    r.into()
}

struct Input<'a>(&'a [u8]);

impl Input<'_> {
    fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(b)
    }

    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes([self.byte()?, self.byte()?]))
    }

    fn bytes(&mut self, n: usize) -> &[u8] {
        let (head, rest) = self.0.split_at(n.min(self.0.len()));
        self.0 = rest;
        head
    }
}

fn check_kernel<T>(what: &str, r: &Result<T, TransportError>, may_block: bool) {
    match r {
        Ok(_) | Err(TransportError::Violation(_)) => {}
        Err(TransportError::PeerGone) if may_block => {}
        Err(e) => panic!("kernel {what} failed with {e:?}"),
    }
}

fn check_message(r: &Result<Option<Vec<u8>>, TransportError>) {
    if let Ok(Some(msg)) = r {
        assert!(msg.len() <= MAX_MESSAGE, "kernel accepted a {}-byte message", msg.len());
    }
}

fuzz_target!(|data: &[u8]| {
    let config = RingConfig { capacity: CAPACITY, max_message: MAX_MESSAGE, spin: Duration::ZERO };
    let (mut kernel, fds) = ring::create(&config).expect("create");
    let mut runtime = Endpoint::attach(fds).expect("attach");
    kernel.watch_peer(always_gone());
    runtime.watch_peer(always_gone());
    let shared = kernel.shared_len_for_testing();

    let mut input = Input(data);
    while let Some(op) = input.byte() {
        match op % 7 {
            // The hostile runtime scribbles over shared memory.
            0 | 1 => {
                let Some(sel) = input.u16() else { break };
                let off = if op % 7 == 0 {
                    TARGETS[usize::from(sel) % TARGETS.len()] + usize::from(sel >> 12)
                } else {
                    usize::from(sel) * 4 % shared
                };
                let len = usize::from(input.byte().unwrap_or(8) % 17);
                let bytes = input.bytes(len).to_vec();
                kernel.poke_shared_for_testing(off, &bytes);
            }
            // Honest runtime traffic, so frames the kernel sees are often half-valid.
            2 => {
                let n = usize::from(input.u16().unwrap_or(0)) % (MAX_MESSAGE + 64);
                let _ = runtime.send(&vec![op; n]);
            }
            3 => {
                let _ = runtime.try_recv();
            }
            4 => {
                let r = kernel.try_recv();
                check_kernel("try_recv", &r, false);
                check_message(&r);
            }
            5 => {
                let r = kernel.recv().map(Some);
                check_kernel("recv", &r, true);
                check_message(&r);
            }
            _ => {
                let n = usize::from(input.u16().unwrap_or(0)) % (2 * CAPACITY);
                let r = kernel.send(&vec![op; n]);
                check_kernel("send", &r, true);
            }
        }
    }
    // Whatever happened, draining what is left must also hold up.
    for _ in 0..4 {
        let r = kernel.try_recv();
        check_kernel("try_recv", &r, false);
        check_message(&r);
    }
});
