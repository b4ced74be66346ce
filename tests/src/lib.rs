//! Helpers shared by the end-to-end tests: build the real binaries and the WASI guest
//! programs once per test binary, lay out a sandbox fixture (policy + host
//! directories), and run the real `kernel` on it.
//!
//! Nothing here stands in for a part of the product: every run is the `kernel`
//! binary, spawning the real `sandbox-wasm`, over real rings.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ has a parent").to_path_buf()
}

/// The cargo target directory this test binary was built into.
pub fn target_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        let dir = PathBuf::from(dir);
        return if dir.is_absolute() { dir } else { workspace_root().join(dir) };
    }
    // <target>/<profile>/deps/<test-binary>
    let exe = std::env::current_exe().expect("current_exe");
    exe.ancestors().nth(3).expect("test binary lives in <target>/<profile>/deps").to_path_buf()
}

fn cargo() -> Command {
    let mut c = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    c.current_dir(workspace_root());
    c
}

fn run_build(mut cmd: Command, what: &str) {
    let out = cmd.output().unwrap_or_else(|e| panic!("cannot run cargo to build {what}: {e}"));
    assert!(
        out.status.success(),
        "building {what} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Directory holding the freshly built `kernel` and `sandbox-wasm` (debug profile).
pub fn bin_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let target = target_dir();
        let mut cmd = cargo();
        // `--workspace --tests` resolves features exactly as `cargo test --workspace`
        // does (dev-dependencies included), so the binaries reuse the dependencies the
        // test build already compiled instead of building them a second time.
        cmd.args(["build", "--workspace", "--bins", "--tests", "--target-dir"]).arg(&target);
        run_build(cmd, "kernel and sandbox-wasm");
        target.join("debug")
    })
}

/// Directory holding the release build of the `kernel` and its runtimes: what the
/// README builds and operators run, so what the benchmarks measure (the tests use
/// [`bin_dir`], whose own crates are unoptimised).
pub fn release_bin_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let target = target_dir();
        let mut cmd = cargo();
        cmd.args([
            "build",
            "--release",
            "-p",
            "kernel",
            "-p",
            "sandbox-wasm",
            "-p",
            "sandbox-node",
        ])
        .arg("--target-dir")
        .arg(&target);
        run_build(cmd, "the release kernel and runtimes");
        target.join("release")
    })
}

/// The path of a WASI guest program from `tests/guests`, built for wasm32-wasip1.
pub fn guest(name: &str) -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    let dir = DIR.get_or_init(|| {
        let target = target_dir().join("guests");
        let mut cmd = cargo();
        cmd.args(["build", "--release", "--target", "wasm32-wasip1", "--manifest-path"])
            .arg(workspace_root().join("tests/guests/Cargo.toml"))
            .arg("--target-dir")
            .arg(&target);
        run_build(cmd, "the WASI guest programs (is the wasm32-wasip1 target installed?)");
        target.join("wasm32-wasip1/release")
    });
    let path = dir.join(format!("{name}.wasm"));
    assert!(path.is_file(), "guest {name} was not built at {}", path.display());
    path
}

/// The commands' install tree (`<dir>/bin/<name>`), built from source by
/// `sandbox-wasm/commands/build.sh` once per test binary; pass it to the kernel as
/// `--commands-dir`.
pub fn commands_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let target = target_dir();
        let dir = target.join("commands-install");
        let mut cmd = Command::new("bash");
        cmd.arg(workspace_root().join("sandbox-wasm/commands/build.sh"))
            .arg(&dir)
            .env("COMMANDS_TARGET_DIR", target.join("commands"));
        run_build(cmd, "the commands (sandbox-wasm/commands)");
        dir
    })
}

/// The module cache the tests' kernels use (never the user's own): pass
/// `SANDBOX_MODULE_CACHE` to use another one.
pub fn module_cache_dir() -> PathBuf {
    target_dir().join("module-cache")
}

/// A sandbox on disk: a temporary directory with `policy.toml` and the host
/// directories it mounts.
pub struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    /// An empty fixture.
    pub fn new() -> Fixture {
        Fixture { dir: tempfile::tempdir().expect("tempdir") }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Writes a file (creating parent directories) relative to the fixture.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(&p, contents).expect("write");
        p
    }

    /// Copies a built guest program into the fixture (e.g. to `app/x.wasm`).
    pub fn install_guest(&self, name: &str, rel: &str) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::copy(guest(name), p).expect("copy guest");
    }

    /// The records of the audit file `audit.jsonl` (which must exist: the policy names
    /// it in `[audit] file`).
    #[track_caller]
    pub fn audit_records(&self) -> Vec<serde_json::Value> {
        let path = self.path("audit.jsonl");
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("no audit file {}: {e}", path.display()));
        text.lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
            .collect()
    }

    /// Writes `policy.toml`.
    pub fn policy(&self, text: &str) -> PathBuf {
        self.write("policy.toml", text)
    }

    /// `kernel --config policy.toml --log-file kernel.log`, using the tests' module
    /// cache ([`module_cache_dir`]): add options, a subcommand and its arguments.
    pub fn kernel(&self) -> Command {
        let mut cmd = Command::new(bin_dir().join("kernel"));
        cmd.arg("--config")
            .arg(self.path("policy.toml"))
            .arg("--log-file")
            .arg(self.path("kernel.log"))
            .env("SANDBOX_MODULE_CACHE", module_cache_dir());
        cmd
    }

    /// Runs `kernel ... --commands-dir <the built commands> exec '<line>'` with stdin
    /// closed: the line under the sandbox's shell, with the real commands at `/bin`.
    pub fn exec(&self, line: &str) -> Output {
        self.kernel()
            .arg("--commands-dir")
            .arg(commands_dir())
            .arg("exec")
            .arg(line)
            .stdin(Stdio::null())
            .output()
            .expect("run kernel exec")
    }

    /// Runs `kernel --config policy.toml --log-file kernel.log run <args>`.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with(args, &[], b"", &[])
    }

    /// As [`Fixture::run`], with extra kernel options, stdin bytes, and environment.
    pub fn run_with(
        &self,
        args: &[&str],
        kernel_opts: &[&str],
        stdin: &[u8],
        env: &[(&str, &str)],
    ) -> Run {
        let log = self.path("kernel.log");
        let _ = std::fs::remove_file(&log);
        let mut cmd = self.kernel();
        if !kernel_opts.contains(&"--log-level") {
            cmd.args(["--log-level", "info"]);
        }
        cmd.args(kernel_opts)
            .arg("run")
            .args(args)
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("spawn kernel");
        let mut input = child.stdin.take().expect("stdin");
        let stdin = stdin.to_vec();
        let feeder = std::thread::spawn(move || {
            // The program may exit without reading everything; that is not an error.
            let _ = input.write_all(&stdin);
        });
        let output = child.wait_with_output().expect("wait kernel");
        feeder.join().expect("stdin feeder");
        Run { output, log: std::fs::read_to_string(&log).unwrap_or_default() }
    }
}

impl Default for Fixture {
    fn default() -> Self {
        Fixture::new()
    }
}

/// How one kernel run ended.
pub struct Run {
    pub output: Output,
    /// The kernel's log file.
    pub log: String,
}

impl Run {
    pub fn code(&self) -> i32 {
        self.output.status.code().unwrap_or(-1)
    }

    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    /// The `rule` of each audit record on the kernel's stderr (where they go when the
    /// policy names no audit file), in order.
    pub fn audit_rules(&self) -> Vec<String> {
        self.stderr()
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| v["rule"].as_str().map(str::to_owned))
            .collect()
    }

    /// Panics with everything known about the run unless it exited with `code`.
    #[track_caller]
    pub fn assert_code(&self, code: i32) -> &Run {
        assert_eq!(
            self.code(),
            code,
            "exit status\n--- stdout\n{}\n--- stderr\n{}\n--- kernel log\n{}",
            self.stdout(),
            self.stderr(),
            self.log
        );
        self
    }
}
/// Marks the mode the hostile runtime (`src/bin/hostile-runtime.rs`) reads from the end
/// of its own executable.
pub const HOSTILE_MODE_TAG: &str = "hostile-mode=";

pub mod conformance;
pub mod host_bash;
pub mod strace;
pub mod syscalls;

/// The node parity suite's directory, `tests/node/parity`.
pub fn node_parity_root() -> PathBuf {
    workspace_root().join("tests/node/parity")
}

/// The node parity programs: `<area>/<file>` for each `.js`, `.mjs` or `.cjs` file
/// directly in an area of [`node_parity_root`], sorted. Subdirectories of an area hold
/// what the programs load (modules, packages, data) and are not run.
pub fn node_parity_programs() -> Vec<String> {
    let mut programs = Vec::new();
    let root = node_parity_root();
    for area in std::fs::read_dir(&root).expect("tests/node/parity") {
        let area = area.expect("dir entry").path();
        if !area.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&area).expect("area dir") {
            let file = file.expect("dir entry").path();
            let is_program = file.is_file()
                && matches!(file.extension().and_then(|e| e.to_str()), Some("js" | "mjs" | "cjs"));
            if is_program {
                let rel = file.strip_prefix(&root).expect("under the root");
                programs.push(rel.to_string_lossy().into_owned());
            }
        }
    }
    programs.sort();
    programs
}

/// Runs the `wasi-e2e` guest, installed in the fixture at `/app/e2e.wasm`, with `args`.
pub fn e2e(f: &Fixture, args: &[&str]) -> Run {
    let mut all = vec!["/app/e2e.wasm"];
    all.extend_from_slice(args);
    f.run(&all)
}

/// Asserts that a `wasi-e2e` run failed (status 1) with WASI errno `errno`, which the
/// guest prints as `(os error N)`.
#[track_caller]
pub fn assert_os_error(run: &Run, errno: i32) {
    run.assert_code(1);
    let want = format!("(os error {errno})");
    assert!(run.stderr().contains(&want), "expected {want} in stderr: {}", run.stderr());
}
