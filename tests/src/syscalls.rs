//! System calls through the real rings, and the same calls on the host's Linux.
//!
//! `syscall-client` (`src/bin/syscall-client.rs`) is a runtime that runs a *script*
//! instead of a program. A test installs it as `sandbox-wasm` in a runtime directory of
//! its own ([`install_client`]) and runs the real `kernel` with `--runtime-dir`; the
//! kernel spawns and confines it exactly like the real runtime, and the client sends
//! every request of the script over the rings.
//!
//! # The script
//!
//! A JSON array of [`syscall_proto::Request`] values in serde_json's representation of
//! the real enum, e.g.
//!
//! ```text
//! [{"Path":{"Open":{"dirfd":-100,"path":[47,116,109,112,47,102],"flags":66,"mode":420}}},
//!  {"Fd":{"Write":{"fd":-1048576,"data":[104,105]}}}]
//! ```
//!
//! It is `argv[1]` of the program, or `-` to read it from the program's stdin (through
//! the kernel), which [`run_script`] does for scripts too long for one argument.
//!
//! **Descriptor slots.** A descriptor field (`fd`, `dirfd`, `old_dirfd`, `new_dirfd`,
//! `from`, `to`) holding [`fd_of(n)`](fd_of) stands for the descriptor that step `n`
//! returned (`Reply::Fd`), or `-1` when that step failed. Descriptor numbers are also
//! predictable (lowest free, from [`FIRST_FD`]); slots keep scripts right when an
//! earlier step fails.
//!
//! **Pid slots.** The `pid`, `pgid` and `pgroup` fields resolve [`fd_of(n)`](fd_of) the same
//! way, from a step that answered `Pid(n)` or `Waited { pid: n, .. }`; and
//! [`neg_of(n)`](neg_of) stands for minus that pid (a process group for `Kill` and
//! `Wait`).
//!
//! **Client steps.** Beside requests, a step may be one of these strings: `"Crash"`,
//! where the client dies of `SIGSEGV` (a runtime that crashes); `"Env"` and `"Args"`,
//! answered by the client itself with `Data`: its environment as `NAME=value` strings,
//! or its `argv`, each followed by a NUL. A `Proc(Exit { code })` step
//! ends the script after its answer, and the client exits with `code`.
//!
//! # The output
//!
//! One JSON line per request, written to the program's stdout *through the kernel*
//! (`Fd(Write { fd: 1 })`):
//!
//! ```text
//! {"i":0,"ok":{"Fd":4}}
//! {"i":1,"ok":{"Data":[104,105]},"len":2,"text":"hi"}
//! {"i":2,"err":"ENOENT","errno":2}
//! ```
//!
//! A line also carries `"signals":[N,...]` when the kernel sent `Event::Signal`s
//! with that answer ([`parse_signals`]).
//!
//! `ok` is the [`Reply`] in serde_json's representation; `text` is a lossy UTF-8
//! rendering of the first 4 KiB of a `Data` reply, for people. A step that is not a
//! request is reported as `{"i":N,"bad":"<why>"}` and ends the script (exit status 2).
//! After the last step the client reports `Proc(Exit { code: 0 })` and exits 0.
//!
//! # The same script on Linux
//!
//! `syscall-client --host` runs a script with the host's system calls instead, in a
//! private mount namespace chrooted into a directory laid out like the sandbox
//! ([`HostLayout`]: a real tmpfs at `/tmp`, bind mounts for the policy's mounts,
//! read-only ones read-only), with the descriptor table laid out as the kernel lays
//! out a program's (0–2 stdio, 3 the root directory) and `RLIMIT_NOFILE` at the
//! policy's `open_files`. So the same script gives the same descriptor numbers, the
//! same `EMFILE` point, and answers to compare with the kernel's: [`ScriptSandbox`]
//! runs a script both ways, [`Norm`] compares what is comparable.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use syscall_proto::fd::{FileType, AT_FDCWD};
use syscall_proto::{Errno, Reply, Request};

use crate::{bin_dir, Fixture, Run};

/// The program every script run names: any file will do, the client never reads it.
pub const PROGRAM: &str = "/app/any.wasm";

/// The first descriptor a program's `open` gets: 0–2 are stdio, 3 the preopened root.
pub const FIRST_FD: i32 = 4;

/// The preopened root directory.
pub const ROOT_FD: i32 = 3;

/// Slot references are the numbers at and below this one (see the module docs).
const SLOT_BASE: i32 = -(1 << 20);

/// The fields of a request that hold a descriptor or a pid (where slot references are
/// resolved).
const FD_KEYS: &[&str] =
    &["fd", "dirfd", "old_dirfd", "new_dirfd", "from", "to", "pid", "pgid", "pgroup"];

/// Negated slot references are the numbers at and below this one (see the module docs).
const NEG_SLOT_BASE: i32 = -(1 << 24);

/// Scripts longer than this go through stdin instead of `argv[1]` (Linux allows 128 KiB
/// for one argument).
const MAX_INLINE_SCRIPT: usize = 64 << 10;

/// Most bytes of a `Data` reply rendered as `text`.
const TEXT_PREVIEW: usize = 4096;

/// The descriptor step `step` of the script returned (a slot reference).
pub const fn fd_of(step: usize) -> i32 {
    SLOT_BASE - step as i32
}

/// Minus the pid step `step` of the script returned (a negated slot reference).
pub const fn neg_of(step: usize) -> i32 {
    NEG_SLOT_BASE - step as i32
}

/// What a request came back with.
pub type Outcome = Result<Reply, Errno>;

/// The bytes of a `Data` outcome; panics on any other.
#[track_caller]
pub fn data(outcome: &Outcome) -> &[u8] {
    match outcome {
        Ok(Reply::Data(d)) => d,
        other => panic!("expected data, got {other:?}"),
    }
}

/// One line of the client's output.
#[derive(Debug, Serialize, Deserialize)]
pub struct Line {
    pub i: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ok: Option<Reply>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub err: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errno: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub len: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bad: Option<String>,
    /// Signals the kernel delivered with this answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signals: Option<Vec<i32>>,
}

impl Line {
    fn new(i: usize, outcome: Outcome) -> Line {
        let mut line = Line {
            i,
            ok: None,
            err: None,
            errno: None,
            len: None,
            text: None,
            bad: None,
            signals: None,
        };
        match outcome {
            Ok(reply) => {
                if let Reply::Data(d) = &reply {
                    line.len = Some(d.len());
                    line.text =
                        Some(String::from_utf8_lossy(&d[..d.len().min(TEXT_PREVIEW)]).into_owned());
                }
                line.ok = Some(reply);
            }
            Err(e) => {
                line.err = Some(e.name().map_or_else(|| format!("Errno({})", e.0), str::to_owned));
                line.errno = Some(e.0);
            }
        }
        line
    }

    fn outcome(self) -> Result<Outcome, String> {
        match (self.ok, self.errno, self.bad) {
            (_, _, Some(bad)) => Err(format!("step {} is not a request: {bad}", self.i)),
            (Some(reply), None, None) => Ok(Ok(reply)),
            (None, Some(n), None) => Ok(Err(Errno(n))),
            _ => Err(format!("line {} has neither `ok` nor `errno`", self.i)),
        }
    }
}

/// Replaces slot references in the descriptor fields of `step` (see the module docs).
fn resolve_slots(step: &mut Value, fds: &[Option<i32>]) {
    match step {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                if FD_KEYS.contains(&key.as_str()) {
                    if let Some(n) = value.as_i64().filter(|n| *n <= i64::from(NEG_SLOT_BASE)) {
                        let step = (i64::from(NEG_SLOT_BASE) - n) as usize;
                        if let Some(pid) = fds.get(step) {
                            *value = Value::from(pid.map_or(1, |p| -p));
                            continue;
                        }
                    }
                    if let Some(n) = value.as_i64().filter(|n| *n <= i64::from(SLOT_BASE)) {
                        let step = (i64::from(SLOT_BASE) - n) as usize;
                        if let Some(fd) = fds.get(step) {
                            *value = Value::from(fd.unwrap_or(-1));
                            continue;
                        }
                    }
                }
                resolve_slots(value, fds);
            }
        }
        // Byte strings are arrays of numbers: nothing to resolve there.
        Value::Array(items) if items.first().is_some_and(|v| !v.is_number()) => {
            items.iter_mut().for_each(|v| resolve_slots(v, fds));
        }
        _ => {}
    }
}

/// What runs a script's requests: the kernel over the rings, or the host's Linux.
pub trait Syscalls {
    /// Performs one request. `Err` only when the requests cannot go on at all.
    ///
    /// # Errors
    /// The transport to the kernel broke.
    fn call(&mut self, request: Request) -> Result<Outcome, String>;

    /// Writes one output line (newline included) to the program's stdout.
    ///
    /// # Errors
    /// The line could not be written.
    fn emit(&mut self, line: &[u8]) -> Result<(), String>;

    /// Signals delivered since the last call (the kernel's `Event::Signal`s).
    fn take_signals(&mut self) -> Vec<i32> {
        Vec::new()
    }

    /// The program's environment (`"Env"`), `NAME=value` and a NUL each.
    fn environment(&mut self) -> Vec<u8> {
        Vec::new()
    }

    /// The program's arguments (`"Args"`), each with a NUL.
    fn arguments(&mut self) -> Vec<u8> {
        Vec::new()
    }

    /// Dies of `SIGSEGV` (the `"Crash"` step).
    fn crash(&mut self) -> ! {
        // SAFETY: deliberately not: a write to an unmapped page, for the fault.
        unsafe { std::ptr::with_exposed_provenance_mut::<u8>(8).write_volatile(1) };
        std::process::abort()
    }
}

/// Why a script stopped early.
#[derive(Debug)]
pub enum Stop {
    /// The script is not a JSON array, or a step is not a request.
    BadScript(String),
    /// [`Syscalls`] failed.
    Broken(String),
    /// A `Proc(Exit { code })` step: the client exits with `code`.
    Exit(i32),
}

/// Runs a script (the JSON text): each request through `sys`, each answer as a line
/// through `sys.emit`. Shared by both modes of `syscall-client`.
///
/// # Errors
/// [`Stop`]: a malformed script (a bad step is reported with a `bad` line first), or a
/// failure of `sys`.
pub fn execute(script: &[u8], sys: &mut dyn Syscalls) -> Result<(), Stop> {
    let steps: Vec<Value> = serde_json::from_slice(script)
        .map_err(|e| Stop::BadScript(format!("the script is not a JSON array: {e}")))?;
    let mut fds: Vec<Option<i32>> = Vec::with_capacity(steps.len());
    for (i, mut step) in steps.into_iter().enumerate() {
        let local = match step.as_str() {
            Some("Crash") => sys.crash(),
            Some("Env") => Some(sys.environment()),
            Some("Args") => Some(sys.arguments()),
            _ => None,
        };
        if let Some(data) = local {
            fds.push(None);
            sys.emit(&to_line(&Line::new(i, Ok(Reply::Data(data))))).map_err(Stop::Broken)?;
            continue;
        }
        resolve_slots(&mut step, &fds);
        let request = match serde_json::from_value::<Request>(step) {
            Ok(r) => r,
            Err(e) => {
                let mut line = Line::new(i, Ok(Reply::Unit));
                line.ok = None;
                line.bad = Some(e.to_string());
                sys.emit(&to_line(&line)).map_err(Stop::Broken)?;
                return Err(Stop::BadScript(format!("step {i} is not a request: {e}")));
            }
        };
        let exit = match &request {
            Request::Proc(syscall_proto::proc::ProcRequest::Exit { code }) => Some(*code),
            _ => None,
        };
        let outcome = sys.call(request).map_err(Stop::Broken)?;
        fds.push(match outcome {
            Ok(Reply::Fd(n) | Reply::Pid(n) | Reply::Waited { pid: n, .. }) => Some(n),
            _ => None,
        });
        let mut line = Line::new(i, outcome);
        let signals = sys.take_signals();
        if !signals.is_empty() {
            line.signals = Some(signals);
        }
        sys.emit(&to_line(&line)).map_err(Stop::Broken)?;
        if let Some(code) = exit {
            return Err(Stop::Exit(code));
        }
    }
    Ok(())
}

fn to_line(line: &Line) -> Vec<u8> {
    let mut out = match &line.ok {
        Some(Reply::Data(d)) if d.len() > FAST_DATA => data_line(line, d),
        _ => serde_json::to_vec(line).expect("a Line always serializes"),
    };
    out.push(b'\n');
    out
}

/// `Data` replies longer than this are written and read by hand rather than through
/// serde (the same JSON): this crate is built unoptimised, and serde's generic code
/// instantiated here takes seconds for the 16 MiB of a maximal read.
const FAST_DATA: usize = 64 << 10;

/// What `serde_json::to_vec(line)` gives for a `Data` line, built by hand.
fn data_line(line: &Line, data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() * 4 + TEXT_PREVIEW * 2 + 64);
    out.extend_from_slice(format!("{{\"i\":{},\"ok\":{{\"Data\":[", line.i).as_bytes());
    let digits: Vec<Vec<u8>> = (0..=255u8).map(|b| b.to_string().into_bytes()).collect();
    for (n, b) in data.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        out.extend_from_slice(&digits[*b as usize]);
    }
    out.extend_from_slice(b"]}");
    if let Some(len) = line.len {
        out.extend_from_slice(format!(",\"len\":{len}").as_bytes());
    }
    if let Some(text) = &line.text {
        out.extend_from_slice(b",\"text\":");
        out.extend_from_slice(&serde_json::to_vec(text).expect("a string serializes"));
    }
    out.push(b'}');
    out
}

/// Parses a line written by [`data_line`]; `None` for any other line.
fn parse_data_line(text: &[u8]) -> Option<(usize, Vec<u8>)> {
    const PREFIX: &[u8] = b"{\"i\":";
    const DATA: &[u8] = b",\"ok\":{\"Data\":[";
    if text.len() <= FAST_DATA || !text.starts_with(PREFIX) {
        return None;
    }
    let rest = &text[PREFIX.len()..];
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    let i: usize = std::str::from_utf8(&rest[..digits]).ok()?.parse().ok()?;
    let rest = rest[digits..].strip_prefix(DATA)?;
    let mut data = Vec::with_capacity(rest.len() / 2);
    let mut value: u32 = 0;
    let mut any = false;
    for &b in rest {
        match b {
            b'0'..=b'9' => {
                value = value * 10 + u32::from(b - b'0');
                any = true;
            }
            b',' | b']' if any => {
                data.push(u8::try_from(value).ok()?);
                value = 0;
                any = false;
                if b == b']' {
                    return Some((i, data));
                }
            }
            b']' => return Some((i, data)),
            _ => return None,
        }
    }
    None
}

/// Parses the client's output back into one outcome per request.
///
/// # Errors
/// When a line is not one of the client's, is out of order, or reports a bad step.
pub fn parse_output(stdout: &[u8]) -> Result<Vec<Outcome>, String> {
    let mut out = Vec::new();
    for (n, text) in stdout.split(|&b| b == b'\n').filter(|l| !l.is_empty()).enumerate() {
        let (i, outcome) = match parse_data_line(text) {
            Some((i, data)) => (i, Ok(Reply::Data(data))),
            None => {
                let line: Line = serde_json::from_slice(text).map_err(|e| {
                    let text = String::from_utf8_lossy(&text[..text.len().min(200)]).into_owned();
                    format!("output line {n} is not the client's: {e}: {text}")
                })?;
                (line.i, line.outcome()?)
            }
        };
        if i != n {
            return Err(format!("output line {n} reports step {i}"));
        }
        out.push(outcome);
    }
    Ok(out)
}

/// The signals each line of the client's output reports (`(step, signals)`, for the
/// lines that report some).
///
/// # Errors
/// When a line is not one of the client's.
pub fn parse_signals(stdout: &[u8]) -> Result<Vec<(usize, Vec<i32>)>, String> {
    let mut out = Vec::new();
    for text in stdout.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        if parse_data_line(text).is_some() {
            continue;
        }
        let line: Line = serde_json::from_slice(text).map_err(|e| e.to_string())?;
        if let Some(s) = line.signals {
            out.push((line.i, s));
        }
    }
    Ok(out)
}

/// The client serialized for a script.
pub fn script_json(script: &[Request]) -> String {
    serde_json::to_string(script).expect("requests always serialize")
}

/// Installs `syscall-client` as `sandbox-wasm` in `<fixture>/runtimes` (once) and
/// returns that directory, for `--runtime-dir`.
pub fn install_client(fixture: &Fixture) -> PathBuf {
    let dir = fixture.path("runtimes");
    let bin = dir.join("sandbox-wasm");
    if !bin.exists() {
        std::fs::create_dir_all(&dir).expect("mkdir runtimes");
        std::fs::copy(bin_dir().join("syscall-client"), &bin).expect("install syscall-client");
    }
    dir
}

/// A script's run through the real kernel.
pub struct ScriptRun {
    /// One outcome per request, in order.
    pub outcomes: Vec<Outcome>,
    pub run: Run,
}

/// Runs `script` as [`PROGRAM`] in the sandbox of `fixture`, whose `policy.toml` must
/// mount a directory holding it at `/app` (see [`ScriptSandbox`]). Panics, with the
/// kernel's log, unless every request was answered and the client exited 0.
#[track_caller]
pub fn run_script(fixture: &Fixture, script: &[Request]) -> ScriptRun {
    let runtimes = install_client(fixture);
    let json = script_json(script);
    let (arg, stdin) =
        if json.len() > MAX_INLINE_SCRIPT { ("-", json.as_bytes()) } else { (&json[..], &b""[..]) };
    let run = fixture.run_with(
        &[PROGRAM, arg],
        &["--runtime-dir", runtimes.to_str().expect("UTF-8 fixture path")],
        stdin,
        &[],
    );
    let outcomes = parse_output(&run.output.stdout);
    match outcomes {
        Ok(outcomes) if outcomes.len() == script.len() && run.code() == 0 => {
            ScriptRun { outcomes, run }
        }
        other => panic!(
            "the script did not run to the end ({} of {} answers: {:?}); status {}\n--- \
             stderr\n{}\n--- kernel log\n{}",
            other.as_ref().map_or(0, Vec::len),
            script.len(),
            other.err(),
            run.code(),
            run.stderr(),
            run.log
        ),
    }
}

/// Runs `script` in the sandbox of `fixture` (see [`run_script`]) and returns one
/// outcome per request.
#[track_caller]
pub fn run_syscalls(fixture: &Fixture, script: &[Request]) -> Vec<Outcome> {
    run_script(fixture, script).outcomes
}

/// A directory laid out as a sandbox's namespace, for `syscall-client --host`.
#[derive(Debug, Clone)]
pub struct HostLayout {
    /// The directory that becomes `/` (created when missing).
    pub root: PathBuf,
    /// Sandbox paths that get a fresh tmpfs (mode 1777, as the kernel's `/tmp`).
    pub tmpfs: Vec<String>,
    /// `(host directory, sandbox path, writable)` bind mounts.
    pub binds: Vec<(PathBuf, String, bool)>,
    /// `RLIMIT_NOFILE`, as `[limits] open_files`.
    pub open_files: u32,
}

/// The directories of the sandbox's POSIX skeleton (`docs/vfs.md`), as the Linux
/// side's root gets them: written down here rather than taken from the kernel, so the
/// comparison also checks the kernel makes what it documents.
pub const SKELETON_DIRS: &[&str] = &[
    "bin",
    "dev",
    "etc",
    "home",
    "mnt",
    "opt",
    "proc",
    "root",
    "run",
    "sbin",
    "tmp",
    "usr",
    "usr/bin",
    "usr/lib",
    "usr/local",
    "usr/local/bin",
    "usr/sbin",
    "usr/share",
    "var",
];

/// `/etc/passwd` of the sandbox (the other `/etc` files are compared by name only).
pub const ETC_PASSWD: &str =
    "root:x:0:0:root:/root:/bin/sh\nsandbox:x:1000:1000:sandbox:/tmp:/bin/sh\n\
                              nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n";

/// Lays the skeleton out in `root` for the Linux side.
fn make_skeleton(root: &Path) {
    for d in SKELETON_DIRS {
        std::fs::create_dir_all(root.join(d)).expect("mkdir skeleton");
    }
    std::fs::write(root.join("etc/passwd"), ETC_PASSWD).expect("write passwd");
    for f in ["group", "hostname", "hosts"] {
        let p = root.join("etc").join(f);
        if !p.exists() {
            std::fs::write(p, "").expect("write /etc file");
        }
    }
}

/// Runs `script` with the host's system calls in `layout` (see the module docs); panics
/// unless every request was answered.
#[track_caller]
pub fn run_host(layout: &HostLayout, script: &[Request]) -> Vec<Outcome> {
    make_skeleton(&layout.root);
    for p in layout.tmpfs.iter().chain(layout.binds.iter().map(|(_, p, _)| p)) {
        std::fs::create_dir_all(layout.root.join(p.trim_start_matches('/'))).expect("mkdir");
    }
    let mut cmd = Command::new(bin_dir().join("syscall-client"));
    cmd.arg("--host").arg("--root").arg(&layout.root);
    cmd.arg("--open-files").arg(layout.open_files.to_string());
    for p in &layout.tmpfs {
        cmd.arg("--tmpfs").arg(p);
    }
    for (host, path, writable) in &layout.binds {
        let mut spec = host.as_os_str().to_owned();
        spec.push("=");
        spec.push(path);
        cmd.arg(if *writable { "--bind" } else { "--ro-bind" }).arg(spec);
    }
    let json = script_json(script);
    let output = feed(cmd, json.as_bytes());
    match parse_output(&output.stdout) {
        Ok(outcomes) if outcomes.len() == script.len() && output.status.success() => outcomes,
        other => panic!(
            "the script did not run to the end on the host ({:?}); {}\n--- stderr\n{}",
            other.err(),
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ),
    }
}

fn feed(mut cmd: Command, stdin: &[u8]) -> Output {
    use std::io::Write;
    cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn syscall-client --host");
    let mut input = child.stdin.take().expect("stdin");
    let data = stdin.to_vec();
    let feeder = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().expect("wait syscall-client --host");
    feeder.join().expect("stdin feeder");
    out
}

/// A mount of a [`ScriptSandbox`].
#[derive(Debug, Clone)]
pub struct MountSpec {
    /// Directory relative to the fixture.
    pub host: String,
    /// Where the sandbox sees it.
    pub path: String,
    pub writable: bool,
}

/// A sandbox to run scripts in, and its twin on the host's Linux: `/app` (read-only,
/// holding [`PROGRAM`]), the in-memory `/tmp`, the mounts added with
/// [`ScriptSandbox::mount`], and `[limits] open_files`.
pub struct ScriptSandbox {
    pub fixture: Fixture,
    pub mounts: Vec<MountSpec>,
    /// `type = "tmpfs"` mounts: sandbox path and `size_mb`.
    pub tmpfs: Vec<(String, u64)>,
    pub open_files: u32,
}

impl ScriptSandbox {
    pub fn new() -> ScriptSandbox {
        let fixture = Fixture::new();
        fixture.write("app/any.wasm", b"\0asm\x01\0\0\0");
        let mut sb =
            ScriptSandbox { fixture, mounts: Vec::new(), tmpfs: Vec::new(), open_files: 64 };
        sb.mounts.push(MountSpec { host: "app".into(), path: "/app".into(), writable: false });
        sb
    }

    /// Mounts `<fixture>/<host>` (created empty) at `path`.
    pub fn mount(mut self, host: &str, path: &str, writable: bool) -> ScriptSandbox {
        std::fs::create_dir_all(self.fixture.path(host)).expect("mkdir mount");
        self.mounts.push(MountSpec { host: host.into(), path: path.into(), writable });
        self
    }

    /// Mounts a `tmpfs` of `size_mb` at `path` (Linux's twin: a tmpfs there too).
    pub fn tmpfs(mut self, path: &str, size_mb: u64) -> ScriptSandbox {
        self.tmpfs.push((path.into(), size_mb));
        self
    }

    pub fn open_files(mut self, n: u32) -> ScriptSandbox {
        self.open_files = n;
        self
    }

    /// The directory behind a mount.
    pub fn host(&self, rel: &str) -> PathBuf {
        self.fixture.path(rel)
    }

    fn write_policy(&self) {
        let mut policy = String::new();
        for m in &self.mounts {
            let mode = if m.writable { "rw" } else { "ro" };
            policy += &format!(
                "[[mount]]\nhost = \"{}\"\npath = \"{}\"\nmode = \"{mode}\"\n\n",
                m.host, m.path
            );
        }
        for (path, size_mb) in &self.tmpfs {
            policy +=
                &format!("[[mount]]\ntype = \"tmpfs\"\npath = \"{path}\"\nsize_mb = {size_mb}\n\n");
        }
        policy += &format!("[limits]\nopen_files = {}\n", self.open_files);
        self.fixture.policy(&policy);
    }

    /// Runs `script` through the kernel.
    #[track_caller]
    pub fn run(&self, script: &[Request]) -> Vec<Outcome> {
        self.write_policy();
        run_syscalls(&self.fixture, script)
    }

    /// Runs `script` on the host's Linux, on copies of the mounted directories as they
    /// are now (the fixture is left alone).
    #[track_caller]
    pub fn run_linux(&self, script: &[Request]) -> Vec<Outcome> {
        static RUNS: AtomicUsize = AtomicUsize::new(0);
        let base = self.fixture.path(&format!("linux-{}", RUNS.fetch_add(1, Ordering::Relaxed)));
        let mut layout = HostLayout {
            root: base.join("root"),
            tmpfs: std::iter::once("/tmp".into())
                .chain(self.tmpfs.iter().map(|(p, _)| p.clone()))
                .collect(),
            binds: Vec::new(),
            open_files: self.open_files,
        };
        for m in &self.mounts {
            let copy = base.join("copies").join(&m.host);
            copy_tree(&self.fixture.path(&m.host), &copy);
            layout.binds.push((copy, m.path.clone(), m.writable));
        }
        run_host(&layout, script)
    }

    /// Runs `script` on Linux (on copies), then through the kernel. Returns the
    /// kernel's outcomes and Linux's.
    #[track_caller]
    pub fn run_compared(&self, script: &[Request]) -> (Vec<Outcome>, Vec<Outcome>) {
        let linux = self.run_linux(script);
        let sandbox = self.run(script);
        (sandbox, linux)
    }

    /// [`ScriptSandbox::run_compared`], asserting that the kernel and Linux agree on
    /// every step ([`Norm`]). Returns the kernel's outcomes.
    #[track_caller]
    pub fn run_checked(&self, script: &[Request]) -> Vec<Outcome> {
        self.run_checked_except(script, &[])
    }

    /// [`ScriptSandbox::run_compared`], asserting that the kernel and Linux disagree on
    /// exactly the `known` steps (`(step, how)`: divergences documented where the test
    /// lists them; fixing one fails the test until it is removed). Returns the
    /// kernel's outcomes.
    #[track_caller]
    pub fn run_checked_except(&self, script: &[Request], known: &[(usize, &str)]) -> Vec<Outcome> {
        let (sandbox, linux) = self.run_compared(script);
        let differ: Vec<usize> = (0..script.len().max(sandbox.len()).max(linux.len()))
            .filter(|&i| sandbox.get(i).map(Norm::of) != linux.get(i).map(Norm::of))
            .collect();
        let expected: Vec<usize> = known.iter().map(|(i, _)| *i).collect();
        assert!(
            differ == expected,
            "the kernel and Linux disagree on steps {differ:?}, expected exactly {expected:?} \
             ({known:?}):\n{}",
            side_by_side(script, &sandbox, &linux).unwrap_or_default()
        );
        sandbox
    }
}

impl Default for ScriptSandbox {
    fn default() -> Self {
        ScriptSandbox::new()
    }
}

/// Copies a directory tree, keeping symlinks as symlinks.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir copy");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("dir entry");
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        let kind = entry.file_type().expect("file type");
        if kind.is_symlink() {
            std::os::unix::fs::symlink(std::fs::read_link(&src).expect("readlink"), &dst)
                .expect("symlink");
        } else if kind.is_dir() {
            copy_tree(&src, &dst);
        } else {
            std::fs::copy(&src, &dst).expect("copy");
        }
    }
}

/// An outcome reduced to what is comparable between the kernel and Linux: errno names;
/// data, counts, offsets and descriptor numbers exactly; of a stat, the type, the link
/// count and the size (not for directories, whose size is the file system's business);
/// of a listing, names and types in order. Inode numbers, devices, owners, modes (the
/// kernel applies no umask) and times are left out.
#[derive(Clone, PartialEq, Eq)]
pub enum Norm {
    Err(Errno),
    Unit,
    Data(Vec<u8>),
    Written(u64),
    Offset(u64),
    Fd(i32),
    Stat {
        kind: FileType,
        size: Option<u64>,
        nlink: u64,
    },
    FdStat {
        kind: FileType,
        flags: u32,
    },
    Entries(Vec<(Vec<u8>, FileType)>),
    /// Times, start information, and replies added since this was written.
    Other(String),
}

impl Norm {
    pub fn of(outcome: &Outcome) -> Norm {
        let reply = match outcome {
            Err(e) => return Norm::Err(*e),
            Ok(r) => r,
        };
        #[allow(unreachable_patterns)] // replies added to the protocol later
        match reply {
            Reply::Unit => Norm::Unit,
            Reply::Data(d) => Norm::Data(d.clone()),
            Reply::Written(n) => Norm::Written(*n),
            Reply::Offset(n) => Norm::Offset(*n),
            Reply::Fd(n) => Norm::Fd(*n),
            Reply::Stat(s) => Norm::Stat {
                kind: s.kind,
                size: (s.kind != FileType::Directory).then_some(s.size),
                nlink: s.nlink,
            },
            Reply::FdStat(s) => Norm::FdStat { kind: s.kind, flags: s.flags },
            Reply::Entries(e) => {
                Norm::Entries(e.iter().map(|e| (e.name.clone(), e.kind)).collect())
            }
            // What Linux and the kernel can agree on: the file system's type, and
            // whether it is read-only (sizes are the host's or the policy's).
            Reply::FsStat(s) => Norm::Other(format!(
                "FsStat {:#x}{}",
                s.fs_type,
                if s.read_only { " ro" } else { "" }
            )),
            Reply::Time(_) => Norm::Other("Time".into()),
            Reply::Started(_) => Norm::Other("Started".into()),
            other => Norm::Other(format!("{other:?}")),
        }
    }
}

impl std::fmt::Debug for Norm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        match self {
            Norm::Err(e) => write!(f, "{e:?}"),
            Norm::Unit => f.write_str("ok"),
            Norm::Data(d) if d.len() > 64 => {
                write!(f, "data {:?}… ({} bytes)", text(&d[..64]), d.len())
            }
            Norm::Data(d) => write!(f, "data {:?}", text(d)),
            Norm::Written(n) => write!(f, "wrote {n}"),
            Norm::Offset(n) => write!(f, "offset {n}"),
            Norm::Fd(n) => write!(f, "fd {n}"),
            Norm::Stat { kind, size: Some(size), nlink } => {
                write!(f, "{kind:?} size {size} nlink {nlink}")
            }
            Norm::Stat { kind, size: None, nlink } => write!(f, "{kind:?} nlink {nlink}"),
            Norm::FdStat { kind, flags } => write!(f, "{kind:?} flags {flags:#o}"),
            Norm::Entries(e) => {
                let names: Vec<String> =
                    e.iter().map(|(n, k)| format!("{}:{k:?}", text(n))).collect();
                write!(f, "[{}]", names.join(" "))
            }
            Norm::Other(s) => f.write_str(s),
        }
    }
}

/// A short human rendering of a request.
pub fn describe(request: &Request) -> String {
    // Byte strings print as numbers; show paths and data as text instead.
    serde_json::to_value(request).map_or_else(|_| format!("{request:?}"), |v| render(&v))
}

fn render(v: &Value) -> String {
    match v {
        Value::Object(map) => {
            let fields: Vec<String> = map
                .iter()
                .map(|(k, v)| match v {
                    Value::Object(_) => format!("{k}({})", render(v)),
                    Value::Number(n) if FD_KEYS.contains(&k.as_str()) => {
                        match n.as_i64().map(|n| n as i32) {
                            Some(AT_FDCWD) => format!("{k}: AT_FDCWD"),
                            Some(n) if n <= SLOT_BASE => format!("{k}: fd of #{}", SLOT_BASE - n),
                            _ => format!("{k}: {n}"),
                        }
                    }
                    _ => format!("{k}: {}", render(v)),
                })
                .collect();
            fields.join(", ")
        }
        Value::Array(items) if items.iter().all(Value::is_u64) => {
            let bytes: Vec<u8> = items.iter().filter_map(Value::as_u64).map(|b| b as u8).collect();
            if bytes.len() > 48 {
                format!("{:?}… ({} bytes)", String::from_utf8_lossy(&bytes[..48]), bytes.len())
            } else {
                format!("{:?}", String::from_utf8_lossy(&bytes))
            }
        }
        other => other.to_string(),
    }
}

/// Asserts that the kernel and Linux agree on every step ([`Norm`]), showing the whole
/// script side by side otherwise.
#[track_caller]
pub fn assert_same(script: &[Request], sandbox: &[Outcome], linux: &[Outcome]) {
    let diff = side_by_side(script, sandbox, linux);
    assert!(diff.is_none(), "the kernel and Linux disagree:\n{}", diff.unwrap_or_default());
}

/// `None` when the kernel and Linux agree on every step; otherwise the script with both
/// answers, disagreements marked `!=`.
pub fn side_by_side(script: &[Request], sandbox: &[Outcome], linux: &[Outcome]) -> Option<String> {
    let mut out = String::new();
    let mut differ = sandbox.len() != linux.len();
    for (i, request) in script.iter().enumerate() {
        let s = sandbox.get(i).map(Norm::of);
        let l = linux.get(i).map(Norm::of);
        let mark = if s == l { "  " } else { "!=" };
        differ |= s != l;
        out += &format!(
            "{i:>3} {mark} kernel {:<32} linux {:<32} {}\n",
            s.map_or("-".into(), |n| format!("{n:?}")),
            l.map_or("-".into(), |n| format!("{n:?}")),
            describe(request)
        );
    }
    differ.then_some(out)
}

/// Shorthands for writing scripts.
pub mod req {
    use syscall_proto::fd::{Fd, FdRequest, Whence};
    use syscall_proto::path::PathRequest;
    use syscall_proto::Request;

    pub use syscall_proto::path::oflags::*;

    use super::AT_FDCWD;

    pub fn open_at(dirfd: Fd, path: impl AsRef<[u8]>, flags: u32) -> Request {
        Request::Path(PathRequest::Open { dirfd, path: path.as_ref().to_vec(), flags, mode: 0o644 })
    }

    pub fn open(path: impl AsRef<[u8]>, flags: u32) -> Request {
        open_at(AT_FDCWD, path, flags)
    }

    pub fn read(fd: Fd, len: u32) -> Request {
        Request::Fd(FdRequest::Read { fd, len })
    }

    pub fn pread(fd: Fd, len: u32, offset: u64) -> Request {
        Request::Fd(FdRequest::Pread { fd, len, offset })
    }

    pub fn write(fd: Fd, data: impl AsRef<[u8]>) -> Request {
        Request::Fd(FdRequest::Write { fd, data: data.as_ref().to_vec() })
    }

    pub fn pwrite(fd: Fd, data: impl AsRef<[u8]>, offset: u64) -> Request {
        Request::Fd(FdRequest::Pwrite { fd, data: data.as_ref().to_vec(), offset })
    }

    pub fn seek(fd: Fd, offset: i64, whence: Whence) -> Request {
        Request::Fd(FdRequest::Seek { fd, offset, whence })
    }

    pub fn close(fd: Fd) -> Request {
        Request::Fd(FdRequest::Close { fd })
    }

    pub fn fstat(fd: Fd) -> Request {
        Request::Fd(FdRequest::Stat { fd })
    }

    pub fn read_dir(fd: Fd, cookie: u64, max: u32) -> Request {
        Request::Fd(FdRequest::ReadDir { fd, cookie, max })
    }

    pub fn stat_at(dirfd: Fd, path: impl AsRef<[u8]>, follow: bool) -> Request {
        Request::Path(PathRequest::Stat { dirfd, path: path.as_ref().to_vec(), follow })
    }

    pub fn stat(path: impl AsRef<[u8]>) -> Request {
        stat_at(AT_FDCWD, path, true)
    }

    pub fn statfs(path: impl AsRef<[u8]>) -> Request {
        Request::Path(PathRequest::Statfs { dirfd: AT_FDCWD, path: path.as_ref().to_vec() })
    }

    pub fn lstat(path: impl AsRef<[u8]>) -> Request {
        stat_at(AT_FDCWD, path, false)
    }

    pub fn mkdir(path: impl AsRef<[u8]>) -> Request {
        Request::Path(PathRequest::Mkdir {
            dirfd: AT_FDCWD,
            path: path.as_ref().to_vec(),
            mode: 0o755,
        })
    }

    pub fn symlink(target: impl AsRef<[u8]>, path: impl AsRef<[u8]>) -> Request {
        Request::Path(PathRequest::Symlink {
            target: target.as_ref().to_vec(),
            dirfd: AT_FDCWD,
            path: path.as_ref().to_vec(),
        })
    }

    pub fn readlink(path: impl AsRef<[u8]>) -> Request {
        Request::Path(PathRequest::Readlink { dirfd: AT_FDCWD, path: path.as_ref().to_vec() })
    }

    pub fn unlink(path: impl AsRef<[u8]>) -> Request {
        Request::Path(PathRequest::Unlink { dirfd: AT_FDCWD, path: path.as_ref().to_vec() })
    }

    pub fn rmdir(path: impl AsRef<[u8]>) -> Request {
        Request::Path(PathRequest::Rmdir { dirfd: AT_FDCWD, path: path.as_ref().to_vec() })
    }

    pub fn rename(old: impl AsRef<[u8]>, new: impl AsRef<[u8]>) -> Request {
        Request::Path(PathRequest::Rename {
            old_dirfd: AT_FDCWD,
            old: old.as_ref().to_vec(),
            new_dirfd: AT_FDCWD,
            new: new.as_ref().to_vec(),
        })
    }

    pub fn chmod(path: impl AsRef<[u8]>, mode: u32) -> Request {
        let path = path.as_ref().to_vec();
        Request::Path(PathRequest::Chmod { dirfd: AT_FDCWD, path, mode })
    }

    pub fn pipe(flags: u32) -> Request {
        Request::Fd(FdRequest::Pipe { flags })
    }

    pub fn fchmod(fd: Fd, mode: u32) -> Request {
        Request::Fd(FdRequest::Chmod { fd, mode })
    }

    pub fn chown(path: impl AsRef<[u8]>, uid: Option<u32>, gid: Option<u32>) -> Request {
        let path = path.as_ref().to_vec();
        Request::Path(PathRequest::Chown { dirfd: AT_FDCWD, path, uid, gid, follow: true })
    }

    pub fn read_file(path: impl AsRef<[u8]>) -> Request {
        Request::Path(PathRequest::ReadFile { dirfd: AT_FDCWD, path: path.as_ref().to_vec() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slot_references_resolve_in_descriptor_fields_only() {
        let mut step = serde_json::json!({"Path": {"Rename": {
            "old_dirfd": fd_of(1), "old": [1, 2], "new_dirfd": fd_of(0), "new": [3]}}});
        resolve_slots(&mut step, &[Some(7), None]);
        assert_eq!(step["Path"]["Rename"]["old_dirfd"], -1, "a failed step gives -1");
        assert_eq!(step["Path"]["Rename"]["new_dirfd"], 7);
        // A step not yet run, and offsets that look like references, are left alone.
        let mut step = serde_json::json!({"Fd": {"Seek": {"fd": fd_of(5), "offset": fd_of(0)}}});
        resolve_slots(&mut step, &[Some(7)]);
        assert_eq!(step["Fd"]["Seek"]["fd"], fd_of(5));
        assert_eq!(step["Fd"]["Seek"]["offset"], fd_of(0));
    }

    #[test]
    fn long_data_lines_are_serde_json_and_read_back() {
        let data: Vec<u8> = (0..FAST_DATA as u32 * 2).map(|n| (n * 7 % 256) as u8).collect();
        let line = Line::new(3, Ok(Reply::Data(data.clone())));
        let fast = to_line(&line);
        let mut slow = serde_json::to_vec(&line).unwrap();
        slow.push(b'\n');
        assert!(fast == slow, "the hand-written line differs from serde_json's");
        let mut output = to_line(&Line::new(0, Err(Errno::ENOENT)));
        output.extend(to_line(&Line::new(1, Ok(Reply::Fd(4)))));
        output.extend(to_line(&Line::new(2, Ok(Reply::Data(b"hi".to_vec())))));
        output.extend(fast);
        let parsed = parse_output(&output).unwrap();
        assert_eq!(
            parsed,
            [
                Err(Errno::ENOENT),
                Ok(Reply::Fd(4)),
                Ok(Reply::Data(b"hi".to_vec())),
                Ok(Reply::Data(data))
            ]
        );
        assert!(parse_output(b"{\"i\":1,\"ok\":\"Unit\"}\n").is_err(), "lines out of order");
    }
}
