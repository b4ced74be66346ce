//! Escape attempts against the real confinement, one process per attempt.
//!
//! Each test starts `confine-probe` through `policies::confine::spawn` (the kernel's
//! path) with eventfds as ring descriptors 3, 4, 5; the probe locks itself down with
//! `policies::confine::lock_down` (the runtimes' path) or only some layers of it, makes
//! one attempt and reports. Outcomes are asserted exactly: death by `SIGSYS` where the
//! seccomp profile does not list the call, the precise errno where a layer refuses it,
//! and success for the controls that prove an attempt *could* succeed.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::os::fd::{FromRawFd, OwnedFd};
use std::os::unix::process::ExitStatusExt;
use std::process::ExitStatus;
use std::time::{Duration, Instant};

use policies::confine::{self, ConfineError, RuntimeChild, RuntimeProfile, SpawnSpec};
use policies::IfUnsupported;

const PROBE: &str = env!("CARGO_BIN_EXE_confine-probe");

fn eventfd() -> OwnedFd {
    // SAFETY: eventfd takes integers only.
    let fd = unsafe { libc::eventfd(0, libc::EFD_CLOEXEC) };
    assert!(fd >= 0, "eventfd: {}", std::io::Error::last_os_error());
    // SAFETY: `fd` was just created and is owned by nobody else.
    unsafe { OwnedFd::from_raw_fd(fd) }
}

fn spec(args: &[&str], memory_mb: Option<u64>, cpu_ms: Option<u64>) -> SpawnSpec {
    SpawnSpec {
        program: PROBE.into(),
        args: args.iter().map(|s| (*s).to_owned()).collect(),
        fds: vec![(eventfd(), 3), (eventfd(), 4), (eventfd(), 5)],
        profile: RuntimeProfile::Wasm,
        memory_mb,
        cpu_ms,
        if_unsupported: IfUnsupported::Refuse,
    }
}

/// How the probe ended, and what it said.
#[derive(Debug)]
struct Outcome {
    /// `"exit 0"`, `"exit 1"`, `"killed by SIGSYS"`, ...
    end: String,
    stderr: String,
}

impl Outcome {
    /// The `result:` line, if the attempt returned.
    fn result(&self) -> Option<&str> {
        self.stderr.lines().find_map(|l| l.strip_prefix("result: "))
    }
}

/// `"exit 0"`, `"killed by SIGSYS"`, ...
fn describe(status: ExitStatus) -> String {
    match (status.code(), status.signal()) {
        (Some(code), _) => format!("exit {code}"),
        (None, Some(signal)) => {
            format!("killed by {:?}", nix::sys::signal::Signal::try_from(signal).unwrap())
        }
        _ => format!("{status:?}"),
    }
}

fn wait(mut child: RuntimeChild) -> Outcome {
    let mut stderr = Vec::new();
    child.stderr.take().unwrap().read_to_end(&mut stderr).unwrap();
    let end = describe(child.wait().unwrap());
    Outcome { end, stderr: String::from_utf8_lossy(&stderr).into_owned() }
}

/// Starts the probe in `report` mode and reads its report up to `ready`; the probe then
/// waits for a write to its descriptor 5 (keep a copy of `spec.fds[2]` to release it).
fn start_report(spec: SpawnSpec) -> (RuntimeChild, BufReader<File>, BTreeMap<String, String>) {
    let mut child = confine::spawn(spec).unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut report = BTreeMap::new();
    let mut line = String::new();
    while stderr.read_line(&mut line).unwrap() > 0 && line != "ready\n" {
        let (k, v) = line.trim_end().split_once(": ").unwrap();
        report.insert(k.to_owned(), v.to_owned());
        line.clear();
    }
    assert_eq!(line, "ready\n", "{report:?}");
    (child, stderr, report)
}

/// A `report` probe and the kernel's side of its doorbell (descriptor 5): writing to it
/// lets the probe exit 0.
fn start_report_with_bell() -> (RuntimeChild, OwnedFd, BufReader<File>, BTreeMap<String, String>) {
    let mut spec = spec(&["report"], None, None);
    let bell = spec.fds[2].0.try_clone().unwrap();
    spec.fds[2].0 = bell.try_clone().unwrap();
    let (child, stderr, report) = start_report(spec);
    (child, bell, stderr, report)
}

/// Waits up to `limit` for `child` to end; kills it and fails if it does not.
fn wait_at_most(child: &mut RuntimeChild, limit: Duration) -> ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the runtime was still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Runs `confine-probe ATTEMPT OUR_PID --layers=LAYERS`.
fn probe_with(attempt: &str, layers: &str, memory_mb: Option<u64>, cpu_ms: Option<u64>) -> Outcome {
    let pid = std::process::id().to_string();
    let layers = format!("--layers={layers}");
    let child = confine::spawn(spec(&[attempt, &pid, &layers], memory_mb, cpu_ms)).unwrap();
    let outcome = wait(child);
    assert!(
        outcome.stderr.contains(&format!("attempt: {attempt}\n")),
        "the probe did not get as far as the attempt: {outcome:?}"
    );
    outcome
}

fn probe(attempt: &str, layers: &str) -> Outcome {
    probe_with(attempt, layers, None, None)
}

/// Under the full lockdown, `attempt` is a system call the profile does not list.
fn assert_killed_by_seccomp(attempt: &str) {
    let outcome = probe(attempt, "all");
    assert_eq!(outcome.end, "killed by SIGSYS", "{attempt}: {outcome:?}");
    assert_eq!(outcome.result(), None, "{attempt} returned: {outcome:?}");
}

// ---- controls: the probe can run, and the attempts can succeed -------------------------

#[test]
fn control_none_runs_to_completion_under_full_lockdown() {
    let outcome = probe("none", "all");
    assert_eq!(outcome.end, "exit 0", "{outcome:?}");
    assert_eq!(outcome.result(), Some("ok"));
    let report = outcome.stderr.lines().find_map(|l| l.strip_prefix("lockdown: ")).unwrap();
    assert!(report.starts_with("landlock ABI ") && report.contains("seccomp on"), "{report}");
    assert!(!report.contains("closed stray"), "spawn must leave no stray descriptor: {report}");
}

#[test]
fn control_open_before_lockdown_succeeds() {
    let outcome = probe("open", "none");
    assert_eq!((outcome.end.as_str(), outcome.result()), ("exit 0", Some("ok")), "{outcome:?}");
}

#[test]
fn controls_without_lockdown_succeed() {
    for attempt in ["socket", "tcp-bind", "fork", "memfd"] {
        let outcome = probe(attempt, "none");
        assert_eq!(
            (outcome.end.as_str(), outcome.result()),
            ("exit 0", Some("ok")),
            "{attempt}: {outcome:?}"
        );
    }
    // execve replaces the probe: /bin/true exits 0 and nothing is reported.
    let outcome = probe("execve", "none");
    assert_eq!((outcome.end.as_str(), outcome.result()), ("exit 0", None), "{outcome:?}");
}

#[test]
fn control_mmap_big_without_memory_limit_succeeds() {
    let outcome = probe_with("mmap-big", "all", None, None);
    assert_eq!((outcome.end.as_str(), outcome.result()), ("exit 0", Some("ok")), "{outcome:?}");
}

// ---- seccomp: every forbidden call kills ------------------------------------------------

#[test]
fn open_is_killed() {
    assert_killed_by_seccomp("open");
}

#[test]
fn socket_is_killed() {
    assert_killed_by_seccomp("socket");
}

#[test]
fn execve_is_killed() {
    assert_killed_by_seccomp("execve");
}

#[test]
fn ptrace_is_killed() {
    assert_killed_by_seccomp("ptrace");
}

#[test]
fn kill_parent_is_killed() {
    assert_killed_by_seccomp("kill-parent");
}

#[test]
fn fork_is_killed() {
    assert_killed_by_seccomp("fork");
}

#[test]
fn io_uring_is_killed() {
    assert_killed_by_seccomp("io_uring");
}

#[test]
fn memfd_is_killed() {
    assert_killed_by_seccomp("memfd");
}

#[test]
fn unshare_is_killed() {
    assert_killed_by_seccomp("unshare");
}

#[test]
fn mount_is_killed() {
    assert_killed_by_seccomp("mount");
}

// ---- the node profile's thread rules -----------------------------------------------------

fn probe_node(attempt: &str) -> Outcome {
    let mut spec = spec(&[attempt, "0", "--profile=node"], None, None);
    spec.profile = RuntimeProfile::Node;
    let outcome = wait(confine::spawn(spec).unwrap());
    assert!(outcome.stderr.contains(&format!("attempt: {attempt}\n")), "{outcome:?}");
    outcome
}

#[test]
fn node_profile_allows_threads() {
    // clone3 answers ENOSYS (sandbox-node:enosys), glibc falls back to clone with
    // CLONE_THREAD, which the masked rule allows.
    let outcome = probe_node("thread");
    assert_eq!((outcome.end.as_str(), outcome.result()), ("exit 0", Some("ok")), "{outcome:?}");
}

#[test]
fn node_profile_kills_fork() {
    // glibc's fork is clone(SIGCHLD|...) without CLONE_THREAD.
    let outcome = probe_node("fork");
    assert_eq!(outcome.end, "killed by SIGSYS", "{outcome:?}");
}

#[test]
fn wasm_profile_kills_threads() {
    assert_killed_by_seccomp("thread");
}

// ---- Landlock alone (what stands if seccomp were bypassed) -------------------------------

#[test]
fn landlock_alone_denies_files_exec_and_tcp() {
    for (attempt, errno) in [
        ("open", "EACCES"),
        ("execve", "EACCES"),
        ("tcp-connect", "EACCES"),
        ("tcp-bind", "EACCES"),
    ] {
        let outcome = probe(attempt, "landlock");
        assert_eq!(outcome.end, "exit 1", "{attempt}: {outcome:?}");
        assert_eq!(
            outcome.result(),
            Some(format!("errno={errno}").as_str()),
            "{attempt}: {outcome:?}"
        );
    }
}

/// Another runtime with the same uid as the probe, waiting in `report` mode. The kill(2)
/// and ptrace(2) permission checks on uids would pass; its pid namespace hides it.
struct Sibling {
    child: RuntimeChild,
}

impl Sibling {
    fn start() -> Sibling {
        let (child, _, _) = start_report(spec(&["report"], None, None));
        Sibling { child }
    }

    fn pid(&self) -> String {
        self.child.id().to_string()
    }

    /// Runs the probe against this sibling.
    fn probe(&self, attempt: &str, layers: &str) -> Outcome {
        let child = confine::spawn(spec(
            &[attempt, &self.pid(), &format!("--layers={layers}")],
            None,
            None,
        ))
        .unwrap();
        wait(child)
    }
}

impl Drop for Sibling {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// Every other process is outside the probe's pid namespace (see below), so Landlock's
// own refusals are shown on the one process that can be named: a child the probe
// forks before locking down (outside its Landlock domain, inside its pid namespace).

#[test]
fn landlock_alone_scopes_signals_to_the_domain() {
    // Control: without Landlock, the same uid may signal it.
    let outcome = probe("kill-child", "none");
    assert_eq!(outcome.result(), Some("ok"), "{outcome:?}");
    let outcome = probe("kill-child", "landlock");
    assert_eq!(
        (outcome.end.as_str(), outcome.result()),
        ("exit 1", Some("errno=EPERM")),
        "{outcome:?}"
    );
}

#[test]
fn ptrace_is_refused_even_without_seccomp() {
    // Control: without Landlock, a process may trace its own child.
    let outcome = probe("ptrace-child", "none");
    assert_eq!(outcome.result(), Some("ok"), "{outcome:?}");
    // Landlock refuses (a domain may only trace inside itself).
    let outcome = probe("ptrace-child", "landlock");
    assert_eq!(
        (outcome.end.as_str(), outcome.result()),
        ("exit 1", Some("errno=EPERM")),
        "{outcome:?}"
    );
}

// ---- namespaces and identity alone -------------------------------------------------------

#[test]
fn network_namespace_alone_has_no_route() {
    let outcome = probe("tcp-connect", "none");
    assert_eq!(outcome.result(), Some("errno=ENETUNREACH"), "{outcome:?}");
}

#[test]
fn pid_namespace_alone_hides_the_kernel_and_other_runtimes() {
    // The runtime is pid 1 of a namespace with nothing else in it: no host pid names
    // anything there, whatever the uids (same uid for a sibling runtime, and for the
    // kernel unless it is root; 65534 against root otherwise).
    let sibling = Sibling::start();
    for attempt in ["kill-parent", "ptrace"] {
        let outcome = probe(attempt, "none");
        assert_eq!(outcome.result(), Some("errno=ESRCH"), "{attempt} on the kernel: {outcome:?}");
        let outcome = sibling.probe(attempt, "none");
        assert_eq!(outcome.result(), Some("errno=ESRCH"), "{attempt} on a sibling: {outcome:?}");
    }
}

#[test]
fn the_kernel_can_kill_its_pid_1_runtime_which_ignores_other_signals() {
    // As init of its pid namespace, the runtime ignores signals it has no handler for,
    // SIGTERM from the kernel's namespace included...
    let (mut child, bell, mut stderr, _) = start_report_with_bell();
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(child.id() as i32),
        nix::sys::signal::Signal::SIGTERM,
    )
    .unwrap();
    assert_eq!(nix::unistd::write(&bell, &1u64.to_ne_bytes()), Ok(8));
    let mut rest = String::new();
    stderr.read_to_string(&mut rest).unwrap();
    assert_eq!(describe(child.wait().unwrap()), "exit 0", "SIGTERM was not ignored: {rest}");
    // ...but SIGKILL from there ends it.
    let mut sibling = Sibling::start();
    sibling.child.kill().unwrap();
    assert_eq!(describe(sibling.child.wait().unwrap()), "killed by SIGKILL");
}

#[test]
fn the_runtime_dies_with_the_thread_that_spawned_it() {
    // PR_SET_PDEATHSIG follows the spawning thread; the probe waits on its doorbell,
    // which nobody rings, until the SIGKILL (sent from the kernel's pid namespace, so
    // pid 1 does not ignore it).
    let mut child = std::thread::spawn(|| {
        let (child, _, _) = start_report(spec(&["report"], None, None));
        child
    })
    .join()
    .unwrap();
    let status = wait_at_most(&mut child, Duration::from_secs(10));
    assert_eq!(describe(status), "killed by SIGKILL");
}

// ---- resource limits -------------------------------------------------------------------

#[test]
fn memory_limit_refuses_a_large_writable_mapping() {
    let outcome = probe_with("mmap-big", "all", Some(16), None);
    assert_eq!(
        (outcome.end.as_str(), outcome.result()),
        ("exit 1", Some("errno=ENOMEM")),
        "{outcome:?}"
    );
}

#[test]
fn cpu_limit_stops_a_spinning_runtime() {
    // cpu_ms = 100 → RLIMIT_CPU soft 2 s (SIGXCPU), hard 3 s (SIGKILL). The runtime is
    // pid 1 of its pid namespace, which ignores the soft limit's SIGXCPU (it has no
    // handler for it): the hard limit's SIGKILL is what ends it.
    let outcome = probe_with("spin", "all", None, Some(100));
    assert_eq!(outcome.end, "killed by SIGKILL", "{outcome:?}");
}

// ---- what spawn sets up ------------------------------------------------------------------

#[test]
fn spawn_sets_up_descriptors_namespaces_limits_and_identity() {
    // A descriptor without close-on-exec in the kernel must not leak into the runtime.
    // SAFETY: dup of stdin; closed at the end of the test.
    let leak = unsafe { libc::dup(0) };
    assert!(leak >= 0);

    let mut spec = spec(&["report"], Some(64), Some(1500));
    // Keep the kernel's side of the runtime's doorbell (descriptor 5) to release it.
    let bell = spec.fds[2].0.try_clone().unwrap();
    spec.fds[2].0 = bell.try_clone().unwrap();
    let (mut child, mut stderr, report) = start_report(spec);

    // From outside: the kernel-level uid the host sees, and the pid in each namespace.
    let status = std::fs::read_to_string(format!("/proc/{}/status", child.id())).unwrap();
    let field = |key: &str| {
        status.lines().find_map(|l| l.strip_prefix(key)).unwrap().split_whitespace().collect()
    };
    let uids: Vec<&str> = field("Uid:");
    let nspids: Vec<&str> = field("NSpid:");
    assert_eq!(nspids, [child.id().to_string(), "1".to_owned()], "pid here, then in its own");
    // Release the probe and collect it.
    assert_eq!(nix::unistd::write(&bell, &1u64.to_ne_bytes()), Ok(8));
    let mut rest = String::new();
    stderr.read_to_string(&mut rest).unwrap();
    assert!(child.wait().unwrap().success(), "{rest}");
    // SAFETY: closing the descriptor dup'ed above.
    unsafe { libc::close(leak) };

    let get = |k: &str| {
        report.get(k).map(String::as_str).unwrap_or_else(|| panic!("no {k} in {report:?}"))
    };
    assert_eq!(get("env"), "0");
    assert_eq!(get("fds"), "[0, 1, 2, 3, 4, 5]");
    assert_eq!(get("pdeathsig"), (libc::SIGKILL).to_string());
    // Unmapped in its own user namespace: the overflow uid, no capabilities.
    assert_eq!(get("uid"), "65534");
    assert_eq!(get("CapEff"), "0000000000000000");
    assert_eq!(get("NoNewPrivs"), "1");
    assert_eq!(get("Seccomp"), "0", "seccomp is the runtime's own step (lock_down)");
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        assert_eq!(uids, ["65534"; 4], "root kernel: uid dropped");
    }
    assert_eq!(get("RLIMIT_NOFILE"), "64 64");
    for zero in ["RLIMIT_CORE", "RLIMIT_FSIZE", "RLIMIT_MEMLOCK", "RLIMIT_MSGQUEUE"] {
        assert_eq!(get(zero), "0 0", "{zero}");
    }
    assert_eq!(get("RLIMIT_CPU"), "3 4", "1500 ms → 2 s + 1 s soft, + 1 s hard");
    let data = (64 + confine::rlimit::data_headroom_mb(RuntimeProfile::Wasm)) << 20;
    assert_eq!(get("RLIMIT_DATA"), format!("{data} {data}"));
    let nproc = confine::rlimit::nproc(RuntimeProfile::Wasm);
    assert_eq!(get("RLIMIT_NPROC"), format!("{nproc} {nproc}"));
    let ours =
        |ns: &str| std::fs::read_link(format!("/proc/self/ns/{ns}")).unwrap().display().to_string();
    for ns in ["user", "pid", "net", "ipc", "mnt", "uts", "cgroup"] {
        assert_ne!(get(&format!("ns.{ns}")), ours(ns), "{ns} namespace is shared");
    }
    // pid 1 of its own pid namespace, whose children (threads, too) would be created in
    // the same one; its parent is outside it.
    assert_eq!(get("pid"), "1");
    assert_eq!(get("ppid"), "0");
    assert_eq!(get("ns.pid_for_children"), get("ns.pid"));
}

// ---- spawn's own errors ------------------------------------------------------------------

#[test]
fn spawn_rejects_bad_descriptor_targets() {
    for fds in [vec![(eventfd(), 2)], vec![(eventfd(), 7)], vec![(eventfd(), 3), (eventfd(), 3)]] {
        let mut spec = spec(&["none"], None, None);
        spec.fds = fds;
        let err = confine::spawn(spec).unwrap_err();
        assert!(matches!(err, ConfineError::Descriptors(_)), "{err}");
    }
}

#[test]
fn spawn_reports_an_exec_failure_from_the_new_process() {
    // Opened by the kernel, refused by fexecve in the new process (no execute
    // permission, for root too): the error comes back over the report socket.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("not-executable");
    std::fs::copy(PROBE, &path).unwrap();
    std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o644)).unwrap();
    let mut spec = spec(&["none"], None, None);
    spec.program = path.clone();
    let err = confine::spawn(spec).unwrap_err();
    let ConfineError::Spawn { program, source } = &err else { panic!("{err}") };
    assert_eq!(program, &path);
    assert_eq!(source.kind(), std::io::ErrorKind::PermissionDenied, "{err}");
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        assert!(err.to_string().contains("runs as uid 65534"), "{err}");
    }
}

#[test]
fn spawn_reports_a_missing_binary() {
    let mut spec = spec(&["none"], None, None);
    spec.program = "/nonexistent/runtime".into();
    let err = confine::spawn(spec).unwrap_err();
    assert!(matches!(err, ConfineError::Spawn { .. }), "{err}");
    assert!(err.to_string().starts_with("cannot start /nonexistent/runtime: "), "{err}");
}

#[test]
fn this_host_has_every_layer() {
    // The tests above assume full confinement; say so plainly if the host cannot.
    let host = confine::host_support();
    assert_eq!(host.namespaces_missing, None);
    assert_eq!(host.seccomp_missing, None);
    assert!(host.landlock_abi.is_some_and(|abi| abi >= 6), "{host:?}");
}
