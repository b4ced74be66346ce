//! The ring transport against the baseline it replaces, in one run, across a real
//! process boundary (a forked child plays the kernel and echoes):
//!
//! - null round trip: a tiny encoded request out and back, p50/p99 over many calls;
//! - bulk: 1 MiB messages one way, in GB/s.
//!
//! The baseline is `ipc-channel` (UNIX `SOCK_SEQPACKET` sockets). Run with
//! `cargo bench -p syscall-proto --bench ring`; `RING_BENCH_ITERS` and
//! `RING_BENCH_BULK` change the counts, `RING_BENCH_SPIN_US` the ring's spin for the
//! round trips (default 50), and `RING_BENCH_PIN=1` pins the two processes to CPUs 0
//! and 1.

use std::time::{Duration, Instant};

use ipc_channel::ipc::{self, IpcBytesReceiver, IpcBytesSender};
use nix::sched::{sched_setaffinity, CpuSet};
use nix::sys::wait::waitpid;
use nix::unistd::{ForkResult, Pid};
use syscall_proto::codec;
use syscall_proto::request::{Request, ToKernel};
use syscall_proto::ring::{self, Endpoint, RingConfig};
use syscall_proto::time::{Clock, TimeRequest};

const MIB: usize = 1 << 20;

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn pin(cpu: usize) {
    if std::env::var("RING_BENCH_PIN").is_ok_and(|v| v == "1") {
        let mut set = CpuSet::new();
        set.set(cpu).expect("cpu index in range");
        sched_setaffinity(Pid::from_raw(0), &set).expect("sched_setaffinity");
    }
}

/// Runs `serve` in a forked child that dies with the parent, returns its pid.
fn fork_server(serve: impl FnOnce()) -> Pid {
    // SAFETY: the bench is single-threaded when it forks (no harness threads, and
    // ipc-channel's plain sockets start none), so the child inherits a consistent
    // process; it runs `serve` and leaves with `_exit`.
    match unsafe { nix::unistd::fork() }.expect("fork") {
        ForkResult::Parent { child } => child,
        ForkResult::Child => {
            let _ = nix::sys::prctl::set_pdeathsig(nix::sys::signal::Signal::SIGKILL);
            pin(1);
            serve();
            // SAFETY: ends the child without running the parent's exit handlers twice.
            unsafe { libc::_exit(0) }
        }
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn fmt_us(d: Duration) -> String {
    let us = d.as_secs_f64() * 1e6;
    if us < 10.0 {
        format!("{us:.2}µs")
    } else {
        format!("{us:.1}µs")
    }
}

/// Times `iters` calls of `round_trip` after a warm-up; returns sorted latencies.
fn measure(iters: usize, mut round_trip: impl FnMut()) -> Vec<Duration> {
    for _ in 0..iters / 10 {
        round_trip();
    }
    let mut out = Vec::with_capacity(iters);
    for _ in 0..iters {
        let t = Instant::now();
        round_trip();
        out.push(t.elapsed());
    }
    out.sort();
    out
}

/// The parent plays the runtime (it attaches), the child the kernel.
fn ring_pair(config: &RingConfig, serve: impl FnOnce(Endpoint)) -> (Endpoint, Pid) {
    let (kernel, fds) = ring::create(config).expect("create ring");
    let pid = fork_server(move || serve(kernel));
    (Endpoint::attach(fds).expect("attach"), pid)
}

fn ipc_pair(
    serve: impl FnOnce(IpcBytesSender, IpcBytesReceiver),
) -> (IpcBytesSender, IpcBytesReceiver, Pid) {
    let (to_child, child_rx) = ipc::bytes_channel().expect("ipc channel");
    let (child_tx, from_child) = ipc::bytes_channel().expect("ipc channel");
    let pid = fork_server(move || serve(child_tx, child_rx));
    (to_child, from_child, pid)
}

fn null_round_trip(iters: usize) {
    let request = codec::encode(&ToKernel {
        id: 1,
        request: Request::Time(TimeRequest::Now { clock: Clock::Monotonic }),
    });

    let spin = Duration::from_micros(env_usize("RING_BENCH_SPIN_US", 50) as u64);
    let (mut rt, pid) = ring_pair(&RingConfig { spin, ..RingConfig::default() }, |mut kernel| {
        while let Ok(msg) = kernel.recv() {
            if msg.is_empty() {
                return;
            }
            kernel.send(&msg).expect("echo");
        }
    });
    let ring_lat = measure(iters, || {
        rt.send(&request).expect("send");
        let reply = rt.recv().expect("recv");
        assert_eq!(reply.len(), request.len());
    });
    rt.send(&[]).expect("stop");
    waitpid(pid, None).expect("wait");

    let (tx, rx, pid) = ipc_pair(|tx, rx| {
        while let Ok(msg) = rx.recv() {
            if msg.is_empty() {
                return;
            }
            tx.send(&msg).expect("echo");
        }
    });
    let ipc_lat = measure(iters, || {
        tx.send(&request).expect("send");
        let reply = rx.recv().expect("recv");
        assert_eq!(reply.len(), request.len());
    });
    tx.send(&[]).expect("stop");
    waitpid(pid, None).expect("wait");

    let (r50, r99) = (percentile(&ring_lat, 0.5), percentile(&ring_lat, 0.99));
    let (i50, i99) = (percentile(&ipc_lat, 0.5), percentile(&ipc_lat, 0.99));
    println!(
        "null round trip ({iters} calls, {} B request): ring p50 {} p99 {} | ipc-channel p50 {} p99 {} | ratio p50 {:.1}x p99 {:.1}x",
        request.len(),
        fmt_us(r50),
        fmt_us(r99),
        fmt_us(i50),
        fmt_us(i99),
        i50.as_secs_f64() / r50.as_secs_f64(),
        i99.as_secs_f64() / r99.as_secs_f64(),
    );
}

/// Sends `count` messages of `size` bytes to the child, which acknowledges once at the
/// end; returns GB/s (10^9 bytes per second).
fn bulk(size: usize, count: usize, config: &RingConfig) -> (f64, f64) {
    let payload = vec![0xA5u8; size];

    let (mut rt, pid) = ring_pair(config, move |mut kernel| {
        for _ in 0..count {
            let msg = kernel.recv().expect("recv");
            assert_eq!(msg.len(), size);
        }
        kernel.send(b"done").expect("ack");
    });
    rt.send(&payload).expect("warm-up");
    let t = Instant::now();
    for _ in 1..count {
        rt.send(&payload).expect("send");
    }
    rt.recv().expect("ack");
    let ring_secs = t.elapsed().as_secs_f64();
    waitpid(pid, None).expect("wait");

    let (tx, rx, pid) = ipc_pair(move |tx, rx| {
        for _ in 0..count {
            let msg = rx.recv().expect("recv");
            assert_eq!(msg.len(), size);
        }
        tx.send(b"done").expect("ack");
    });
    tx.send(&payload).expect("warm-up");
    let t = Instant::now();
    for _ in 1..count {
        tx.send(&payload).expect("send");
    }
    rx.recv().expect("ack");
    let ipc_secs = t.elapsed().as_secs_f64();
    waitpid(pid, None).expect("wait");

    let bytes = (size * (count - 1)) as f64;
    (bytes / ring_secs / 1e9, bytes / ipc_secs / 1e9)
}

fn main() {
    let iters = env_usize("RING_BENCH_ITERS", 20_000);
    let bulk_count = env_usize("RING_BENCH_BULK", 2000);
    pin(0);
    println!(
        "ring transport vs ipc-channel, forked peer process, {} CPUs{}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        if std::env::var("RING_BENCH_PIN").is_ok_and(|v| v == "1") { ", pinned" } else { "" }
    );
    null_round_trip(iters);
    for capacity in [MIB, 256 << 10] {
        let config = RingConfig { capacity, ..RingConfig::default() };
        let (ring_gbs, ipc_gbs) = bulk(MIB, bulk_count, &config);
        println!(
            "bulk 1 MiB x {bulk_count} ({} KiB ring): ring {ring_gbs:.2} GB/s | ipc-channel {ipc_gbs:.2} GB/s | ratio {:.1}x",
            capacity >> 10,
            ring_gbs / ipc_gbs
        );
    }
}
