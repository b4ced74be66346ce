//! Writes the seed corpus under `fuzz/corpus/`:
//! `cargo run --manifest-path fuzz/Cargo.toml --example write_seeds`.
//!
//! `frame_decode` seeds are encoded messages of both directions; `ring_kernel_side`
//! seeds are small programs in that target's input language (see its header).

use std::path::Path;

use syscall_proto::errno::Errno;
use syscall_proto::fd::FdRequest;
use syscall_proto::path::PathRequest;
use syscall_proto::proc::{FdAction, Hello, ProcRequest, RuntimeKind, SpawnRequest};
use syscall_proto::time::{Clock, TimeRequest};
use syscall_proto::{codec, Event, FromKernel, Reply, Request, ToKernel};

fn write(target: &str, name: &str, bytes: &[u8]) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus").join(target);
    std::fs::create_dir_all(&dir).expect("create corpus dir");
    std::fs::write(dir.join(format!("seed-{name}")), bytes).expect("write seed");
}

fn main() {
    let requests = [
        (
            "hello",
            Request::Proc(ProcRequest::Hello(Hello {
                version: syscall_proto::PROTOCOL_VERSION,
                runtime: RuntimeKind::Wasm,
            })),
        ),
        ("exit", Request::Proc(ProcRequest::Exit { code: 3 })),
        (
            "open",
            Request::Path(PathRequest::Open {
                dirfd: 3,
                path: b"/app/x".to_vec(),
                flags: 0,
                mode: 0o644,
            }),
        ),
        ("write", Request::Fd(FdRequest::Write { fd: 1, data: b"hello\n".to_vec() })),
        ("read", Request::Fd(FdRequest::Read { fd: 0, len: 4096 })),
        ("now", Request::Time(TimeRequest::Now { clock: Clock::Monotonic })),
        (
            "spawn",
            Request::Proc(ProcRequest::Spawn(Box::new(SpawnRequest {
                program: b"ls".to_vec(),
                argv: vec![b"ls".to_vec(), b"-l".to_vec()],
                env: vec![(b"A".to_vec(), b"1".to_vec())],
                cwd: Some(b"/tmp".to_vec()),
                fd_actions: vec![
                    FdAction::Dup2 { from: 5, to: 1 },
                    FdAction::Close { fd: 4 },
                    FdAction::Open { fd: 0, path: b"in".to_vec(), flags: 0, mode: 0 },
                ],
                pgroup: Some(0),
                setsid: false,
            }))),
        ),
        ("wait", Request::Proc(ProcRequest::Wait { pid: -1, options: 1 })),
        ("kill", Request::Proc(ProcRequest::Kill { pid: -2, signo: 15 })),
    ];
    for (i, (name, request)) in requests.into_iter().enumerate() {
        write(
            "frame_decode",
            &format!("to-kernel-{name}"),
            &codec::encode(&ToKernel { id: i as u64 + 1, request }),
        );
    }
    let replies = [
        ("data", FromKernel::Reply { id: 7, response: Ok(Reply::Data(b"contents".to_vec())) }),
        ("errno", FromKernel::Reply { id: 8, response: Err(Errno(2)) }),
        ("fd", FromKernel::Reply { id: 9, response: Ok(Reply::Fd(4)) }),
        (
            "waited",
            FromKernel::Reply { id: 10, response: Ok(Reply::Waited { pid: 2, status: 0x300 }) },
        ),
        ("signal", FromKernel::Event(Event::Signal { signo: 15 })),
        ("terminate", FromKernel::Event(Event::Terminate { reason: "limit".into() })),
    ];
    for (name, reply) in replies {
        write("frame_decode", &format!("from-kernel-{name}"), &codec::encode(&reply));
    }

    // ring_kernel_side: op bytes (op % 7): 0 poke a target word, 1 poke anywhere,
    // 2 runtime send, 3 runtime try_recv, 4 kernel try_recv, 5 kernel recv,
    // 6 kernel send.
    write("ring_kernel_side", "honest-round-trip", &[2, 16, 0, 4, 6, 32, 0, 3]);
    write("ring_kernel_side", "fragmented", &[2, 0, 0x20, 4, 2, 0, 0x20, 5, 4]);
    // Runtime sends, then the submission tail (target 0) is bumped by 64.
    write("ring_kernel_side", "lying-tail", &[2, 8, 0, 0, 0, 0, 8, 64, 0, 0, 0, 0, 0, 0, 0, 4]);
    // A frame header (target 8) claiming 0xffff bytes with the MORE flag, tail 16.
    write(
        "ring_kernel_side",
        "lying-frame",
        &[0, 8, 0, 8, 0xff, 0xff, 0, 0, 1, 0, 0, 0, 0, 0, 0, 8, 16, 0, 0, 0, 0, 0, 0, 0, 4],
    );
    // The completion head (target 5) moves past the tail before a kernel send.
    write(
        "ring_kernel_side",
        "lying-head",
        &[6, 16, 0, 0, 5, 0, 8, 0, 1, 0, 0, 0, 0, 0, 0, 6, 8, 0],
    );
}
