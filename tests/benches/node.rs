//! `kernel run node` beside host `node`, in the same run (prints medians and ratios;
//! no assertion on time, only on what the programs print):
//!
//! - **start**: from spawning the process to the first user statement, seen as the
//!   first byte the program writes on stdout: `kernel ... run node -e` (a cold
//!   process each time; the Node API comes from the startup snapshot) against
//!   `node -e`. The first sandbox run of the bench is shown on its own (the binaries
//!   and the snapshot may not be in the page cache yet), then the median of the rest.
//! - **compute**: a few hundred milliseconds of pure JavaScript (numeric loops,
//!   objects and arrays, strings), timed inside the program by `performance.now()`;
//!   both must print the same checksum. Speed is host time / sandbox time.
//! - **fs**: `writeFileSync` + `readFileSync` + `statSync` + `unlinkSync` in a loop,
//!   in the sandbox's in-memory `/tmp` and, for host node, in a scratch directory
//!   (in `/dev/shm` when there is one); operations per second, timed inside the
//!   program.
//!
//! `cargo bench -p tests --bench node [-- <runs>]`. The kernel and sandbox-node are the
//! release build (`cargo build --release`, as the README builds it); with
//! `SANDBOX_BENCH_BIN_DIR` set to another directory holding a `kernel` and
//! `sandbox-node` (e.g. `target/debug`), those are measured instead. The output says
//! which.

use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use tests::{release_bin_dir, Fixture};

/// The compute-bound program: prints a checksum line, then the milliseconds its work
/// took.
const COMPUTE: &str = r#"
'use strict';
const t0 = performance.now();
// Numbers: a sieve and a floating-point series.
const N = 2_000_000;
const sieve = new Uint8Array(N + 1);
let primes = 0;
for (let i = 2; i <= N; i++) {
  if (sieve[i] === 0) { primes++; for (let j = i * i; j <= N; j += i) sieve[j] = 1; }
}
let series = 0;
for (let i = 1; i < 3_000_000; i++) series += Math.sin(i) / i;
// Objects and arrays: build, sort, map, filter, reduce, group.
const people = [];
for (let i = 0; i < 200_000; i++) {
  people.push({ id: i, age: (i * 7919) % 97, name: 'p' + ((i * 104729) % 100_003) });
}
people.sort((a, b) => a.age - b.age || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
const groups = new Map();
for (const p of people) groups.set(p.age, (groups.get(p.age) || 0) + 1);
const total = people.filter((p) => p.age % 2).map((p) => p.id % 1000).reduce((a, b) => a + b, 0);
// Strings: building, splitting, a rolling hash.
let text = '';
for (let i = 0; i < 300_000; i++) text += String.fromCharCode(97 + (i * 31) % 26) + (i % 10);
const words = text.match(/[a-z]\d[a-z]\d/g).length;
let hash = 0;
for (let i = 0; i < text.length; i++) hash = (hash * 31 + text.charCodeAt(i)) | 0;
const json = JSON.parse(JSON.stringify(people.slice(0, 20_000))).length;
const ms = performance.now() - t0;
console.log(`checksum ${primes} ${series.toFixed(9)} ${people[0].name} ${groups.size} ${total} ${words} ${hash} ${json}`);
console.log(ms);
"#;

/// The fs program: `node fs.js <dir> <iterations>`; prints a checksum line, then the
/// milliseconds the loop took.
const FS: &str = r#"
'use strict';
const fs = require('fs');
const [dir, count] = [process.argv[2], Number(process.argv[3])];
const data = 'x'.repeat(1024);
let bytes = 0;
const t0 = performance.now();
for (let i = 0; i < count; i++) {
  const file = `${dir}/f${i % 16}.txt`;
  fs.writeFileSync(file, data);
  bytes += fs.readFileSync(file).length;
  bytes += fs.statSync(file).size;
  fs.unlinkSync(file);
}
const ms = performance.now() - t0;
console.log(`checksum ${bytes}`);
console.log(ms);
"#;

/// Operations per iteration of the fs program.
const FS_OPS_PER_ITERATION: f64 = 4.0;

/// Spawns `cmd`, times it to its first stdout byte and to its end; it must succeed
/// and print `want`.
fn first_byte(cmd: &mut Command, want: &[u8]) -> (Duration, Duration) {
    cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let start = Instant::now();
    let mut child = cmd.spawn().expect("spawn");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut first = [0u8; 1];
    stdout.read_exact(&mut first).unwrap_or_else(|e| panic!("{cmd:?}: no output: {e}"));
    let to_first = start.elapsed();
    let mut rest = Vec::new();
    stdout.read_to_end(&mut rest).expect("stdout");
    let out = child.wait_with_output().expect("wait");
    let to_end = start.elapsed();
    assert!(out.status.success(), "{cmd:?}: {}", String::from_utf8_lossy(&out.stderr));
    let mut all = first.to_vec();
    all.extend(rest);
    assert_eq!(all, want, "{cmd:?}");
    (to_first, to_end)
}

/// Runs `cmd` to its end; it must succeed. Its stdout: the checksum line and the
/// milliseconds the program measured.
fn measured(cmd: &mut Command) -> (String, f64) {
    let out = cmd.stdin(Stdio::null()).output().expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{cmd:?}: {stdout}{}", String::from_utf8_lossy(&out.stderr));
    let mut lines = stdout.lines();
    let checksum = lines.next().unwrap_or_else(|| panic!("{cmd:?}: no checksum")).to_string();
    let ms = lines.next().and_then(|l| l.parse().ok()).unwrap_or_else(|| panic!("{stdout}"));
    (checksum, ms)
}

fn median<T: PartialOrd + Copy>(mut v: Vec<T>) -> T {
    v.sort_by(|a, b| a.partial_cmp(b).expect("comparable"));
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let runs: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(20).max(3);
    let (bins, build) = match std::env::var_os("SANDBOX_BENCH_BIN_DIR") {
        Some(dir) => (PathBuf::from(dir), "SANDBOX_BENCH_BIN_DIR (as built there)"),
        None => (release_bin_dir().to_path_buf(), "release"),
    };
    let f = Fixture::new();
    f.write("app/compute.js", COMPUTE);
    f.write("app/fs.js", FS);
    f.policy("[[mount]]\nhost = \"app\"\npath = \"/app\"\nmode = \"ro\"\n");
    let sandbox = |args: &[&str]| {
        let mut c = Command::new(bins.join("kernel"));
        c.arg("--config").arg(f.path("policy.toml")).arg("run").arg("node").args(args);
        c
    };
    let host = |args: &[&str]| {
        let mut c = Command::new("node");
        c.args(args).current_dir(f.dir.path()).env_clear();
        c
    };
    let hello = ["-e", "console.log('x')"];

    // Start: the first sandbox run alone, then medians.
    let (first_run, _) = first_byte(&mut sandbox(&hello), b"x\n");
    let host_start: Vec<_> = (0..runs).map(|_| first_byte(&mut host(&hello), b"x\n")).collect();
    let sandbox_start: Vec<_> =
        (0..runs).map(|_| first_byte(&mut sandbox(&hello), b"x\n")).collect();
    let host_first = median(host_start.iter().map(|r| r.0).collect());
    let host_end = median(host_start.iter().map(|r| r.1).collect());
    let sandbox_first = median(sandbox_start.iter().map(|r| r.0).collect());
    let sandbox_end = median(sandbox_start.iter().map(|r| r.1).collect());

    // Compute: alternating, so both see the same machine load.
    let compute_runs = runs.min(7);
    let mut host_compute = Vec::new();
    let mut sandbox_compute = Vec::new();
    for _ in 0..compute_runs {
        let (want, h) = measured(&mut host(&["app/compute.js"]));
        let (got, s) = measured(&mut sandbox(&["/app/compute.js"]));
        assert_eq!(got, want, "the sandbox computed something else than host node");
        host_compute.push(h);
        sandbox_compute.push(s);
    }
    let host_compute = median(host_compute);
    let sandbox_compute = median(sandbox_compute);

    // fs: the same loop, in memory on both sides where the host allows it.
    let scratch = if std::path::Path::new("/dev/shm").is_dir() {
        tempfile::tempdir_in("/dev/shm")
    } else {
        tempfile::tempdir()
    }
    .expect("scratch directory");
    let scratch_dir = scratch.path().to_str().expect("a UTF-8 scratch path").to_string();
    let iterations = "2000";
    let mut host_fs = Vec::new();
    let mut sandbox_fs = Vec::new();
    for _ in 0..runs.min(7) {
        let (want, h) = measured(&mut host(&["app/fs.js", &scratch_dir, iterations]));
        let (got, s) = measured(&mut sandbox(&["/app/fs.js", "/tmp", iterations]));
        assert_eq!(got, want, "the sandbox's fs loop read something else than host node's");
        host_fs.push(h);
        sandbox_fs.push(s);
    }
    let ops = iterations.parse::<f64>().expect("a number") * FS_OPS_PER_ITERATION;
    let host_ops = ops / (median(host_fs) / 1e3);
    let sandbox_ops = ops / (median(sandbox_fs) / 1e3);

    println!("sandbox-node beside host node ({}), build: {build}", host_version());
    println!("start, to the first user statement (median of {runs} runs; cold processes):");
    println!(
        "  host node -e                     {:9.2} ms   (to exit {:.2} ms)",
        ms(host_first),
        ms(host_end)
    );
    println!(
        "  kernel run node -e               {:9.2} ms   (to exit {:.2} ms; goal 20 ms)",
        ms(sandbox_first),
        ms(sandbox_end)
    );
    println!("  kernel run node -e, first run    {:9.2} ms", ms(first_run));
    println!(
        "  sandbox / host                   {:9.2}x",
        sandbox_first.as_secs_f64() / host_first.as_secs_f64()
    );
    println!("compute, inside the program (median of {compute_runs} runs):");
    println!("  host node                        {host_compute:9.2} ms");
    println!("  sandbox                          {sandbox_compute:9.2} ms");
    println!(
        "  speed, host time / sandbox time  {:9.3}x   (goal >= 0.95x)",
        host_compute / sandbox_compute
    );
    println!(
        "fs, write+read+stat+unlink of 1 KiB files ({iterations} iterations, median of {} runs):",
        runs.min(7)
    );
    println!("  host node ({scratch_dir})  {host_ops:9.0} ops/s");
    println!("  sandbox (/tmp, in the kernel)    {sandbox_ops:9.0} ops/s");
    println!("  sandbox / host                   {:9.3}x", sandbox_ops / host_ops);
}

fn host_version() -> String {
    Command::new("node")
        .arg("--version")
        .output()
        .map(|o| format!("host node {}", String::from_utf8_lossy(&o.stdout).trim()))
        .unwrap_or_else(|_| "host node".into())
}
