//! The `kernel` command line as a user meets it: the README's example, and logs that
//! stay out of the program's output.

use std::process::{Command, Stdio};

use tests::{bin_dir, guest, workspace_root, Fixture};

#[test]
fn the_readme_example_runs() {
    // `.ci/setup` puts hello.wasm there; do the same so the test stands alone.
    let example = workspace_root().join("policies/examples/hello");
    std::fs::copy(guest("hello"), example.join("app/hello.wasm")).unwrap();
    let out = Command::new(bin_dir().join("kernel"))
        .arg("--config")
        .arg(example.join("policy.toml"))
        .args(["run", "/app/hello.wasm", "world"])
        .env("LANG", "C.UTF-8")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "hello from wasm\nargs: world\nGREETING=hello\n"
    );
    assert_eq!(String::from_utf8_lossy(&out.stderr), "", "nothing is logged at the default level");
}

#[test]
fn the_readme_shell_example_matches_host_bash() {
    // The README's `exec` line, on the example policy and data that ship with the repo,
    // against host bash running it on the same file.
    let example = workspace_root().join("policies/examples/shell");
    let line = "sort /data/words.txt | uniq -c | sort -rn | head -3";
    let out = Command::new(bin_dir().join("kernel"))
        .arg("--config")
        .arg(example.join("policy.toml"))
        .arg("--commands-dir")
        .arg(tests::commands_dir())
        .arg("--module-cache")
        .arg(tests::module_cache_dir())
        .args(["exec", line])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let host = Command::new("bash")
        .arg("-c")
        .arg(line.replace("/data/", &format!("{}/data/", example.display())))
        .env("LC_ALL", "C")
        .output()
        .unwrap();
    assert!(host.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&host.stdout));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("      4 apple\n"));
}

fn hello_fixture() -> Fixture {
    let f = Fixture::new();
    f.install_guest("hello", "app/hello.wasm");
    f.policy("[[mount]]\nhost = \"app\"\npath = \"/app\"\n");
    f
}

#[test]
fn json_logs_go_to_stderr_one_object_per_line() {
    let f = hello_fixture();
    let out = Command::new(bin_dir().join("kernel"))
        .arg("--config")
        .arg(f.path("policy.toml"))
        .args(["--log-format", "json", "--log-level", "debug", "run", "/app/hello.wasm"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "hello from wasm\n",
        "logs leaked into stdout"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert!(lines.len() >= 2, "expected start and exit records: {stderr}");
    for line in &lines {
        let v: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
        assert!(v.get("level").is_some() && v.get("fields").is_some(), "{line}");
    }
    assert!(stderr.contains("\"started\"") && stderr.contains("\"exited\""), "{stderr}");
}

#[test]
fn text_logs_at_trace_never_reach_stdout() {
    let f = hello_fixture();
    let run = f.run_with(&["/app/hello.wasm"], &["--log-level", "trace"], b"", &[]);
    run.assert_code(0);
    assert_eq!(run.stdout(), "hello from wasm\n");
    assert!(run.log.contains("syscall"), "trace level records every syscall: {}", run.log);
}

#[test]
fn run_without_a_policy_is_refused() {
    let out = Command::new(bin_dir().join("kernel")).args(["run", "/app/x.wasm"]).output().unwrap();
    assert_eq!(out.status.code(), Some(125));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--config"));
}

#[test]
fn runtimes_start_from_a_directory_only_the_kernel_can_enter() {
    // The runtime runs as an unprivileged uid; the kernel opens the binary itself and
    // executes it from the descriptor, so a private install or build directory works.
    let f = hello_fixture();
    let private = f.path("private/runtimes");
    std::fs::create_dir_all(&private).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(f.path("private"), std::fs::Permissions::from_mode(0o700)).unwrap();
    std::fs::copy(bin_dir().join("sandbox-wasm"), private.join("sandbox-wasm")).unwrap();
    let run =
        f.run_with(&["/app/hello.wasm"], &["--runtime-dir", private.to_str().unwrap()], b"", &[]);
    run.assert_code(0);
    assert_eq!(run.stdout(), "hello from wasm\n");
}

#[test]
fn policy_check_explains_a_valid_policy_and_pinpoints_a_bad_one() {
    let f = Fixture::new();
    f.write("app/x", "");
    let policy = f.policy(
        "[[mount]]\nhost = \"app\"\npath = \"/app\"\nmode = \"rw\"\n\n[env]\nset = { K = \"v\" }\n",
    );
    let out = Command::new(bin_dir().join("kernel"))
        .args(["policy", "check"])
        .arg(&policy)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    let host = std::fs::canonicalize(f.path("app")).unwrap();
    assert!(text.contains(&format!("/app  host {} (read-write)", host.display())), "{text}");
    assert!(text.contains("K=v"), "{text}");

    f.policy("[[mount]]\nhost = \"app\"\npath = \"/app\"\nmode = \"rx\"\n");
    let out = Command::new(bin_dir().join("kernel"))
        .args(["policy", "check"])
        .arg(&policy)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("policy.toml:4:") && err.contains("mount[0].mode"), "{err}");
}
