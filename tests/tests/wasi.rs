//! A WASI program, built from `tests/guests`, run through the real `kernel` binary and
//! `sandbox-wasm`: files, directories, stdio, environment and exit status, and what
//! the policy does not grant.
//!
//! The guest reports failures as `error: ... (os error N)` where N is the WASI errno
//! its libc saw: 44 ENOENT, 69 EROFS, 32 ELOOP, 54 ENOTDIR, 20 EEXIST, 55 ENOTEMPTY.

use tests::{assert_os_error, e2e, Fixture};

const POLICY: &str = r#"
[[mount]]
host = "app"
path = "/app"
mode = "ro"

[[mount]]
host = "data"
path = "/data"
mode = "ro"

[[mount]]
host = "rw"
path = "/rw"
mode = "rw"

[env]
pass = ["E2E_PASS", "E2E_UNSET"]
set = { E2E_FIXED = "fixed value" }

[limits]
open_files = 32
"#;

fn fixture() -> Fixture {
    let f = Fixture::new();
    f.install_guest("wasi-e2e", "app/e2e.wasm");
    f.write("data/hello.txt", "hello, sandbox\n");
    f.write("data/sub/a.txt", "a\n");
    f.write("data/zeta.txt", "z\n");
    f.write("rw/existing.txt", "old\n");
    // A host file outside every mount: no path, `..` or symlink may reach it.
    let secret = f.write("secret.txt", "host secret\n");
    std::os::unix::fs::symlink(&secret, f.path("data/escape-abs")).unwrap();
    let rel = format!("../../../../../../../..{}", secret.display());
    std::os::unix::fs::symlink(rel, f.path("data/escape-rel")).unwrap();
    std::os::unix::fs::symlink("hello.txt", f.path("data/inside")).unwrap();
    f.policy(POLICY);
    f
}

#[test]
fn reads_a_mounted_file() {
    let f = fixture();
    let run = e2e(&f, &["cat", "/data/hello.txt"]);
    run.assert_code(0);
    assert_eq!(run.stdout(), "hello, sandbox\n");
}

#[test]
fn follows_symlinks_that_stay_inside_the_mount() {
    let f = fixture();
    let run = e2e(&f, &["cat", "/data/inside"]);
    run.assert_code(0);
    assert_eq!(run.stdout(), "hello, sandbox\n");
}

#[test]
fn writes_and_reads_tmp() {
    let f = fixture();
    let run = e2e(&f, &["write", "/tmp/note.txt", "written in the sandbox"]);
    run.assert_code(0);
    assert_eq!(run.stdout(), "written in the sandbox");
}

#[test]
fn lists_a_directory_as_the_host_sees_it() {
    let f = fixture();
    let run = e2e(&f, &["ls", "/data"]);
    run.assert_code(0);
    let mut host: Vec<String> = std::fs::read_dir(f.path("data"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    host.sort();
    let listed: Vec<String> = run.stdout().lines().map(String::from).collect();
    assert_eq!(listed, host);
}

#[test]
fn lists_the_sandbox_root() {
    let f = fixture();
    let run = e2e(&f, &["ls", "/"]);
    run.assert_code(0);
    // The POSIX skeleton (docs/vfs.md) and the policy's mounts.
    assert_eq!(
        run.stdout(),
        "app\nbin\ndata\ndev\netc\nhome\nmnt\nopt\nproc\nroot\nrun\nrw\nsbin\ntmp\nusr\nvar\n"
    );
}

#[test]
fn copies_stdin_to_stdout_beyond_any_ring_size() {
    let f = fixture();
    // 3 MiB of patterned bytes: more than a ring holds, so it streams.
    let input: Vec<u8> = (0..3 * 1024 * 1024).map(|i: u32| (i % 251) as u8).collect();
    let run = f.run_with(&["/app/e2e.wasm", "stdin"], &["--ring-bytes", "65536"], &input, &[]);
    run.assert_code(0);
    assert_eq!(run.output.stdout.len(), input.len());
    assert!(run.output.stdout == input, "stdin was not copied byte for byte");
}

#[test]
fn writes_stdout_and_stderr_separately() {
    let f = fixture();
    let run = e2e(&f, &["stderr", "to the error stream"]);
    run.assert_code(0);
    assert_eq!(run.stderr(), "to the error stream\n");
    assert_eq!(run.stdout(), "");
}

#[test]
fn sees_only_the_environment_the_policy_gives() {
    let f = fixture();
    let run = f.run_with(
        &["/app/e2e.wasm", "env"],
        &[],
        b"",
        &[
            ("E2E_PASS", "passed through"),
            ("E2E_SECRET", "must not leak"),
            ("E2E_FIXED", "overridden"),
        ],
    );
    run.assert_code(0);
    // Plus PWD, which the runtime sets to the working directory (the WASI convention).
    assert_eq!(run.stdout(), "E2E_FIXED=fixed value\nE2E_PASS=passed through\nPWD=/\n");
}

#[test]
fn receives_its_arguments() {
    let f = fixture();
    let run = e2e(&f, &["args", "one", "two words", "--flag"]);
    run.assert_code(0);
    assert_eq!(run.stdout(), "/app/e2e.wasm\nargs\none\ntwo words\n--flag\n");
}

#[test]
fn exits_with_the_chosen_code() {
    let f = fixture();
    e2e(&f, &["exit", "42"]).assert_code(42);
    e2e(&f, &["exit", "0"]).assert_code(0);
    e2e(&f, &["exit", "3"]).assert_code(3);
}

#[test]
fn host_files_outside_mounts_do_not_exist() {
    let f = fixture();
    let secret = f.path("secret.txt").display().to_string();
    for path in [
        secret.clone(),
        format!("/data/../../../..{secret}"),
        format!("/app/..{secret}"),
        "/proc/self/environ".to_owned(),
    ] {
        let run = e2e(&f, &["cat", &path]);
        assert_os_error(&run, 44);
        assert_eq!(run.stdout(), "", "{path} leaked");
    }
    // /etc/passwd is the sandbox's own, never the host's.
    let run = e2e(&f, &["cat", "/etc/passwd"]);
    run.assert_code(0);
    let host_passwd = std::fs::read_to_string("/etc/passwd").expect("the host's /etc/passwd");
    assert_ne!(run.stdout(), host_passwd);
    assert!(run.stdout().contains("sandbox:x:"), "{}", run.stdout());
}

#[test]
fn symlinks_cannot_leave_a_mount() {
    let f = fixture();
    for path in ["/data/escape-abs", "/data/escape-rel"] {
        let run = e2e(&f, &["cat", path]);
        assert_os_error(&run, 44);
        assert_eq!(run.stdout(), "", "{path} leaked");
    }
}

#[test]
fn writes_to_a_read_only_mount_fail_with_erofs_and_are_audited() {
    let f = fixture();
    let run = e2e(&f, &["write", "/data/new.txt", "x"]);
    assert_os_error(&run, 69);
    assert!(!f.path("data/new.txt").exists(), "the host file was created");
    let run = e2e(&f, &["write", "/data/hello.txt", "overwritten"]);
    assert_os_error(&run, 69);
    assert_eq!(std::fs::read_to_string(f.path("data/hello.txt")).unwrap(), "hello, sandbox\n");
    assert!(
        run.log.contains("audit") && run.log.contains("/data/hello.txt"),
        "no audit record: {}",
        run.log
    );
    assert_os_error(&e2e(&f, &["mkdir", "/data/newdir"]), 69);
    assert_os_error(&e2e(&f, &["rm", "/data/zeta.txt"]), 69);
    assert!(f.path("data/zeta.txt").exists());
}

#[test]
fn writes_to_a_read_write_mount_reach_the_host() {
    let f = fixture();
    e2e(&f, &["write", "/rw/out.txt", "from the sandbox"]).assert_code(0);
    assert_eq!(std::fs::read_to_string(f.path("rw/out.txt")).unwrap(), "from the sandbox");
    e2e(&f, &["rename", "/rw/existing.txt", "/rw/moved.txt"]).assert_code(0);
    assert!(f.path("rw/moved.txt").exists() && !f.path("rw/existing.txt").exists());
}

#[test]
fn directory_operations_in_tmp() {
    let f = fixture();
    e2e(&f, &["mkdir", "/tmp/d"]).assert_code(0);
    assert_os_error(&e2e(&f, &["mkdir", "/"]), 20);
    // Each run is a fresh sandbox: /tmp starts empty.
    assert_os_error(&e2e(&f, &["readlink", "/tmp/nothing"]), 44);
}

#[test]
fn a_large_file_streams_through_a_small_ring() {
    let f = fixture();
    let big: Vec<u8> =
        (0..24 * 1024 * 1024).map(|i: u32| (i.wrapping_mul(2654435761) >> 24) as u8).collect();
    std::fs::write(f.path("data/big.bin"), &big).unwrap();
    let run = f.run_with(
        &["/app/e2e.wasm", "cat", "/data/big.bin"],
        &["--ring-bytes", "65536"],
        b"",
        &[],
    );
    run.assert_code(0);
    assert!(run.output.stdout == big, "24 MiB file did not come through intact");
}

#[test]
fn a_missing_program_is_127() {
    let f = fixture();
    let run = f.run(&["/app/missing.wasm"]);
    run.assert_code(127);
    assert!(run.stderr().contains("/app/missing.wasm"), "{}", run.stderr());
    // Host paths are not sandbox paths.
    f.run(&[f.path("app/e2e.wasm").to_str().unwrap()]).assert_code(127);
}

#[test]
fn a_program_without_a_runtime_is_126() {
    let f = fixture();
    f.run(&["/data/hello.txt"]).assert_code(126);
}

#[test]
fn a_bad_policy_names_file_line_and_key() {
    let f = fixture();
    f.policy("[limits]\nopen_files = 16\nmemory_mb = \"lots\"\n");
    let run = f.run(&["/app/e2e.wasm", "exit", "0"]);
    run.assert_code(125);
    let err = run.stderr();
    assert!(err.contains("policy.toml:3"), "{err}");
    assert!(err.contains("limits.memory_mb"), "{err}");
    f.policy("[limitz]\nopen_files = 16\n");
    let err = f.run(&["/app/e2e.wasm", "exit", "0"]).stderr();
    assert!(err.contains("policy.toml:1") && err.contains("limitz"), "{err}");
}

#[test]
fn symlink_loops_end_in_eloop() {
    let f = fixture();
    std::os::unix::fs::symlink("loop-b", f.path("data/loop-a")).unwrap();
    std::os::unix::fs::symlink("loop-a", f.path("data/loop-b")).unwrap();
    assert_os_error(&e2e(&f, &["cat", "/data/loop-a"]), 32);
}

#[test]
fn symlinks_stat_and_lstat_on_a_read_write_mount() {
    let f = fixture();
    e2e(&f, &["symlink", "existing.txt", "/rw/link"]).assert_code(0);
    assert_eq!(std::fs::read_link(f.path("rw/link")).unwrap().to_str(), Some("existing.txt"));
    assert_eq!(e2e(&f, &["readlink", "/rw/link"]).assert_code(0).stdout(), "existing.txt\n");
    assert_eq!(e2e(&f, &["stat", "/rw/link"]).assert_code(0).stdout(), "type=file size=4\n");
    assert_eq!(e2e(&f, &["lstat", "/rw/link"]).assert_code(0).stdout(), "type=symlink size=12\n");
    assert_eq!(
        e2e(&f, &["stat", "/rw"]).assert_code(0).stdout().split(' ').next(),
        Some("type=dir")
    );
}

#[test]
fn appends_and_directory_removal_follow_posix() {
    let f = fixture();
    e2e(&f, &["append", "/rw/existing.txt", "new\n"]).assert_code(0);
    assert_eq!(std::fs::read_to_string(f.path("rw/existing.txt")).unwrap(), "old\nnew\n");
    f.write("rw/full/file", "x");
    assert_os_error(&e2e(&f, &["rmdir", "/rw/full"]), 55);
    assert_os_error(&e2e(&f, &["rm", "/rw/full"]), 31);
    e2e(&f, &["rm", "/rw/full/file"]).assert_code(0);
    e2e(&f, &["rmdir", "/rw/full"]).assert_code(0);
    assert!(!f.path("rw/full").exists());
}

#[test]
fn the_memory_limit_bounds_linear_memory() {
    let f = fixture();
    f.policy(&format!("{POLICY}memory_mb = 32\n"));
    let within = e2e(&f, &["alloc", "8"]);
    assert_eq!(within.assert_code(0).stdout(), "ok\n");
    assert!(!within.stderr().contains("limits.memory_mb"), "{}", within.stderr());
    let over = e2e(&f, &["alloc", "64"]);
    assert_eq!(over.assert_code(0).stdout(), "failed\n");
    // The refusal reaches the operator: one audit record (on stderr, as this policy
    // names no audit file).
    let stderr = over.stderr();
    let records = stderr.lines().filter(|l| l.contains("\"rule\":\"limits.memory_mb\"")).count();
    assert_eq!(records, 1, "{stderr}");
}

#[test]
fn a_trap_ends_the_program_with_134_and_a_message() {
    let f = fixture();
    let run = e2e(&f, &["abort"]);
    run.assert_code(134);
    assert!(run.stderr().contains("sandbox-wasm: trap"), "{}", run.stderr());
}

#[test]
fn dev_and_proc_reach_a_wasi_program() {
    let f = fixture();
    // Written, then read back: /dev/null keeps nothing.
    assert_eq!(e2e(&f, &["write", "/dev/null", "gone"]).assert_code(0).stdout(), "");
    let status = e2e(&f, &["cat", "/proc/self/status"]);
    status.assert_code(0);
    assert!(status.stdout().contains("\nPid:\t1\n"), "{}", status.stdout());
    assert!(status.stdout().starts_with("Name:\te2e.wasm\n"), "{}", status.stdout());
    let link = e2e(&f, &["readlink", "/dev/stdout"]);
    assert_eq!(link.assert_code(0).stdout(), "/proc/self/fd/1\n");
    let ls = e2e(&f, &["ls", "/dev"]);
    assert_eq!(
        ls.assert_code(0).stdout(),
        "fd\nfull\nnull\nrandom\nstderr\nstdin\nstdout\ntty\nurandom\nzero\n"
    );
    assert_os_error(&e2e(&f, &["write", "/proc/self/status", "x"]), 2);
    assert_os_error(&e2e(&f, &["mkdir", "/dev/x"]), 2);
}
