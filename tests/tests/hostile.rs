//! A runtime that breaks the protocol is ended by the kernel with a logged reason; the
//! kernel itself neither crashes nor hangs, and exits with a status of its own.
//!
//! The hostile runtime (`src/bin/hostile-runtime.rs`) is installed as `sandbox-wasm` in
//! a runtime directory of the test's, so the real kernel spawns it, confined, over
//! real rings.

use std::os::unix::fs::PermissionsExt;

use tests::{Fixture, Run};

fn run_hostile(mode: &str) -> Run {
    run_hostile_with(mode, "", &[])
}

fn run_hostile_with(mode: &str, policy_extra: &str, kernel_opts: &[&str]) -> Run {
    let f = Fixture::new();
    // The runtime starts in a new user namespace as an unmapped user: the directory it
    // is executed from must be reachable by everyone, as an installed one would be.
    std::fs::set_permissions(f.dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let rt = f.path("runtimes");
    std::fs::create_dir(&rt).unwrap();
    std::fs::set_permissions(&rt, std::fs::Permissions::from_mode(0o755)).unwrap();
    // The mode rides at the end of the executable: the confined kernel lets a runtime
    // read its own binary and nothing else of the host.
    let mut binary = std::fs::read(env!("CARGO_BIN_EXE_hostile-runtime")).unwrap();
    binary.extend_from_slice(format!("\n{}{mode}\n", tests::HOSTILE_MODE_TAG).as_bytes());
    std::fs::write(rt.join("sandbox-wasm"), binary).unwrap();
    std::fs::set_permissions(rt.join("sandbox-wasm"), std::fs::Permissions::from_mode(0o755))
        .unwrap();
    f.write("app/victim.wasm", b"\0asm\x01\0\0\0");
    f.policy(&format!("[[mount]]\nhost = \"app\"\npath = \"/app\"\n{policy_extra}"));
    let mut opts = vec!["--runtime-dir", rt.to_str().unwrap()];
    opts.extend_from_slice(kernel_opts);
    f.run_with(&["/app/victim.wasm"], &opts, b"", &[])
}

#[track_caller]
fn assert_killed_for_violation(mode: &str, reason: &str) {
    let run = run_hostile(mode);
    // 137 = 128 + SIGKILL: the kernel killed the runtime. The kernel's own exit is a
    // normal one (a code, not a signal).
    run.assert_code(137);
    assert!(run.log.contains("protocol violation"), "{mode}: no violation logged:\n{}", run.log);
    assert!(run.log.contains(reason), "{mode}: reason {reason:?} not logged:\n{}", run.log);
    assert!(!run.log.contains("never reacted"), "{mode}: the kernel did not react:\n{}", run.log);
}

#[test]
fn undecodable_bytes_end_the_runtime() {
    assert_killed_for_violation("garbage", "undecodable request");
}

#[test]
fn a_request_before_the_handshake_ends_the_runtime() {
    assert_killed_for_violation("no-hello", "first request was not the handshake");
}

#[test]
fn a_foreign_protocol_version_ends_the_runtime() {
    assert_killed_for_violation("bad-version", "protocol version 999");
}

#[test]
fn a_corrupted_ring_index_ends_the_runtime() {
    assert_killed_for_violation("corrupt-tail", "protocol violation");
}

#[test]
fn a_frame_with_a_lying_length_ends_the_runtime() {
    assert_killed_for_violation("lying-length", "protocol violation");
}

#[test]
fn a_runtime_dying_mid_request_releases_the_kernel() {
    // It asked for a 60 s sleep and died: the kernel notices at once (pidfd), reports
    // the runtime's own status (were it to wait out the sleep, this test would take
    // a minute).
    let run = run_hostile("die");
    run.assert_code(3);
    assert!(run.log.contains("without reporting the program's exit"), "{}", run.log);
}

#[test]
fn a_runtime_that_never_greets_is_ended_at_the_hello_timeout() {
    let run = run_hostile_with("silent", "", &["--hello-timeout-ms", "500"]);
    run.assert_code(137);
    assert!(run.log.contains("no handshake within the hello timeout"), "{}", run.log);
    assert!(!run.log.contains("never reacted"), "{}", run.log);
}

/// A runtime that floods submissions and never reads a completion fills both rings and
/// blocks its own serving thread; the kernel keeps serving the sandbox's other process,
/// which kills the flooder and reaps it (init exits 0 only if all of that held).
#[test]
fn a_flooding_runtime_that_never_reads_blocks_only_itself() {
    let run = run_hostile_with(
        "flood",
        "\n[process]\nspawn = [\"victim.wasm\"]\n",
        &["--ring-bytes", "65536"],
    );
    run.assert_code(0);
    assert!(!run.log.contains("serving threads still running"), "{}", run.log);
}
