//! The kernel process confines itself (`policies::confine::kernel`): a compromised
//! kernel could reach only its mounts, its runtime binaries and what a starting runtime
//! reads, and none of the calls that widen a process's reach into the host.
//!
//! `kernel-confine-probe` confines itself exactly as the kernel does and then tries
//! each thing; `--control` runs the same attempts unconfined, to show each can succeed.

use std::collections::BTreeMap;
use std::io::Read;
use std::net::TcpListener;
use std::process::{Command, Stdio};

use tests::{bin_dir, Fixture};

fn probe(f: &Fixture, control: bool) -> BTreeMap<String, String> {
    let listener = TcpListener::bind("127.0.0.1:0").expect("listen on loopback");
    let port = listener.local_addr().expect("addr").port().to_string();
    let mut cmd = Command::new(bin_dir().join("kernel-confine-probe"));
    cmd.arg(f.path("ro")).arg(f.path("rw")).arg(f.path("bin/runtime")).arg(port);
    if control {
        cmd.arg("--control");
    }
    let out = cmd.output().expect("run kernel-confine-probe");
    assert!(out.status.success(), "probe failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_once(": "))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

fn fixture() -> Fixture {
    let f = Fixture::new();
    f.write("ro/f", "read-only data");
    std::fs::create_dir_all(f.path("rw")).expect("mkdir rw");
    std::fs::create_dir_all(f.path("bin")).expect("mkdir bin");
    // A dynamically linked program stands in for a runtime binary: starting it shows
    // the loader and libraries stay reachable.
    std::fs::copy("/bin/true", f.path("bin/runtime")).expect("copy /bin/true");
    f
}

#[test]
fn a_confined_kernel_reaches_only_its_mounts_and_runtimes() {
    let f = fixture();
    let got = probe(&f, false);
    let expect = [
        ("read-ro-mount", "ok"),
        ("write-ro-mount", "errno=EACCES"),
        ("create-in-rw-mount", "ok"),
        ("rename-in-rw-mount", "ok"),
        ("mkfifo-in-rw-mount", "errno=EACCES"),
        ("read-host-file", "errno=EACCES"),
        ("list-host-dir", "errno=EACCES"),
        ("write-host-tmp", "errno=EACCES"),
        ("read-proc-self", "ok"),
        ("exec-runtime-binary", "ok"),
        ("open-host-binary", "errno=EACCES"),
        ("execve-by-path", "errno=EPERM"),
        ("signal-parent", "errno=EPERM"),
        ("ptrace", "errno=EPERM"),
        ("bpf", "errno=EPERM"),
        ("mount", "errno=EPERM"),
        ("tcp-connect-loopback", "errno=EACCES"),
    ];
    let expect: BTreeMap<String, String> =
        expect.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    assert_eq!(got, expect);
    assert!(f.path("rw/renamed").is_file(), "the write in the rw mount happened");
}

#[test]
fn control_the_same_attempts_succeed_unconfined() {
    let f = fixture();
    let got = probe(&f, true);
    for attempt in [
        "read-ro-mount",
        "write-ro-mount",
        "create-in-rw-mount",
        "rename-in-rw-mount",
        "mkfifo-in-rw-mount",
        "read-host-file",
        "list-host-dir",
        "write-host-tmp",
        "read-proc-self",
        "exec-runtime-binary",
        "open-host-binary",
        "execve-by-path",
        "signal-parent",
        "tcp-connect-loopback",
    ] {
        assert_eq!(got.get(attempt).map(String::as_str), Some("ok"), "{attempt}: {got:?}");
    }
}

/// The real `kernel` binary, while it serves a program: seccomp filter mode and
/// `no_new_privs`, as the host reports them.
#[test]
fn the_kernel_binary_runs_confined() {
    let f = Fixture::new();
    f.install_guest("wasi-e2e", "app/e2e.wasm");
    f.policy("[[mount]]\nhost = \"app\"\npath = \"/app\"\n");
    let mut child = f
        .kernel()
        .args(["run", "/app/e2e.wasm", "stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn kernel");
    // The program blocks reading stdin, so the kernel keeps serving it until stdin
    // closes. It confines itself before it starts the runtime: wait until the host
    // shows a filter (or the kernel ends, which fails below).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let status = loop {
        let status = std::fs::read_to_string(format!("/proc/{}/status", child.id()))
            .expect("the kernel's /proc status");
        if status.contains("Seccomp:\t2") || std::time::Instant::now() > deadline {
            break status;
        }
        if child.try_wait().expect("try_wait").is_some() {
            break status;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let mut stdin = child.stdin.take().expect("stdin");
    std::io::Write::write_all(&mut stdin, b"echo").expect("write");
    drop(stdin);
    let mut stdout = child.stdout.take().expect("stdout");
    let mut echoed = String::new();
    stdout.read_to_string(&mut echoed).expect("read stdout");
    let exit = child.wait().expect("wait");
    assert!(exit.success(), "kernel exited {exit}");
    assert_eq!(echoed, "echo", "the confined kernel served the program");
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .map(str::trim)
            .unwrap_or_else(|| panic!("{name} missing from /proc status:\n{status}"))
            .to_owned()
    };
    assert_eq!(field("Seccomp:"), "2", "seccomp filter mode");
    assert_eq!(field("NoNewPrivs:"), "1");
}
