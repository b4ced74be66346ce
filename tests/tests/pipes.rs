//! Pipes, poll and the dup family through the real kernel, driven by `syscall-client`
//! scripts (`tests/src/syscalls.rs`); and WASI `poll_oneoff` on stdin under the real
//! `sandbox-wasm` (`wasi-e2e poll-stdin`).
//!
//! Descriptor numbers are predictable: 0–2 are stdio, 3 the preopened root, so the
//! first pipe of a script is `FdPair(4, 5)`.

use std::io::{Read, Write};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use syscall_proto::fd::{poll, FdRequest, FdStat, FileType, PollFd, FD_CLOEXEC, PIPE_BUF};
use syscall_proto::path::oflags::{O_CLOEXEC, O_NONBLOCK, O_RDONLY, O_WRONLY};
use syscall_proto::time::{Clock, TimeRequest};
use syscall_proto::{Errno, Reply, Request};
use tests::syscalls::req::pipe;
use tests::syscalls::{
    data, install_client, parse_output, req, script_json, ScriptSandbox, PROGRAM,
};
use tests::Fixture;

/// The capacity of a pipe.
const CAPACITY: usize = 64 << 10;

fn dup(fd: i32, min: i32, cloexec: bool) -> Request {
    Request::Fd(FdRequest::Dup { fd, min, cloexec })
}

fn dup3(from: i32, to: i32, flags: Option<u32>) -> Request {
    Request::Fd(FdRequest::Dup3 { from, to, flags })
}

fn get_fd_flags(fd: i32) -> Request {
    Request::Fd(FdRequest::GetFdFlags { fd })
}

fn set_fd_flags(fd: i32, flags: u32) -> Request {
    Request::Fd(FdRequest::SetFdFlags { fd, flags })
}

fn set_flags(fd: i32, flags: u32) -> Request {
    Request::Fd(FdRequest::SetFlags { fd, flags })
}

fn fdstat(fd: i32) -> Request {
    Request::Fd(FdRequest::FdStat { fd })
}

fn poll_fds(fds: &[(i32, u16)], timeout_ms: i32) -> Request {
    let fds = fds.iter().map(|&(fd, events)| PollFd { fd, events }).collect();
    Request::Fd(FdRequest::Poll { fds, timeout_ms })
}

fn now() -> Request {
    Request::Time(TimeRequest::Now { clock: Clock::Monotonic })
}

fn pair(read: i32, write: i32) -> Result<Reply, Errno> {
    Ok(Reply::FdPair(read, write))
}

#[test]
fn a_pipe_carries_bytes_and_ends_when_the_writer_closes() {
    let out = ScriptSandbox::new().run_checked(&[
        pipe(0),
        req::write(5, "hello, pipe"),
        req::read(4, 5),
        req::read(4, 100),
        req::close(5),
        req::read(4, 100),
        req::read(5, 1),
        req::write(4, "x"),
        req::fstat(4),
        fdstat(4),
        fdstat(5),
        req::seek(4, 0, syscall_proto::fd::Whence::Set),
        req::pread(4, 1, 0),
    ]);
    assert_eq!(out[0], pair(4, 5));
    assert_eq!(out[1], Ok(Reply::Written(11)));
    assert_eq!(data(&out[2]), b"hello");
    assert_eq!(data(&out[3]), b", pipe");
    assert_eq!(out[4], Ok(Reply::Unit));
    assert_eq!(data(&out[5]), b"", "end of file once the only writer is closed");
    assert_eq!(out[6], Err(Errno::EBADF), "the write end is closed");
    assert_eq!(out[7], Err(Errno::EBADF), "the read end is not writable");
    match &out[8] {
        Ok(Reply::Stat(s)) => assert_eq!(s.kind, FileType::Fifo),
        other => panic!("{other:?}"),
    }
    assert_eq!(out[9], Ok(Reply::FdStat(FdStat { kind: FileType::Fifo, flags: O_RDONLY })));
    assert_eq!(out[10], Err(Errno::EBADF));
    assert_eq!(out[11], Err(Errno::ESPIPE));
    assert_eq!(out[12], Err(Errno::ESPIPE));
}

#[test]
fn an_empty_nonblocking_pipe_is_eagain() {
    let out = ScriptSandbox::new().run_checked(&[
        pipe(O_NONBLOCK | O_CLOEXEC),
        req::read(4, 10),
        fdstat(4),
        fdstat(5),
        get_fd_flags(4),
        get_fd_flags(5),
        pipe(O_WRONLY),
    ]);
    assert_eq!(out[0], pair(4, 5));
    assert_eq!(out[1], Err(Errno::EAGAIN));
    let flags = |fd_flags| Ok(Reply::FdStat(FdStat { kind: FileType::Fifo, flags: fd_flags }));
    assert_eq!(out[2], flags(O_RDONLY | O_NONBLOCK));
    assert_eq!(out[3], flags(O_WRONLY | O_NONBLOCK));
    assert_eq!(out[4], Ok(Reply::Flags(FD_CLOEXEC)));
    assert_eq!(out[5], Ok(Reply::Flags(FD_CLOEXEC)));
    assert_eq!(out[6], Err(Errno::EINVAL), "pipe2 takes only O_CLOEXEC and O_NONBLOCK");
}

#[test]
fn a_pipe_holds_64_kib() {
    let out = ScriptSandbox::new().run_checked(&[
        pipe(O_NONBLOCK),
        req::write(5, vec![b'a'; 70_000]),
        req::write(5, "x"),
        req::read(4, 70_000),
        req::read(4, 1),
    ]);
    assert_eq!(out[1], Ok(Reply::Written(CAPACITY as u64)), "a non-blocking write takes what fits");
    assert_eq!(out[2], Err(Errno::EAGAIN));
    assert_eq!(data(&out[3]).len(), CAPACITY);
    assert_eq!(out[4], Err(Errno::EAGAIN));
}

#[test]
fn writes_of_pipe_buf_bytes_are_atomic() {
    // Linux counts a pipe's room in pages and fills them differently once a write does
    // not fit whole (`docs/descriptors.md`): those two steps are its page accounting.
    let out = ScriptSandbox::new().run_checked_except(
        &[
            pipe(O_NONBLOCK),
            req::write(5, vec![0u8; CAPACITY - (PIPE_BUF - 1)]),
            req::write(5, vec![1u8; PIPE_BUF]),
            req::write(5, vec![2u8; PIPE_BUF + 1]),
            req::write(5, vec![3u8; PIPE_BUF - 1]),
            req::write(5, "x"),
        ],
        &[
            (3, "a non-blocking 4097-byte write takes the 4095 bytes of room; Linux: 1"),
            (5, "no room is left for 1 byte; Linux: the page accounting leaves room"),
        ],
    );
    assert_eq!(out[1], Ok(Reply::Written((CAPACITY - (PIPE_BUF - 1)) as u64)));
    assert_eq!(out[2], Err(Errno::EAGAIN), "4096 bytes do not fit in 4095: none go in");
    assert_eq!(out[3], Ok(Reply::Written((PIPE_BUF - 1) as u64)), "a bigger write is split");
    assert_eq!(out[4], Err(Errno::EAGAIN));
    assert_eq!(out[5], Err(Errno::EAGAIN));
}

/// A fixture like [`ScriptSandbox`]'s, for runs that do not end with status 0.
fn script_fixture() -> Fixture {
    let f = Fixture::new();
    f.write("app/any.wasm", b"\0asm\x01\0\0\0");
    f.policy("[[mount]]\nhost = \"app\"\npath = \"/app\"\nmode = \"ro\"\n");
    f
}

/// Starts the kernel on `script` with its stdout piped, without waiting. A script too
/// long for one argument goes through the program's stdin.
fn spawn_script(f: &Fixture, script: &[Request]) -> Child {
    let runtimes = install_client(f);
    let json = script_json(script);
    let inline = json.len() <= 64 << 10;
    let mut child = f
        .kernel()
        .args(["--log-level", "info", "--runtime-dir"])
        .arg(runtimes)
        .args(["run", PROGRAM, if inline { &json } else { "-" }])
        .stdin(if inline { Stdio::null() } else { Stdio::piped() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn kernel");
    if let Some(mut stdin) = child.stdin.take() {
        std::thread::spawn(move || {
            let _ = stdin.write_all(json.as_bytes());
        });
    }
    child
}

/// Waits for `child` at most `limit`; kills it and panics when it takes longer.
fn wait_with_limit(child: &mut Child, limit: Duration, log: &std::path::Path) -> i32 {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            return status.code().unwrap_or(-1);
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "the kernel did not exit within {limit:?}\n--- kernel log\n{}",
                std::fs::read_to_string(log).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn writing_to_a_pipe_without_readers_is_epipe_and_sigpipe_ends_the_process() {
    let f = script_fixture();
    let script =
        [pipe(0), req::close(4), req::write(5, "nobody reads this"), req::write(1, "not reached")];
    let mut child = spawn_script(&f, &script);
    let mut stdout = Vec::new();
    child.stdout.take().expect("stdout").read_to_end(&mut stdout).expect("read stdout");
    let code = wait_with_limit(&mut child, Duration::from_secs(60), &f.path("kernel.log"));
    let log = std::fs::read_to_string(f.path("kernel.log")).unwrap_or_default();
    assert_eq!(code, 141, "128 + SIGPIPE\n--- kernel log\n{log}");
    // The process died in the write: no answer was printed for it, nothing after it ran.
    let outcomes = parse_output(&stdout).expect("client output");
    assert_eq!(outcomes, vec![pair(4, 5), Ok(Reply::Unit)]);
    assert!(log.contains("SIGPIPE"), "the kernel logs the signal:\n{log}");
}

#[test]
fn a_broken_stdout_is_sigpipe_too() {
    let f = script_fixture();
    let mut child = spawn_script(&f, &[Request::Proc(syscall_proto::proc::ProcRequest::GetPid)]);
    // `kernel ... | head -c0`: the reader of the kernel's output is gone at once.
    drop(child.stdout.take());
    let code = wait_with_limit(&mut child, Duration::from_secs(60), &f.path("kernel.log"));
    assert_eq!(code, 141);
}

#[test]
fn poll_reports_both_ends_hangups_and_bad_descriptors() {
    let (i, o, hup, err, nval) =
        (poll::POLLIN, poll::POLLOUT, poll::POLLHUP, poll::POLLERR, poll::POLLNVAL);
    let out = ScriptSandbox::new().run_checked(&[
        /* 0 */ pipe(0),
        /* 1 */ poll_fds(&[(4, i | o), (5, i | o)], 0),
        /* 2 */ req::write(5, "x"),
        /* 3 */ poll_fds(&[(4, i), (5, o)], 0),
        /* 4 */ poll_fds(&[(4, o), (5, i)], 0),
        /* 5 */ req::close(5),
        /* 6 */ poll_fds(&[(4, i), (40, i), (-1, i)], 0),
        /* 7 */ req::read(4, 10),
        /* 8 */ poll_fds(&[(4, i)], -1),
        /* 9 */ pipe(O_NONBLOCK),
        /* 10 */ req::close(5),
        /* 11 */ poll_fds(&[(6, o)], 0),
        /* 12 */ req::open("/tmp/f", req::O_CREAT | req::O_RDWR),
        /* 13 */ poll_fds(&[(5, i | o), (3, i)], 0),
        /* 14 */ pipe(O_NONBLOCK),
        /* 15 */ req::write(8, vec![0u8; CAPACITY - PIPE_BUF + 1]),
        /* 16 */ poll_fds(&[(8, o)], 0),
        /* 17 */ poll_fds(&[(1, o), (2, o)], 0),
    ]);
    let polled = |v: &[u16]| Ok(Reply::Polled(v.to_vec()));
    assert_eq!(out[1], polled(&[0, o]), "an empty pipe: only the write end is ready");
    assert_eq!(out[3], polled(&[i, o]));
    assert_eq!(out[4], polled(&[0, 0]), "each end reports its own direction only");
    assert_eq!(out[6], polled(&[i | hup, nval, 0]), "data then hangup; closed; skipped");
    assert_eq!(data(&out[7]), b"x");
    assert_eq!(out[8], polled(&[hup]), "a hangup ends even an endless poll");
    assert_eq!(out[9], pair(5, 6));
    assert_eq!(out[11], polled(&[o | err]), "no reader left");
    assert_eq!(out[12], Ok(Reply::Fd(5)));
    assert_eq!(out[13], polled(&[i | o, i]), "files and directories are always ready");
    assert_eq!(out[14], pair(7, 8));
    assert_eq!(out[16], polled(&[0]), "less than PIPE_BUF free is not writable");
    // The kernel's stdout and stderr: pipes the test drains, asked of the host.
    assert_eq!(out[17], polled(&[o, o]));
}

#[test]
fn poll_waits_for_its_timeout() {
    let out = ScriptSandbox::new().run(&[
        pipe(0),
        now(),
        poll_fds(&[(4, poll::POLLIN)], 300),
        now(),
        req::write(5, "x"),
        poll_fds(&[(4, poll::POLLIN)], 60_000),
        now(),
    ]);
    let t = |o: &Result<Reply, Errno>| match o {
        Ok(Reply::Time(ns)) => *ns,
        other => panic!("{other:?}"),
    };
    assert_eq!(out[2], Ok(Reply::Polled(vec![0])), "timed out");
    let waited = Duration::from_nanos(t(&out[3]) - t(&out[1]));
    assert!(waited >= Duration::from_millis(300), "returned after {waited:?}");
    assert!(waited < Duration::from_secs(10), "returned after {waited:?}");
    assert_eq!(out[5], Ok(Reply::Polled(vec![poll::POLLIN])));
    let ready = Duration::from_nanos(t(&out[6]) - t(&out[3]));
    assert!(ready < Duration::from_secs(10), "a ready descriptor does not wait: {ready:?}");
}

#[test]
fn the_dup_family_shares_descriptions_and_keeps_cloexec_per_descriptor() {
    let out = ScriptSandbox::new().run_checked(&[
        /* 0 */ pipe(0),
        /* 1 */ dup(5, 0, false),
        /* 2 */ req::close(5),
        /* 3 */ req::write(6, "via dup"),
        /* 4 */ dup(4, 10, true),
        /* 5 */ get_fd_flags(10),
        /* 6 */ get_fd_flags(4),
        /* 7 */ set_fd_flags(4, FD_CLOEXEC | 0x100),
        /* 8 */ get_fd_flags(4),
        /* 9 */ set_flags(10, O_NONBLOCK),
        /* 10 */ fdstat(4),
        /* 11 */ req::read(4, 100),
        /* 12 */ req::read(10, 100),
        /* 13 */ dup3(4, 4, None),
        /* 14 */ dup3(4, 4, Some(0)),
        /* 15 */ dup3(4, 20, Some(O_CLOEXEC)),
        /* 16 */ get_fd_flags(20),
        /* 17 */ dup3(10, 20, None),
        /* 18 */ get_fd_flags(20),
        /* 19 */ dup3(4, 21, Some(O_NONBLOCK)),
        /* 20 */ dup3(4, 64, None),
        /* 21 */ dup(4, 64, false),
        /* 22 */ dup(4, -1, false),
        /* 23 */ dup3(40, 7, None),
        /* 24 */ dup3(40, 40, None),
        /* 25 */ dup(40, 0, false),
        /* 26 */ dup(4, 0, false),
        /* 27 */ req::close(6),
        /* 28 */ req::read(20, 100),
    ]);
    assert_eq!(out[1], Ok(Reply::Fd(6)));
    assert_eq!(out[3], Ok(Reply::Written(7)), "the dup keeps the write end open");
    assert_eq!(out[4], Ok(Reply::Fd(10)), "F_DUPFD: the lowest free number at or above 10");
    assert_eq!(out[5], Ok(Reply::Flags(FD_CLOEXEC)));
    assert_eq!(out[6], Ok(Reply::Flags(0)), "FD_CLOEXEC belongs to the descriptor");
    assert_eq!(out[7], Ok(Reply::Unit), "unknown F_SETFD bits are ignored");
    assert_eq!(out[8], Ok(Reply::Flags(FD_CLOEXEC)));
    assert_eq!(
        out[10],
        Ok(Reply::FdStat(FdStat { kind: FileType::Fifo, flags: O_RDONLY | O_NONBLOCK })),
        "status flags belong to the shared description"
    );
    assert_eq!(data(&out[11]), b"via dup");
    assert_eq!(out[12], Err(Errno::EAGAIN));
    assert_eq!(out[13], Ok(Reply::Fd(4)), "dup2(fd, fd) answers fd");
    assert_eq!(out[14], Err(Errno::EINVAL), "dup3(fd, fd) is EINVAL");
    assert_eq!(out[15], Ok(Reply::Fd(20)));
    assert_eq!(out[16], Ok(Reply::Flags(FD_CLOEXEC)));
    assert_eq!(out[17], Ok(Reply::Fd(20)));
    assert_eq!(out[18], Ok(Reply::Flags(0)), "dup2 clears FD_CLOEXEC");
    assert_eq!(out[19], Err(Errno::EINVAL));
    assert_eq!(out[20], Err(Errno::EBADF), "dup2 onto the limit (open_files = 64)");
    assert_eq!(out[21], Err(Errno::EINVAL), "F_DUPFD at the limit");
    assert_eq!(out[22], Err(Errno::EINVAL));
    assert_eq!(out[23], Err(Errno::EBADF));
    assert_eq!(out[24], Err(Errno::EBADF));
    assert_eq!(out[25], Err(Errno::EBADF));
    assert_eq!(out[26], Ok(Reply::Fd(5)), "dup: the lowest free number");
    assert_eq!(data(&out[28]), b"", "the last write descriptor closed: end of file");
}

#[test]
fn pipes_exhaust_the_descriptor_table() {
    let out = ScriptSandbox::new().open_files(9).run_checked(&[
        /* 0 */ pipe(0),
        /* 1 */ pipe(0),
        /* 2 */ pipe(0),
        /* 3 */ req::close(7),
        /* 4 */ dup(4, 0, false),
        /* 5 */ dup(4, 0, false),
        /* 6 */ dup(4, 8, false),
        /* 7 */ dup3(4, 9, None),
        /* 8 */ req::close(8),
        /* 9 */ req::close(7),
        /* 10 */ pipe(0),
        /* 11 */ pipe(0),
    ]);
    assert_eq!(out[0], pair(4, 5));
    assert_eq!(out[1], pair(6, 7));
    assert_eq!(out[2], Err(Errno::EMFILE), "one number left (8), a pipe needs two");
    assert_eq!(out[4], Ok(Reply::Fd(7)));
    assert_eq!(out[5], Ok(Reply::Fd(8)));
    assert_eq!(out[6], Err(Errno::EMFILE));
    assert_eq!(out[7], Err(Errno::EBADF));
    assert_eq!(out[10], pair(7, 8), "closing makes room again");
    assert_eq!(out[11], Err(Errno::EMFILE));
}

/// Runs `script`, whose last request blocks for ever, kills the runtime once it is
/// blocked, and checks that the kernel lets go: it exits 137 (the runtime was killed)
/// instead of waiting for a pipe nobody will ever touch.
fn killed_while_blocked(script: &[Request]) {
    let f = script_fixture();
    let mut child = spawn_script(&f, script);
    let log_path = f.path("kernel.log");
    // Every answer before the last one is printed before the last request is sent.
    let mut stdout = child.stdout.take().expect("stdout");
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    while seen.iter().filter(|&&b| b == b'\n').count() < script.len() - 1 {
        let n = stdout.read(&mut buf).expect("read stdout");
        assert!(n > 0, "the kernel's output ended early: {}", String::from_utf8_lossy(&seen));
        seen.extend_from_slice(&buf[..n]);
    }
    std::thread::sleep(Duration::from_millis(300));
    let log = std::fs::read_to_string(&log_path).unwrap_or_default();
    let host_pid = host_pid(&log).unwrap_or_else(|| panic!("no host_pid in the log:\n{log}"));
    nix::sys::signal::kill(nix::unistd::Pid::from_raw(host_pid), nix::sys::signal::SIGKILL)
        .expect("kill the runtime");
    let code = wait_with_limit(&mut child, Duration::from_secs(20), &log_path);
    assert_eq!(code, 137);
}

/// The runtime's host pid from the kernel's `started` record.
fn host_pid(log: &str) -> Option<i32> {
    let at = log.find("host_pid")? + "host_pid".len();
    let digits: String = log[at..]
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

#[test]
fn a_blocked_read_lets_go_when_the_process_dies() {
    killed_while_blocked(&[pipe(0), req::read(4, 10)]);
}

#[test]
fn a_blocked_write_lets_go_when_the_process_dies() {
    killed_while_blocked(&[pipe(0), req::write(5, vec![0u8; CAPACITY + 1])]);
}

#[test]
fn a_blocked_poll_lets_go_when_the_process_dies() {
    killed_while_blocked(&[pipe(0), poll_fds(&[(4, poll::POLLIN)], -1)]);
}

/// Runs `wasi-e2e poll-stdin <ms>` under the real `sandbox-wasm`, with the kernel's
/// stdin a pipe the test holds: `feed` is written after `delay`, and the pipe is closed
/// after that when `close`. Returns the program's output and how long it ran.
fn poll_stdin(ms: u32, delay: Duration, feed: &[u8], close: bool) -> (String, Duration) {
    let f = Fixture::new();
    f.install_guest("wasi-e2e", "app/wasi-e2e.wasm");
    f.policy("[[mount]]\nhost = \"app\"\npath = \"/app\"\n");
    let start = Instant::now();
    let mut child = f
        .kernel()
        .args(["run", "/app/wasi-e2e.wasm", "poll-stdin", &ms.to_string()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn kernel");
    let mut stdin = child.stdin.take().expect("stdin");
    let feed = feed.to_vec();
    let feeder = std::thread::spawn(move || {
        std::thread::sleep(delay);
        let _ = stdin.write_all(&feed);
        if !close {
            // Hold the pipe open until the program is done.
            std::thread::sleep(Duration::from_secs(30));
        }
    });
    let mut out = String::new();
    child.stdout.take().expect("stdout").read_to_string(&mut out).expect("read stdout");
    let code = wait_with_limit(&mut child, Duration::from_secs(60), &f.path("kernel.log"));
    let elapsed = start.elapsed();
    assert_eq!(
        code,
        0,
        "{out}\n--- kernel log\n{}",
        std::fs::read_to_string(f.path("kernel.log")).unwrap_or_default()
    );
    drop(feeder);
    (out, elapsed)
}

#[test]
fn wasi_poll_oneoff_times_out_on_a_quiet_stdin() {
    let (out, elapsed) = poll_stdin(300, Duration::ZERO, b"", false);
    assert_eq!(out, "timeout\n");
    assert!(elapsed >= Duration::from_millis(300), "{elapsed:?}");
}

#[test]
fn wasi_poll_oneoff_wakes_when_stdin_gets_data() {
    let (out, elapsed) = poll_stdin(60_000, Duration::from_millis(200), b"x", false);
    assert_eq!(out, "ready\n");
    assert!(elapsed < Duration::from_secs(30), "{elapsed:?}");
}

#[test]
fn wasi_poll_oneoff_reports_a_closed_stdin_as_hangup() {
    let (out, _) = poll_stdin(60_000, Duration::ZERO, b"", true);
    assert_eq!(out, "ready hangup\n");
}
