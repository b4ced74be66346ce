//! The policy engine end to end: `[[fs]]` rules over the mounts' baseline, the audit
//! records of denials, `[limits]` the kernel enforces, and `kernel policy check`, all
//! through the real `kernel` binary running the `wasi-e2e` guest in `sandbox-wasm`.
//!
//! The guest reports failures as `error: ... (os error N)` where N is the WASI errno
//! its libc saw: 2 EACCES, 63 EPERM, 51 ENOSPC, 22 EFBIG, 69 EROFS, 75 EXDEV.

use std::process::Command;

use serde_json::Value;
use tests::{assert_os_error, bin_dir, e2e, Fixture};

const EACCES: i32 = 2;
const EFBIG: i32 = 22;
const ENOSPC: i32 = 51;
const EROFS: i32 = 69;
const EXDEV: i32 = 75;

/// `/app` (the guest, read-only), `/data` (read-only), `/rw` (read-write), audit to
/// `audit.jsonl`, and `extra` appended.
fn fixture(extra: &str) -> Fixture {
    let f = Fixture::new();
    f.install_guest("wasi-e2e", "app/e2e.wasm");
    f.write("data/hello.txt", "hello\n");
    f.write("data/secret/key.txt", "the key\n");
    f.write("rw/existing.txt", "old\n");
    f.write("rw/locked/f.txt", "locked\n");
    f.write("rw/keep/a.txt", "a\n");
    std::fs::create_dir_all(f.path("rw/in")).unwrap();
    policy(&f, extra);
    f
}

fn policy(f: &Fixture, extra: &str) {
    f.policy(&format!(
        r#"
[[mount]]
host = "app"
path = "/app"

[[mount]]
host = "data"
path = "/data"
mode = "ro"

[[mount]]
host = "rw"
path = "/rw"
mode = "rw"

[audit]
file = "audit.jsonl"

{extra}
"#
    ));
}

/// The one record naming `object`, checked to have every field.
#[track_caller]
fn record_for(records: &[Value], object: &str) -> Value {
    let found: Vec<&Value> = records.iter().filter(|r| r["object"] == object).collect();
    assert_eq!(found.len(), 1, "expected one record for {object}: {records:?}");
    let r = found[0].clone();
    let fields: Vec<&str> = r.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(fields.len(), 7, "{r}");
    for key in ["time", "sandbox", "pid", "call", "object", "rule", "errno"] {
        assert!(r.get(key).is_some(), "no `{key}` in {r}");
    }
    r
}

#[test]
fn a_denied_read_is_eacces_and_an_audit_record_with_every_field() {
    let f = fixture("[[fs]]\npath = \"/data/secret/**\"\ndeny = [\"read\"]\n");
    let run = e2e(&f, &["cat", "/data/secret/key.txt"]);
    assert_os_error(&run, EACCES);
    assert_eq!(run.stdout(), "");

    let r = record_for(&f.audit_records(), "/data/secret/key.txt");
    assert_eq!(r["call"], "openat");
    assert_eq!(r["rule"], "fs[0].deny");
    assert_eq!(r["errno"], "EACCES");
    assert_eq!(r["pid"], 1);
    let sandbox = r["sandbox"].as_str().unwrap();
    assert!(sandbox.len() == 16 && sandbox.bytes().all(|b| b.is_ascii_hexdigit()), "{r}");
    let time = r["time"].as_str().unwrap();
    // RFC 3339 in UTC: 2026-08-01T12:00:00.123Z
    assert_eq!(time.len(), 24, "{time}");
    assert!(time.as_bytes()[10] == b'T' && time.ends_with('Z'), "{time}");
    // The operator's log has it too.
    assert!(run.log.contains("denied") && run.log.contains("fs[0].deny"), "{}", run.log);

    // The rest of the mount reads as before; stat is allowed where read is not, as on
    // Linux; listing the denied directory is a read.
    assert_eq!(e2e(&f, &["cat", "/data/hello.txt"]).assert_code(0).stdout(), "hello\n");
    let stat = e2e(&f, &["stat", "/data/secret/key.txt"]);
    assert_eq!(stat.assert_code(0).stdout(), "type=file size=8\n");
    assert_os_error(&e2e(&f, &["ls", "/data/secret"]), EACCES);
    // Each kernel run has its own sandbox id.
    let ids: std::collections::BTreeSet<String> =
        f.audit_records().iter().map(|r| r["sandbox"].as_str().unwrap().to_owned()).collect();
    assert_eq!(ids.len(), 2, "{ids:?}");
}

#[test]
fn rules_apply_to_the_resolved_path_so_symlinks_do_not_route_around_them() {
    let f = fixture("[[fs]]\npath = \"/data/secret/**\"\ndeny = [\"read\"]\n");
    std::os::unix::fs::symlink("../data/secret/key.txt", f.path("rw/via")).unwrap();
    let run = e2e(&f, &["cat", "/rw/via"]);
    assert_os_error(&run, EACCES);
    let r = record_for(&f.audit_records(), "/data/secret/key.txt");
    assert_eq!(r["rule"], "fs[0].deny");
}

#[test]
fn audit_goes_to_the_kernels_stderr_without_an_audit_file() {
    let f = Fixture::new();
    f.install_guest("wasi-e2e", "app/e2e.wasm");
    f.write("data/secret.txt", "s\n");
    f.policy(
        "[[mount]]\nhost = \"app\"\npath = \"/app\"\n\n[[mount]]\nhost = \"data\"\npath = \"/data\"\n\n[[fs]]\npath = \"/data/secret.txt\"\ndeny = [\"read\"]\n",
    );
    let run = f.run(&["/app/e2e.wasm", "cat", "/data/secret.txt"]);
    run.assert_code(1);
    let stderr = run.stderr();
    let records: Vec<Value> = stderr
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    let r = record_for(&records, "/data/secret.txt");
    assert_eq!((r["rule"].as_str(), r["errno"].as_str()), (Some("fs[0].deny"), Some("EACCES")));
    // The program's own message is there too, on its own line.
    assert!(stderr.lines().any(|l| l.starts_with("error: ") && l.ends_with("(os error 2)")));
    assert!(!f.path("audit.jsonl").exists());
}

#[test]
fn deny_wins_over_a_read_write_mount() {
    let f = fixture(
        "[[fs]]\npath = \"/rw/locked/**\"\ndeny = [\"write\"]\n\n[[fs]]\npath = \"/rw/**\"\nallow = [\"write\"]\n",
    );
    assert_os_error(&e2e(&f, &["write", "/rw/locked/f.txt", "changed"]), EACCES);
    assert_os_error(&e2e(&f, &["append", "/rw/locked/f.txt", "more"]), EACCES);
    assert_eq!(std::fs::read_to_string(f.path("rw/locked/f.txt")).unwrap(), "locked\n");
    let records = f.audit_records();
    assert_eq!(records.len(), 2, "{records:?}");
    assert!(records.iter().all(|r| r["rule"] == "fs[0].deny" && r["object"] == "/rw/locked/f.txt"));
    // Next to it, the mount's baseline stands.
    e2e(&f, &["write", "/rw/existing.txt", "new"]).assert_code(0);
    assert_eq!(std::fs::read_to_string(f.path("rw/existing.txt")).unwrap(), "new");
}

#[test]
fn an_allow_rule_cannot_lift_a_read_only_mount() {
    let f = fixture("[[fs]]\npath = \"/data/**\"\nallow = [\"write\", \"create\", \"delete\"]\n");
    assert_os_error(&e2e(&f, &["write", "/data/hello.txt", "x"]), EROFS);
    assert_os_error(&e2e(&f, &["write", "/data/new.txt", "x"]), EROFS);
    assert_os_error(&e2e(&f, &["rm", "/data/hello.txt"]), EROFS);
    assert_eq!(std::fs::read_to_string(f.path("data/hello.txt")).unwrap(), "hello\n");
    assert!(!f.path("data/new.txt").exists());
    let records = f.audit_records();
    let r = record_for(&records, "/data/new.txt");
    assert_eq!(r["rule"], "mount[1].mode = \"ro\"");
    assert_eq!(r["errno"], "EROFS");
    assert_eq!(records.len(), 3);
}

#[test]
fn create_and_write_are_different_operations() {
    // May create new files (and fill them through the new descriptor), not change
    // existing ones.
    let f = fixture("[[fs]]\npath = \"/rw/**\"\ndeny = [\"write\"]\n");
    assert_eq!(e2e(&f, &["write", "/rw/new.txt", "fresh"]).assert_code(0).stdout(), "fresh");
    assert_eq!(std::fs::read_to_string(f.path("rw/new.txt")).unwrap(), "fresh");
    assert_os_error(&e2e(&f, &["write", "/rw/existing.txt", "changed"]), EACCES);
    assert_os_error(&e2e(&f, &["append", "/rw/new.txt", "more"]), EACCES);
    assert_eq!(std::fs::read_to_string(f.path("rw/existing.txt")).unwrap(), "old\n");

    // May change existing files, not create any.
    policy(&f, "[[fs]]\npath = \"/rw/**\"\ndeny = [\"create\"]\n");
    assert_os_error(&e2e(&f, &["write", "/rw/other.txt", "x"]), EACCES);
    assert!(!f.path("rw/other.txt").exists());
    assert_os_error(&e2e(&f, &["mkdir", "/rw/dir"]), EACCES);
    assert_os_error(&e2e(&f, &["symlink", "existing.txt", "/rw/link"]), EACCES);
    e2e(&f, &["write", "/rw/existing.txt", "changed"]).assert_code(0);
    assert_eq!(std::fs::read_to_string(f.path("rw/existing.txt")).unwrap(), "changed");
    let rules: Vec<Value> = f.audit_records().iter().map(|r| r["rule"].clone()).collect();
    assert!(rules.iter().all(|r| r == "fs[0].deny"), "{rules:?}");
}

#[test]
fn delete_can_be_denied() {
    let f = fixture("[[fs]]\npath = \"/rw/keep/**\"\ndeny = [\"delete\"]\n");
    assert_os_error(&e2e(&f, &["rm", "/rw/keep/a.txt"]), EACCES);
    assert_os_error(&e2e(&f, &["rmdir", "/rw/keep"]), EACCES);
    assert!(f.path("rw/keep/a.txt").exists());
    let r = record_for(&f.audit_records(), "/rw/keep/a.txt");
    assert_eq!((r["call"].as_str(), r["rule"].as_str()), (Some("unlinkat"), Some("fs[0].deny")));
    // Writing is still allowed there.
    e2e(&f, &["write", "/rw/keep/a.txt", "b"]).assert_code(0);
    e2e(&f, &["rm", "/rw/existing.txt"]).assert_code(0);
}

#[test]
fn rename_needs_delete_at_the_source_and_create_at_the_target() {
    let f = fixture(
        "[[fs]]\npath = \"/rw/keep/**\"\ndeny = [\"delete\"]\n\n[[fs]]\npath = \"/rw/in/**\"\ndeny = [\"create\"]\n\n[[fs]]\npath = \"/rw/locked/**\"\ndeny = [\"read\"]\n",
    );
    assert_os_error(&e2e(&f, &["rename", "/rw/keep/a.txt", "/rw/a.txt"]), EACCES);
    assert_os_error(&e2e(&f, &["rename", "/rw/existing.txt", "/rw/in/e.txt"]), EACCES);
    assert!(f.path("rw/keep/a.txt").exists() && f.path("rw/existing.txt").exists());
    let records = f.audit_records();
    assert_eq!(record_for(&records, "/rw/keep/a.txt")["rule"], "fs[0].deny");
    assert_eq!(record_for(&records, "/rw/in/e.txt")["rule"], "fs[1].deny");
    // Moving a file out from under a read denial would make it readable: EXDEV, so
    // that `mv` copies instead (and the copy's read is refused).
    assert_os_error(&e2e(&f, &["rename", "/rw/locked/f.txt", "/rw/f.txt"]), EXDEV);
    assert!(f.path("rw/locked/f.txt").exists());
    // A rename the rules allow at both ends.
    e2e(&f, &["rename", "/rw/existing.txt", "/rw/moved.txt"]).assert_code(0);
    assert!(f.path("rw/moved.txt").exists());
}

#[test]
fn the_in_memory_root_is_read_only_unless_a_rule_allows() {
    let f = fixture("");
    assert_os_error(&e2e(&f, &["mkdir", "/work"]), EACCES);
    assert_eq!(record_for(&f.audit_records(), "/work")["rule"], "default deny");
    e2e(&f, &["mkdir", "/tmp/ok"]).assert_code(0);
    policy(&f, "[[fs]]\npath = \"/out.txt\"\nallow = [\"create\", \"write\"]\n");
    assert_eq!(e2e(&f, &["write", "/out.txt", "made"]).assert_code(0).stdout(), "made");
}

#[test]
fn a_program_the_policy_does_not_let_be_read_does_not_start() {
    let f = fixture("[[fs]]\npath = \"/app/*.wasm\"\ndeny = [\"read\"]\n");
    let run = e2e(&f, &["exit", "0"]);
    run.assert_code(126);
    assert!(run.stderr().contains("refused by the policy"), "{}", run.stderr());
    let r = record_for(&f.audit_records(), "/app/e2e.wasm");
    assert_eq!((r["call"].as_str(), r["rule"].as_str()), (Some("execve"), Some("fs[0].deny")));
}

#[test]
fn output_bytes_refuses_the_write_that_would_pass_it() {
    let f = fixture("[limits]\noutput_bytes = 50\n");
    f.write("data/small.txt", "x".repeat(39) + "\n");
    f.write("data/big.txt", "y".repeat(59) + "\n");
    e2e(&f, &["cat", "/data/small.txt"]).assert_code(0);
    let run = e2e(&f, &["cat", "/data/big.txt"]);
    // Nothing of the refused write came out; the error message (34 bytes) still fits.
    assert_os_error(&run, EFBIG);
    assert_eq!(run.stdout(), "");
    let records = f.audit_records();
    let r = record_for(&records, "stdout");
    assert_eq!(
        (r["call"].as_str(), r["rule"].as_str()),
        (Some("write"), Some("limits.output_bytes"))
    );
    assert_eq!(r["errno"], "EFBIG");
    assert_eq!(records.len(), 1);
    // Stdout and stderr share one budget: with 30 bytes, the message (written in
    // pieces by `eprintln!`) is cut where it would pass the limit, and the guest's
    // `eprintln!` panics on the EFBIG it then meets.
    policy(&f, "[limits]\noutput_bytes = 30\n");
    let run = e2e(&f, &["cat", "/data/big.txt"]);
    assert_ne!(run.code(), 0);
    assert_eq!(run.stdout(), "");
    assert!(run.stderr().len() <= 30, "{:?}", run.stderr());
    assert!("error: FileTooLarge (os error 22)".starts_with(&run.stderr()), "{:?}", run.stderr());
}

#[test]
fn fs_bytes_and_fs_inodes_bound_the_in_memory_file_system() {
    let f = fixture("[limits]\nfs_bytes = 1000\n");
    e2e(&f, &["write", "/tmp/small", "fits"]).assert_code(0);
    let big = "b".repeat(2000);
    assert_os_error(&e2e(&f, &["write", "/tmp/big", &big]), ENOSPC);
    let r = record_for(&f.audit_records(), "/tmp/big");
    assert_eq!(
        (r["rule"].as_str(), r["errno"].as_str()),
        (Some("limits.fs_bytes"), Some("ENOSPC"))
    );

    // The limit counts what the program makes, not the skeleton or the mount points.
    policy(&f, "[limits]\nfs_inodes = 2\n");
    e2e(&f, &["mkdir", "/tmp/one", "/tmp/two"]).assert_code(0);
    assert_os_error(&e2e(&f, &["mkdir", "/tmp/one", "/tmp/two", "/tmp/three"]), ENOSPC);
    let r = record_for(&f.audit_records(), "/tmp/three");
    assert_eq!(r["rule"], "limits.fs_inodes");
}

#[test]
fn argv_and_env_over_their_limits_do_not_start() {
    let f = fixture("[limits]\nargv_bytes = 40\n");
    // "/app/e2e.wasm" (14 with its NUL) + "args" (5) + "x" (2) = 21
    assert_eq!(e2e(&f, &["args", "x"]).assert_code(0).stdout(), "/app/e2e.wasm\nargs\nx\n");
    let run = e2e(&f, &["args", &"a".repeat(30)]);
    run.assert_code(126);
    assert!(run.stderr().contains("limits.argv_bytes = 40"), "{}", run.stderr());
    assert!(run.stderr().contains("E2BIG"), "{}", run.stderr());
    let r = record_for(&f.audit_records(), "/app/e2e.wasm");
    assert_eq!(
        (r["call"].as_str(), r["rule"].as_str()),
        (Some("execve"), Some("limits.argv_bytes"))
    );
    assert_eq!(r["errno"], "E2BIG");

    policy(&f, "[env]\npass = [\"E2E_BIG\"]\n\n[limits]\nenv_bytes = 64\n");
    let ok = f.run_with(&["/app/e2e.wasm", "env"], &[], b"", &[("E2E_BIG", "small")]);
    // PWD is the runtime's (the WASI convention for the working directory), not the
    // policy's, and the limit does not count it.
    assert_eq!(ok.assert_code(0).stdout(), "E2E_BIG=small\nPWD=/\n");
    let big = "v".repeat(100);
    let run = f.run_with(&["/app/e2e.wasm", "env"], &[], b"", &[("E2E_BIG", &big)]);
    run.assert_code(126);
    assert!(run.stderr().contains("limits.env_bytes = 64"), "{}", run.stderr());
    assert_eq!(f.audit_records().last().unwrap()["rule"], "limits.env_bytes");
}

fn policy_check(file: &std::path::Path) -> (i32, String, String) {
    let out = Command::new(bin_dir().join("kernel"))
        .args(["policy", "check"])
        .arg(file)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn policy_check_lists_every_problem_with_file_line_and_key() {
    let f = Fixture::new();
    std::fs::create_dir(f.path("app")).unwrap();
    let file = f.policy(
        r#"[[mount]]
host = "app"
path = "/app"
mode = "rx"

[[fs]]
path = "relative/**"
deny = ["read"]

[[fs]]
path = "/ok"
allow = ["read", "execute"]

[process]
spawn = ["/bin/sh"]

[net]
connect = ["example.com"]

[limits]
output_bytes = -1
"#,
    );
    let (code, stdout, stderr) = policy_check(&file);
    assert_eq!(code, 1, "{stdout}");
    let shown = file.display().to_string();
    let want = [
        (4, "mount[0].mode"),
        (7, "fs[0].path"),
        (12, "fs[1].allow[1]"),
        (15, "process.spawn[0]"),
        (18, "net.connect[0]"),
        (21, "limits.output_bytes"),
    ];
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), want.len() + 1, "{stderr}");
    for (line, (n, key)) in lines.iter().zip(want) {
        assert!(line.starts_with(&format!("{shown}:{n}:")), "{line}");
        assert!(line.contains(&format!(": `{key}`: ")), "{line}");
    }
    assert_eq!(lines[want.len()], format!("{shown}: 6 problems"));

    // `kernel run` refuses it with the same list.
    let run = f.run(&["/app/x.wasm"]);
    run.assert_code(125);
    assert_eq!(
        run.stderr().lines().filter(|l| l.starts_with("kernel: invalid policy: ")).count(),
        6
    );
}

#[test]
fn policy_check_explains_the_new_sections() {
    let f = fixture(
        r#"[[fs]]
path = "/rw/locked/**"
deny = ["write", "delete"]

[process]
spawn = ["*"]

[net]
connect = ["*.example.com:443"]
listen = ["127.0.0.1:8080"]

[limits]
output_bytes = 1048576
processes = 4
"#,
    );
    let (code, stdout, stderr) = policy_check(&f.path("policy.toml"));
    assert_eq!(code, 0, "{stderr}");
    for want in [
        "fs[0]  /rw/locked/**  deny write, delete",
        "may spawn every command installed in the sandbox",
        "connect to: *.example.com:443",
        "listen on: 127.0.0.1:8080",
        "output      1 MiB to stdout and stderr together (EFBIG beyond)",
        "processes   4 at once",
        "audit.jsonl",
    ] {
        assert!(stdout.contains(want), "missing {want:?} in:\n{stdout}");
    }
}

#[test]
fn the_example_policy_is_valid() {
    let file = tests::workspace_root().join("policies/examples/example.toml");
    let (code, stdout, stderr) = policy_check(&file);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("file rules"), "{stdout}");
}
