//! The escape suite: what a program tries in order to reach the host, from inside each
//! runtime, through the real kernel, each with the exact outcome it must get.
//!
//! The host holds a secret file next to the sandbox's mounted directories (a sibling of
//! them, so `..` from a mount is one step away) and a planted symlink to it in each
//! mount. The native side (a compromised runtime making system calls directly, through
//! the same lock-down path) is `confinement.rs` (`confine-probe`); hostile bytes on the
//! rings are `hostile.rs`; hostile arguments to every kernel call are `syscalls.rs` and
//! the `kernel_dispatch` fuzz target; the kernel's own confinement is
//! `kernel_confinement.rs`.

use std::process::Command;

use tests::{Fixture, Run};

/// WASI errno numbers as the guest prints them (`os error N`).
const ENOENT: i32 = 44;
const EACCES: i32 = 2;
const EROFS: i32 = 69;
const EXDEV: i32 = 75;

const SECRET: &str = "host secret\n";

struct Escape {
    f: Fixture,
    secret: String,
}

fn escape() -> Escape {
    let f = Fixture::new();
    f.install_guest("wasi-e2e", "app/e2e.wasm");
    f.install_guest("proc-e2e", "app/proc.wasm");
    f.write("app/file.txt", "in the app\n");
    std::fs::create_dir_all(f.path("rw")).expect("mkdir rw");
    let secret = f.write("secret.txt", SECRET).display().to_string();
    for dir in ["app", "rw"] {
        std::os::unix::fs::symlink(&secret, f.path(&format!("{dir}/abs-link"))).expect("symlink");
        std::os::unix::fs::symlink("../secret.txt", f.path(&format!("{dir}/rel-link")))
            .expect("symlink");
    }
    f.policy(
        "[[mount]]\nhost = \"app\"\npath = \"/app\"\n\n\
         [[mount]]\nhost = \"rw\"\npath = \"/rw\"\nmode = \"rw\"\n\n\
         [process]\nspawn = [\"*\"]\n",
    );
    Escape { f, secret }
}

#[track_caller]
fn assert_errno(run: &Run, errno: i32, what: &str) {
    let needle = format!("(os error {errno})");
    assert!(
        run.code() == 1 && run.stderr().contains(&needle),
        "{what}: expected WASI errno {errno}, got status {} stderr {:?} stdout {:?}",
        run.code(),
        run.stderr(),
        run.stdout()
    );
    assert!(!run.stdout().contains(SECRET.trim()), "{what} leaked the secret");
}

fn wasm(e: &Escape, args: &[&str]) -> Run {
    let mut all = vec!["/app/e2e.wasm"];
    all.extend_from_slice(args);
    e.f.run(&all)
}

#[test]
fn host_files_cannot_be_read_by_any_path() {
    let e = escape();
    let s = &e.secret;
    let paths = [
        s.clone(),
        format!("/app/..{s}"),
        format!("/rw/../../../../../..{s}"),
        "/app/../secret.txt".to_owned(),
        "/rw/../secret.txt".to_owned(),
        "/app/abs-link".to_owned(),
        "/app/rel-link".to_owned(),
        "/rw/abs-link".to_owned(),
        "/rw/rel-link".to_owned(),
        format!("/proc/self/root{s}"),
        format!("/proc/1/root{s}"),
        "/proc/self/cwd/../secret.txt".to_owned(),
        format!("/dev/fd/3{s}"),
        "/proc/self/environ".to_owned(),
        "/proc/self/mem".to_owned(),
        "/dev/mem".to_owned(),
        "/dev/sda".to_owned(),
        "/etc/shadow".to_owned(),
    ];
    for path in &paths {
        assert_errno(&wasm(&e, &["cat", path]), ENOENT, path);
    }
}

#[test]
fn symlinks_made_inside_resolve_inside() {
    let e = escape();
    let run = wasm(&e, &["symlink", &e.secret, "/rw/made-link"]);
    run.assert_code(0);
    assert_errno(&wasm(&e, &["cat", "/rw/made-link"]), ENOENT, "a symlink made in the sandbox");
    let run = wasm(&e, &["symlink", "../secret.txt", "/rw/made-rel"]);
    run.assert_code(0);
    assert_errno(&wasm(&e, &["cat", "/rw/made-rel"]), ENOENT, "a relative one");
}

#[test]
fn hard_links_cannot_cross_mounts() {
    let e = escape();
    let run = wasm(&e, &["link", "/app/file.txt", "/rw/linked"]);
    assert_errno(&run, EXDEV, "link from a read-only mount into a writable one");
    assert!(!e.f.path("rw/linked").exists());
    // As on Linux, link(2) of a symlink links the symlink itself: the new name is one
    // more symlink, still resolved in the sandbox.
    wasm(&e, &["link", "/rw/abs-link", "/rw/x"]).assert_code(0);
    assert_errno(&wasm(&e, &["cat", "/rw/x"]), ENOENT, "a link of a planted symlink");
}

#[test]
fn writes_outside_writable_mounts_fail() {
    let e = escape();
    assert_errno(&wasm(&e, &["write", "/app/new", "x"]), EROFS, "the read-only mount");
    assert_errno(&wasm(&e, &["write", "/app/file.txt", "x"]), EROFS, "a read-only file");
    assert_errno(&wasm(&e, &["write", "/etc/passwd", "x"]), EACCES, "the sandbox's /etc");
    assert_errno(&wasm(&e, &["write", "/dev/new", "x"]), EACCES, "/dev");
    assert_errno(&wasm(&e, &["write", "/proc/self/status", "x"]), EACCES, "/proc");
    assert_errno(&wasm(&e, &["write", "/rw/abs-link", "x"]), ENOENT, "through a planted symlink");
    assert_eq!(std::fs::read_to_string(&e.secret).expect("secret"), SECRET);
    assert_eq!(std::fs::read_to_string(e.f.path("app/file.txt")).expect("file"), "in the app\n");
}

/// Host binaries do not exist in the sandbox; host processes cannot be signalled.
#[test]
fn host_programs_and_processes_are_out_of_reach() {
    let e = escape();
    for path in ["/usr/lib/x86_64-linux-gnu/libc.so.6", "/bin/bash", &e.secret] {
        let run = e.f.run(&["/app/proc.wasm", "spawn-path", path]);
        run.assert_code(0);
        assert_eq!(run.stdout(), format!("errno: {ENOENT}\n"), "spawn {path}");
    }
    // A real host process: the test itself, and a sleeper of its own.
    let mut sleeper = Command::new("sleep").arg("60").spawn().expect("sleep");
    for pid in [std::process::id(), sleeper.id()] {
        let run = e.f.run(&["/app/proc.wasm", "kill-pid", &pid.to_string()]);
        run.assert_code(0);
        // ESRCH (71): pids are the sandbox's own; no host pid is ever reachable.
        assert_eq!(run.stdout(), "errno: 71\n", "kill({pid}, 0)");
    }
    assert!(sleeper.try_wait().expect("try_wait").is_none(), "the sleeper still runs");
    let _ = sleeper.kill();
    let _ = sleeper.wait();
}

#[test]
fn node_reaches_nothing_of_the_host_either() {
    let e = escape();
    let s = &e.secret;
    e.f.write(
        "app/escape.js",
        format!(
            r#"const fs = require("fs");
for (const p of ["{s}", "/app/..{s}", "/app/abs-link", "/rw/rel-link", "/proc/self/root{s}",
                 "/proc/1/root{s}", "/dev/fd/3{s}", "/etc/shadow"]) {{
  try {{ fs.readFileSync(p); console.log("READ", p); }} catch (e) {{ console.log(e.code); }}
}}
for (const p of ["/app/new", "/etc/passwd", "/proc/self/status"]) {{
  try {{ fs.writeFileSync(p, "x"); console.log("WROTE", p); }} catch (e) {{ console.log(e.code); }}
}}
"#
        ),
    );
    let run = e.f.run(&["node", "/app/escape.js"]);
    run.assert_code(0);
    assert_eq!(
        run.stdout(),
        "ENOENT\nENOENT\nENOENT\nENOENT\nENOENT\nENOENT\nENOENT\nENOENT\nEROFS\nEACCES\nEACCES\n"
    );
}
