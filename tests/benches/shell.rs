//! `kernel exec '<line>'` beside host bash, in the same run: `echo hi` with a cold
//! module cache (the shell is compiled before it runs) and a warm one, and a pipeline of
//! real commands (`seq 1 200000 | sort -n | tail -1`). Prints medians and ratios.
//!
//! `cargo bench -p tests --bench shell [-- <runs>]`. The kernel is the debug build the
//! tests use (dependencies optimised, see the root Cargo.toml).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use tests::{commands_dir, release_bin_dir, Fixture};

/// Runs `cmd` once; it must succeed and print `want`.
fn time(cmd: &mut Command, want: &[u8]) -> Duration {
    cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let start = Instant::now();
    let out = cmd.output().expect("run");
    let took = start.elapsed();
    assert!(out.status.success(), "{cmd:?}: {}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.stdout, want, "{cmd:?}");
    took
}

fn median(runs: usize, mut one: impl FnMut() -> Duration) -> Duration {
    let mut v: Vec<Duration> = (0..runs).map(|_| one()).collect();
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let runs: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(20).max(1);
    let f = Fixture::new();
    f.policy("[process]\nspawn = [\"*\"]\n");
    let exec = |cache: &Path, line: &str| {
        let mut c = Command::new(release_bin_dir().join("kernel"));
        c.arg("--config")
            .arg(f.path("policy.toml"))
            .arg("--commands-dir")
            .arg(commands_dir())
            .arg("--module-cache")
            .arg(cache)
            .args(["exec", line]);
        c
    };
    let bash = |line: &str| {
        let mut c = Command::new("bash");
        c.args(["-c", line]).env_clear().env("PATH", "/usr/bin:/bin").env("LC_ALL", "C");
        c
    };
    let pipeline = "seq 1 200000 | sort -n | tail -1";

    let host_echo = median(runs, || time(&mut bash("echo hi"), b"hi\n"));
    // Cold: an empty cache each time (compiling the shell dominates; two runs).
    let mut cold_runs = 0;
    let cold = median(2, || {
        cold_runs += 1;
        time(&mut exec(&f.path(&format!("cold-{cold_runs}")), "echo hi"), b"hi\n")
    });
    let warm_dir = f.path("warm");
    time(&mut exec(&warm_dir, "echo hi"), b"hi\n");
    time(&mut exec(&warm_dir, pipeline), b"200000\n");
    let warm = median(runs, || time(&mut exec(&warm_dir, "echo hi"), b"hi\n"));
    let host_pipe = median(runs.min(10), || time(&mut bash(pipeline), b"200000\n"));
    let pipe = median(runs.min(10), || time(&mut exec(&warm_dir, pipeline), b"200000\n"));

    println!(
        "exec with the release kernel, median of {runs} runs (cold: 2; pipeline: {}):",
        runs.min(10)
    );
    println!("  host bash -c 'echo hi'       {:9.2} ms", ms(host_echo));
    println!("  exec 'echo hi', warm cache   {:9.2} ms   (goal 10 ms)", ms(warm));
    println!("  exec 'echo hi', cold cache   {:9.2} ms", ms(cold));
    println!(
        "  warm / host                  {:9.1}x",
        warm.as_secs_f64() / host_echo.as_secs_f64()
    );
    println!("  host bash: {pipeline}   {:9.2} ms", ms(host_pipe));
    println!("  exec:      {pipeline}   {:9.2} ms", ms(pipe));
    println!(
        "  sandbox / host               {:9.1}x",
        pipe.as_secs_f64() / host_pipe.as_secs_f64()
    );
}
