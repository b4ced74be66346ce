//! Exhaustion: programs that try to use up something, each ended by the limit the
//! policy documents (`docs/policy.md`), with an audit record where the kernel is the
//! one that enforces it. Fork bombs and process exhaustion are in `processes.rs`,
//! descriptor exhaustion in `syscalls.rs` and `wasi.rs`, memory in `wasi.rs` and
//! `node.rs`.

use std::process::Command;

use tests::Fixture;

fn fixture(limits: &str) -> Fixture {
    let f = Fixture::new();
    f.install_guest("proc-e2e", "app/proc.wasm");
    f.policy(&format!(
        "[[mount]]\nhost = \"app\"\npath = \"/app\"\n\n[process]\nspawn = [\"proc.wasm\"]\n\n\
         [limits]\n{limits}"
    ));
    f
}

#[test]
fn a_pipe_deadlock_ends_at_the_wall_clock_limit() {
    let f = fixture("wall_ms = 1500\n");
    let run = f.run(&["/app/proc.wasm", "deadlock"]);
    run.assert_code(124);
    assert_eq!(run.stdout(), "waiting\n", "the program ran up to its deadlock, not past it");
    assert_eq!(run.audit_rules(), ["limits.wall_ms"]);
}

#[test]
fn a_cpu_spin_without_a_cpu_limit_ends_at_the_wall_clock_limit() {
    let f = fixture("wall_ms = 1500\n");
    f.write("app/spin.js", "for (;;) {}\n");
    let run = f.run(&["node", "/app/spin.js"]);
    run.assert_code(124);
    assert_eq!(run.audit_rules(), ["limits.wall_ms"]);
}

#[test]
fn a_cpu_spin_ends_at_the_cpu_limit() {
    let f = fixture("cpu_ms = 300\n");
    f.write("app/spin.js", "for (;;) {}\n");
    // The backstop: RLIMIT_CPU's hard limit kills the runtime (status 128 + SIGKILL).
    let run = f.run(&["node", "/app/spin.js"]);
    run.assert_code(137);
    assert_eq!(run.audit_rules(), ["limits.cpu_ms"]);
}

#[test]
fn an_output_flood_stops_at_output_bytes() {
    let f = fixture("output_bytes = 100000\n");
    let run = f.run(&["/app/proc.wasm", "spew", "10000000"]);
    // The guest's write fails with EFBIG and Rust's stdout panics: wasm `abort`.
    run.assert_code(134);
    assert_eq!(run.output.stdout.len(), 100_000, "exactly the budget reached the host");
    assert_eq!(run.audit_rules(), ["limits.output_bytes"], "audited once");
}

#[test]
fn deep_recursion_is_a_range_error_as_in_node() {
    let f = fixture("");
    let program = "function f(n) { return f(n + 1) + 1; }\n\
                   try { f(0); } catch (e) { console.log(e instanceof RangeError, e.message); }\n\
                   console.log('still running');\n";
    let script = f.write("app/rec.js", program);
    let host = Command::new("node").arg(&script).output().expect("host node");
    let run = f.run(&["node", "/app/rec.js"]);
    run.assert_code(host.status.code().expect("host node exit code"));
    assert_eq!(run.stdout(), String::from_utf8_lossy(&host.stdout));
    assert_eq!(run.stdout(), "true Maximum call stack size exceeded\nstill running\n");
}

/// A sandbox at its wall-clock limit ends every process, not only init.
#[test]
fn the_wall_clock_limit_ends_children_too() {
    let f = fixture("wall_ms = 1500\n");
    // Init waits for a child that is deadlocked: both wait forever.
    let run = f.run(&["/app/proc.wasm", "wait-deadlocked"]);
    run.assert_code(124);
    assert_eq!(run.stdout(), "waiting\n", "the child got to its deadlock; init never woke");
    assert_eq!(run.audit_rules(), ["limits.wall_ms"]);
    assert!(!run.log.contains("serving threads still running"), "{}", run.log);
}
