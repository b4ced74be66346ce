//! `kernel run echo hi` with a cold module cache (the commands' module is compiled, in a
//! confined process, before it runs), with a warm one (the artifact is mapped), and
//! without a cache (the runtime compiles as it starts), beside the host's `/bin/echo`,
//! in the same run. Prints the median of each and the ratios.
//!
//! `cargo bench -p tests --bench commands [-- <warm runs>]`. The kernel is the release
//! build (`cargo build --release`, as the README builds it).

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use tests::{commands_dir, release_bin_dir, Fixture};

fn time(mut cmd: Command) -> Duration {
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let start = Instant::now();
    let out = cmd.output().expect("run");
    let took = start.elapsed();
    assert!(out.status.success(), "{cmd:?}: {}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.stdout, b"hi\n", "{cmd:?}");
    took
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let warm_runs: usize =
        std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(30).max(1);
    let f = Fixture::new();
    f.policy("");
    let kernel = |cache: Option<&std::path::Path>| {
        let mut c = Command::new(release_bin_dir().join("kernel"));
        c.arg("--config").arg(f.path("policy.toml")).arg("--commands-dir").arg(commands_dir());
        match cache {
            Some(dir) => c.arg("--module-cache").arg(dir),
            None => c.arg("--no-module-cache"),
        };
        c.args(["run", "echo", "hi"]);
        c
    };

    let host =
        median((0..warm_runs).map(|_| time(Command::new("/bin/echo").tap_arg("hi"))).collect());
    // Cold: an empty cache each time (compiling dominates; two runs).
    let cold = median(
        (0..2)
            .map(|i| {
                let dir = f.path(&format!("cold-{i}"));
                time(kernel(Some(&dir)))
            })
            .collect(),
    );
    let warm_dir = f.path("warm");
    time(kernel(Some(&warm_dir)));
    let warm = median((0..warm_runs).map(|_| time(kernel(Some(&warm_dir)))).collect());
    let uncached = time(kernel(None));

    println!("run echo hi, median of {warm_runs} warm runs, 2 cold:");
    println!("  host /bin/echo           {:9.2} ms", ms(host));
    println!("  sandbox, warm cache      {:9.2} ms", ms(warm));
    println!("  sandbox, cold cache      {:9.2} ms", ms(cold));
    println!("  sandbox, no cache (JIT)  {:9.2} ms", ms(uncached));
    println!("  cold / warm              {:9.1}x", cold.as_secs_f64() / warm.as_secs_f64());
    println!("  warm / host              {:9.1}x", warm.as_secs_f64() / host.as_secs_f64());
}

trait TapArg {
    fn tap_arg(self, arg: &str) -> Self;
}

impl TapArg for Command {
    fn tap_arg(mut self, arg: &str) -> Self {
        self.arg(arg);
        self
    }
}
