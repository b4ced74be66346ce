//! Ring transport tests: both ends in one process (threads), across a forked process,
//! and a hostile runtime writing straight into the shared memory.

use std::thread;
use std::time::Duration;

use super::frame::{FrameHeader, FLAG_MORE};
use super::layout::{self, HEADER_SIZE, SUB_CTRL};
use super::sys;
use super::*;

fn config(capacity: usize, spin: Duration) -> RingConfig {
    RingConfig { capacity, max_message: 128 << 20, spin }
}

fn pair(config: &RingConfig) -> (Endpoint, Endpoint) {
    let (kernel, fds) = create(config).unwrap();
    (kernel, Endpoint::attach(fds).unwrap())
}

/// `n` bytes whose every 4 KiB block differs, so a dropped, repeated or reordered
/// fragment shows.
fn pattern(n: usize, seed: u8) -> Vec<u8> {
    let mut v: Vec<u8> = (0..=255u8).cycle().take(n).collect();
    for (i, block) in v.chunks_mut(4096).enumerate() {
        block[0] = seed;
        if block.len() >= 8 {
            block[4..8].copy_from_slice(&(i as u32).to_le_bytes());
        }
    }
    v
}

fn assert_violation<T: std::fmt::Debug>(r: Result<T, TransportError>) -> String {
    match r {
        Err(TransportError::Violation(reason)) => reason,
        other => panic!("expected a violation, got {other:?}"),
    }
}

#[test]
fn small_round_trip_both_ways() {
    let (mut kernel, mut runtime) = pair(&RingConfig::default());
    runtime.send(b"hello kernel").unwrap();
    assert_eq!(kernel.recv().unwrap(), b"hello kernel");
    kernel.send(b"hello runtime").unwrap();
    assert_eq!(runtime.recv().unwrap(), b"hello runtime");
    runtime.send(b"").unwrap();
    assert_eq!(kernel.recv().unwrap(), b"");
}

#[test]
fn try_recv_on_empty_ring_is_none() {
    let (mut kernel, mut runtime) = pair(&RingConfig::default());
    assert!(kernel.try_recv().unwrap().is_none());
    assert!(runtime.try_recv().unwrap().is_none());
    runtime.send(b"x").unwrap();
    assert_eq!(kernel.try_recv().unwrap().as_deref(), Some(&b"x"[..]));
    assert!(kernel.try_recv().unwrap().is_none());
}

#[test]
fn too_large_is_refused_before_anything_is_written() {
    let cfg = RingConfig { capacity: 4096, max_message: 1000, spin: Duration::ZERO };
    let (mut kernel, mut runtime) = pair(&cfg);
    let err = runtime.send(&[0; 1001]).unwrap_err();
    assert!(matches!(err, TransportError::TooLarge { len: 1001, max: 1000 }), "{err:?}");
    assert!(matches!(kernel.send(&[0; 1001]), Err(TransportError::TooLarge { .. })));
    runtime.send(&[7; 1000]).unwrap();
    assert_eq!(kernel.recv().unwrap(), vec![7; 1000]);
}

#[test]
fn rejects_bad_config() {
    for capacity in [0, 100, 4097, 2048] {
        let cfg = RingConfig { capacity, ..RingConfig::default() };
        assert!(matches!(create(&cfg), Err(TransportError::Os(_))), "capacity {capacity}");
    }
}

/// Many messages of awkward sizes (zero, odd, just over a fragment, several ring
/// lengths) arrive whole and in order; `spin` zero forces the park/wake path on every
/// wait.
fn many_messages_in_order(spin: Duration) {
    let cfg = config(4096, spin);
    let (mut kernel, mut runtime) = pair(&cfg);
    let sizes: Vec<usize> =
        (0..3000).map(|i| [0, 1, 7, 8, 9, 100, 511, 2048, 2049, 5000, 20_000][i % 11]).collect();
    let expected = sizes.clone();
    let producer = thread::spawn(move || {
        for (i, &n) in sizes.iter().enumerate() {
            runtime.send(&pattern(n, i as u8)).unwrap();
        }
        // Then the other direction, while the kernel replies.
        for i in 0..500u32 {
            assert_eq!(runtime.recv().unwrap(), i.to_le_bytes());
        }
    });
    for (i, &n) in expected.iter().enumerate() {
        let got = kernel.recv().unwrap();
        assert_eq!(got.len(), n, "message {i}");
        assert!(got == pattern(n, i as u8), "message {i} content");
    }
    for i in 0..500u32 {
        kernel.send(&i.to_le_bytes()).unwrap();
    }
    producer.join().unwrap();
}

#[test]
fn many_messages_in_order_spinning() {
    many_messages_in_order(Duration::from_micros(50));
}

#[test]
fn many_messages_in_order_always_parking() {
    many_messages_in_order(Duration::ZERO);
}

#[test]
fn streams_64_mib_through_a_256_kib_ring_across_threads() {
    let cfg = config(256 << 10, Duration::from_micros(20));
    let (mut kernel, mut runtime) = pair(&cfg);
    let big = pattern(64 << 20, 0xAB);
    let consumer = thread::spawn(move || {
        let got = kernel.recv().unwrap();
        kernel.send(&got).unwrap();
        got
    });
    runtime.send(&big).unwrap();
    let echoed = runtime.recv().unwrap();
    let got = consumer.join().unwrap();
    assert_eq!(got.len(), big.len());
    assert!(got == big, "kernel received the message intact");
    assert!(echoed == big, "runtime received the echo intact");
}

/// The runtime end lives in a forked process that finds its descriptors at
/// [`CHILD_FDS`], exactly as a real runtime does.
#[test]
fn echo_across_a_forked_process() {
    let cfg = config(256 << 10, Duration::from_micros(50));
    let (mut kernel, fds) = create(&cfg).unwrap();
    let pid = sys::fork_child(move || {
        let run = || -> Result<(), TransportError> {
            let ChildFds { memfd, kernel_bell, runtime_bell } = fds;
            sys::install_at([memfd, kernel_bell, runtime_bell], CHILD_FDS)?;
            let mut runtime = Endpoint::attach(ChildFds::inherited()?)?;
            if ChildFds::inherited().is_ok() {
                return Err(TransportError::Violation("descriptors taken twice".into()));
            }
            loop {
                let msg = runtime.recv()?;
                if msg == b"quit" {
                    return Ok(());
                }
                runtime.send(&msg)?;
            }
        };
        match run() {
            Ok(()) => 0,
            Err(_) => 1,
        }
    })
    .unwrap();
    kernel.watch_peer(pidfd_open(pid).unwrap());
    for i in 0..1000u32 {
        kernel.send(&i.to_le_bytes()).unwrap();
        assert_eq!(kernel.recv().unwrap(), i.to_le_bytes());
    }
    let big = pattern(64 << 20, 0x5A);
    kernel.send(&big).unwrap();
    assert!(kernel.recv().unwrap() == big, "64 MiB echoed intact");
    kernel.send(b"quit").unwrap();
    assert_eq!(sys::wait_child(pid).unwrap(), 0, "child failed");
}

#[test]
fn recv_reports_peer_gone_when_the_watched_child_exits() {
    for spin in [Duration::ZERO, Duration::from_micros(50)] {
        let (mut kernel, fds) = create(&config(4096, spin)).unwrap();
        let pid = sys::fork_child(|| 0).unwrap();
        drop(fds);
        kernel.watch_peer(pidfd_open(pid).unwrap());
        assert!(matches!(kernel.recv(), Err(TransportError::PeerGone)));
        // And a sender blocked on a full ring.
        let err = loop {
            if let Err(e) = kernel.send(&[1; 1000]) {
                break e;
            }
        };
        assert!(matches!(err, TransportError::PeerGone), "{err:?}");
        assert_eq!(sys::wait_child(pid).unwrap(), 0);
    }
}

#[test]
fn messages_sent_before_the_peer_died_are_still_delivered() {
    let (mut kernel, fds) = create(&config(4096, Duration::ZERO)).unwrap();
    let pid = sys::fork_child(move || {
        let mut runtime = Endpoint::attach(fds).unwrap();
        runtime.send(b"last words").unwrap();
        0
    })
    .unwrap();
    kernel.watch_peer(pidfd_open(pid).unwrap());
    assert_eq!(sys::wait_child(pid).unwrap(), 0);
    assert_eq!(kernel.recv().unwrap(), b"last words");
    assert!(matches!(kernel.recv(), Err(TransportError::PeerGone)));
}

#[test]
fn memfd_is_sealed_against_resizing() {
    let (_kernel, fds) = create(&config(4096, Duration::ZERO)).unwrap();
    let file = std::fs::File::from(fds.memfd);
    let len = file.metadata().unwrap().len();
    assert_eq!(len, (HEADER_SIZE + 2 * 4096) as u64);
    assert!(file.set_len(0).is_err(), "shrink");
    assert!(file.set_len(len * 2).is_err(), "grow");
    let mfd = memfd::Memfd::try_from_file(file).unwrap();
    let seals = mfd.seals().unwrap();
    for seal in [memfd::FileSeal::SealShrink, memfd::FileSeal::SealGrow, memfd::FileSeal::SealSeal]
    {
        assert!(seals.contains(&seal), "{seal:?}");
    }
}

#[test]
fn attach_rejects_a_bad_header() {
    let cases: [(usize, u64); 4] = [
        (layout::OFF_MAGIC, 0),
        (layout::OFF_VERSION, 99),
        (layout::OFF_SUB_CAP, 8192),
        (layout::OFF_COMP_CAP, 3000),
    ];
    for (off, value) in cases {
        let (kernel, fds) = create(&config(4096, Duration::ZERO)).unwrap();
        kernel.poke_shared_for_testing(off, &value.to_ne_bytes());
        assert_violation(Endpoint::attach(fds).map(|_| ()));
    }
}

// A hostile runtime: frames and indices written straight into shared memory.

const CAP: usize = 4096;

fn hostile_pair() -> Endpoint {
    let cfg = RingConfig { capacity: CAP, max_message: 10_000, spin: Duration::ZERO };
    create(&cfg).unwrap().0
}

fn set_sub_tail(kernel: &Endpoint, tail: u64) {
    kernel.poke_shared_for_testing(SUB_CTRL + layout::CTRL_TAIL, &tail.to_ne_bytes());
}

/// Writes a frame into the submission ring at `pos` (no wrap) and returns the next
/// position.
fn put_frame(kernel: &Endpoint, pos: u64, len: u32, flags: u32, payload: &[u8]) -> u64 {
    let off = HEADER_SIZE + (pos as usize % CAP);
    kernel.poke_shared_for_testing(off, &FrameHeader { len, flags }.to_word().to_ne_bytes());
    kernel.poke_shared_for_testing(off + 8, payload);
    pos + 8 + payload.len().next_multiple_of(8) as u64
}

#[test]
fn tail_beyond_capacity_is_a_violation() {
    let mut kernel = hostile_pair();
    set_sub_tail(&kernel, CAP as u64 + 8);
    assert!(assert_violation(kernel.try_recv()).contains("beyond the capacity"));
    // Poisoned from now on, even if the peer repairs the index.
    set_sub_tail(&kernel, 0);
    assert_violation(kernel.try_recv());
    assert_violation(kernel.send(b"x"));
}

#[test]
fn tail_behind_head_and_misaligned_tail_are_violations() {
    let mut kernel = hostile_pair();
    set_sub_tail(&kernel, u64::MAX - 7);
    assert_violation(kernel.try_recv());
    let mut kernel = hostile_pair();
    set_sub_tail(&kernel, 5);
    assert!(assert_violation(kernel.try_recv()).contains("aligned"));
}

#[test]
fn lying_frame_length_is_a_violation() {
    let mut kernel = hostile_pair();
    // Claims 100 bytes, publishes 16.
    let _ = put_frame(&kernel, 0, 100, 0, &[0; 8]);
    set_sub_tail(&kernel, 16);
    assert!(assert_violation(kernel.try_recv()).contains("past the"));
    // Claims more than a fragment may hold.
    let mut kernel = hostile_pair();
    let _ = put_frame(&kernel, 0, u32::MAX, 0, &[]);
    set_sub_tail(&kernel, CAP as u64);
    assert!(assert_violation(kernel.try_recv()).contains("exceeds"));
}

#[test]
fn unknown_flags_are_a_violation() {
    let mut kernel = hostile_pair();
    let tail = put_frame(&kernel, 0, 3, 0x8000_0000, b"abc");
    set_sub_tail(&kernel, tail);
    assert!(assert_violation(kernel.try_recv()).contains("flags"));
}

#[test]
fn tiny_non_final_fragments_are_a_violation() {
    let mut kernel = hostile_pair();
    let tail = put_frame(&kernel, 0, 0, FLAG_MORE, &[]);
    set_sub_tail(&kernel, tail);
    assert!(assert_violation(kernel.try_recv()).contains("minimum"));
}

#[test]
fn message_growing_past_max_message_is_a_violation() {
    let mut kernel = hostile_pair();
    // max_message is 10_000; feed 2048-byte MORE fragments (the largest allowed) and
    // consume them until the sum passes the limit.
    let chunk = vec![1u8; CAP / 2];
    let mut pos = 0u64;
    let mut result = Ok(None);
    for _ in 0..10 {
        pos = put_frame(&kernel, pos, chunk.len() as u32, FLAG_MORE, &chunk);
        set_sub_tail(&kernel, pos);
        result = kernel.try_recv();
        if result.is_err() {
            break;
        }
        assert!(matches!(result, Ok(None)), "incomplete message must not be returned");
    }
    assert!(assert_violation(result).contains("max_message"));
}

#[test]
fn completion_head_moving_backwards_or_past_the_tail_is_a_violation() {
    let mut kernel = hostile_pair();
    let head = layout::COMP_CTRL + layout::CTRL_HEAD;
    kernel.send(b"0123456789").unwrap();
    kernel.poke_shared_for_testing(head, &64u64.to_ne_bytes());
    assert!(assert_violation(kernel.send(b"x")).contains("head"));

    let mut kernel = hostile_pair();
    kernel.send(b"0123456789").unwrap();
    kernel.poke_shared_for_testing(head, &24u64.to_ne_bytes()); // consumed all of it
    kernel.send(b"x").unwrap();
    kernel.poke_shared_for_testing(head, &8u64.to_ne_bytes()); // then un-consumed
    assert_violation(kernel.send(b"y"));
}

#[test]
fn random_scribbles_never_panic() {
    // A cheap deterministic cousin of the `ring_kernel_side` fuzz target.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..2000 {
        let mut kernel = hostile_pair();
        for _ in 0..(next() % 8) {
            let off = match next() % 4 {
                0 => SUB_CTRL + layout::CTRL_TAIL,
                1 => layout::COMP_CTRL + layout::CTRL_HEAD,
                _ => HEADER_SIZE + (next() as usize % CAP) / 8 * 8,
            };
            let v = match next() % 3 {
                0 => next() % (2 * CAP as u64),
                1 => next() & 0xff_ffff_ffff,
                _ => next(),
            };
            kernel.poke_shared_for_testing(off, &v.to_ne_bytes());
        }
        for _ in 0..4 {
            match kernel.try_recv() {
                Ok(_) | Err(TransportError::Violation(_)) => {}
                Err(e) => panic!("unexpected {e:?}"),
            }
        }
    }
}
