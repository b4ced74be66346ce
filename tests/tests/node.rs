//! JavaScript programs run through the real `kernel` binary and `sandbox-node`
//! (`kernel run node <script> [args]`), compared with host `node` running the same
//! file where the feature exists: stdout, stderr and exit status must be equal.
//!
//! Layout: the fixture's `app/` is mounted read-only at `/app`. The sandboxed program
//! starts in `/` and the host one in the fixture directory, so a relative path such
//! as `app/data.txt` names the same file for both.
//!
//! Building: `bin_dir()` builds `sandbox-node`, which links V8. On a machine that
//! cannot download V8, source the prebuilt archive first (`. ../shared/v8/env.sh`,
//! see README "Set up and test"). Host `node` (v20) must be on PATH.

use std::process::Command;

use tests::{Fixture, Run};

const POLICY: &str = r#"
[[mount]]
host = "app"
path = "/app"
mode = "ro"

[env]
set = { GREETING = "hello", EMPTY = "" }
"#;

fn fixture() -> Fixture {
    let f = Fixture::new();
    f.write("app/data.txt", "héllo, sandbox\nline 2\n");
    f.policy(POLICY);
    f
}

/// What a run printed and how it ended.
#[derive(Debug, PartialEq, Eq)]
struct Outcome {
    stdout: String,
    stderr: String,
    code: i32,
}

fn outcome(run: &Run) -> Outcome {
    Outcome { stdout: run.stdout(), stderr: run.stderr(), code: run.code() }
}

/// Runs `node <args>` in the sandbox.
fn sandboxed(f: &Fixture, args: &[&str]) -> Run {
    let mut all = vec!["node"];
    all.extend_from_slice(args);
    f.run(&all)
}

/// Runs host `node <args>` in the fixture directory with only `env` as environment.
fn host(f: &Fixture, args: &[&str], env: &[(&str, &str)]) -> Outcome {
    let out = Command::new("node")
        .args(args)
        .current_dir(f.dir.path())
        .env_clear()
        .envs(env.iter().copied())
        .output()
        .expect("host `node` must be installed (v20) to compare with it");
    Outcome {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code().unwrap_or(-1),
    }
}

/// Writes `app/<name>` and checks that the sandbox and host node agree on it.
#[track_caller]
fn same_as_host(f: &Fixture, name: &str, source: &str, args: &[&str]) -> Outcome {
    let script = format!("app/{name}");
    f.write(&script, source);
    let mut all = vec![script.as_str()];
    all.extend_from_slice(args);
    let run = sandboxed(f, &all);
    let ours = outcome(&run);
    let theirs = host(f, &all, &[("GREETING", "hello"), ("EMPTY", "")]);
    assert_eq!(ours, theirs, "sandbox vs host node for {name}\n--- kernel log\n{}", run.log);
    ours
}

#[test]
fn console_log_formats_like_node() {
    let f = fixture();
    let out = same_as_host(
        &f,
        "console.js",
        r#"
console.log("plain string");
console.log(42, -0, 1.5, 1n, NaN, null, undefined, true);
console.log({ a: 1, b: "x", c: [1, 2, { d: null }], e: undefined, f() {}, s: Symbol("s") });
console.log([1, "a", [2, [3, [4, [5]]]]], { x: { y: { z: { w: 1 } } } });
console.log("%s=%d %i %f %j %o %%", "x", 42.5, 42.5, "1.25", { a: [1] }, { b: 2 }, "extra");
console.log(["a".repeat(30), "b".repeat(30), "c".repeat(30)]);
console.log(Array.from({ length: 120 }, (_, i) => i));
console.log(["apple", "banana", "cherry", "date", "elderberry", "fig", "grape"]);
class Point { constructor() { this.x = 1; this.y = 2; } }
console.log(new Point(), Object.create(null), [undefined, , 3], new Set([1]), new Map([["k", 1]]));
console.log({ "a-b": 1, "it's": "it's" }, [new Date(0)], /re/g, new Error("shown").message);
const o = { name: "o" }; o.self = o; console.log(o);
console.info("info"); console.warn("warn"); console.error("error", { e: 1 });
process.stdout.write("no newline|"); process.stderr.write("raw stderr\n");
"#,
        &[],
    );
    assert!(out.stdout.starts_with("plain string\n42 -0 1.5 1n NaN null undefined true\n"));
}

#[test]
fn argv_after_the_script_matches_node() {
    let f = fixture();
    let out = same_as_host(
        &f,
        "argv.js",
        "console.log(process.argv.slice(2), process.argv.length);\n",
        &["a", "b c", "--flag", "-e", ""],
    );
    assert_eq!(out.stdout, "[ 'a', 'b c', '--flag', '-e', '' ] 7\n");
}

#[test]
fn the_script_path_is_absolute_in_argv() {
    let f = fixture();
    f.write("app/argv1.js", "console.log(process.argv[1], __filename, __dirname);\n");
    let run = sandboxed(&f, &["app/argv1.js"]);
    run.assert_code(0);
    assert_eq!(run.stdout(), "/app/argv1.js /app/argv1.js /app\n");
}

#[test]
fn env_is_exactly_what_the_policy_gives() {
    let f = fixture();
    let out = same_as_host(
        &f,
        "env.js",
        "console.log(process.env, process.env.GREETING, process.env.HOME);\n",
        &[],
    );
    // The kernel gives the environment sorted by name.
    assert_eq!(out.stdout, "{ EMPTY: '', GREETING: 'hello' } hello undefined\n");
}

#[test]
fn exit_statuses_match_node() {
    let f = fixture();
    let cases = [
        ("exit0.js", "console.log('done');\n", 0),
        ("exit3.js", "console.log('before'); process.exit(3); console.log('never');\n", 3),
        ("exitcode.js", "process.exitCode = 5; console.log('still runs');\n", 5),
        (
            "exitlater.js",
            "setTimeout(() => { console.log('timer'); process.exit(7); }, 5);\n\
             process.on('exit', (c) => console.log('exit event', c));\n",
            7,
        ),
        ("exit256.js", "process.exit(256 + 4);\n", 4),
        (
            "exitevent.js",
            "process.on('exit', (code) => { console.log('exiting with', code); process.exitCode = 9; });\n",
            9,
        ),
    ];
    for (name, source, code) in cases {
        let out = same_as_host(&f, name, source, &[]);
        assert_eq!(out.code, code, "{name}");
    }
}

#[test]
fn read_file_sync_reads_a_mounted_file() {
    let f = fixture();
    let out = same_as_host(
        &f,
        "read.js",
        r#"
const fs = require("fs");
const text = fs.readFileSync("app/data.txt", "utf8");
console.log(JSON.stringify(text), text.length);
const bytes = fs.readFileSync("app/data.txt");
console.log(bytes.length, bytes[0], bytes.toString("hex").slice(0, 12), Buffer.isBuffer(bytes));
console.log(bytes.subarray(0, 6));
console.log(fs.readFileSync("app/data.txt", { encoding: "latin1" }).slice(0, 4));
console.log(require("node:fs").readFileSync === fs.readFileSync);
"#,
        &[],
    );
    assert!(out
        .stdout
        .starts_with("\"héllo, sandbox\\nline 2\\n\" 22\n23 104 68c3a96c6c6f true\n"));
}

#[test]
fn a_missing_file_is_node_s_enoent() {
    let f = fixture();
    let out = same_as_host(
        &f,
        "enoent.js",
        r#"
const fs = require("fs");
for (const p of ["app/missing.txt", "/nonexistent/x"]) {
  try {
    fs.readFileSync(p);
  } catch (e) {
    console.log(e.code, e.errno, e.syscall, e.path, e instanceof Error);
    console.log(e.message);
    console.log(Object.keys(e));
  }
}
try { fs.readFileSync("app"); } catch (e) { console.log(e.code, e.errno, e.syscall, e.path, e.message); }
"#,
        &[],
    );
    assert!(
        out.stdout
            .starts_with("ENOENT -2 open app/missing.txt true\nENOENT: no such file or directory, open 'app/missing.txt'\n"),
        "{}",
        out.stdout
    );
}

#[test]
fn an_uncaught_enoent_prints_like_node() {
    let f = fixture();
    f.write("app/uncaught-enoent.js", "require('fs').readFileSync('/nope');\n");
    let run = sandboxed(&f, &["app/uncaught-enoent.js"]);
    run.assert_code(1);
    let stderr = run.stderr();
    for line in [
        "Error: ENOENT: no such file or directory, open '/nope'",
        "  errno: -2,",
        "  code: 'ENOENT',",
        "  syscall: 'open',",
        "  path: '/nope'",
    ] {
        assert!(stderr.lines().any(|l| l == line), "missing {line:?} in:\n{stderr}");
    }
}

#[test]
fn write_file_sync_to_tmp_then_read_back() {
    let f = fixture();
    f.write(
        "app/write.js",
        r#"
const fs = require("fs");
fs.writeFileSync("/tmp/out.txt", "first\n");
fs.writeFileSync("/tmp/out.txt", "second ✓\n");
fs.writeFileSync("/tmp/out.txt", Buffer.from("appended\n"), { flag: "a" });
fs.writeFileSync("/tmp/bytes.bin", new Uint8Array([0, 1, 255]));
console.log(JSON.stringify(fs.readFileSync("/tmp/out.txt", "utf8")));
console.log(fs.readFileSync("/tmp/bytes.bin"));
try { fs.writeFileSync("/tmp/out.txt", "x", { flag: "wx" }); } catch (e) { console.log(e.code, e.syscall); }
"#,
    );
    let run = sandboxed(&f, &["/app/write.js"]);
    run.assert_code(0);
    assert_eq!(run.stdout(), "\"second ✓\\nappended\\n\"\n<Buffer 00 01 ff>\nEEXIST open\n");
}

#[test]
fn writing_to_a_read_only_mount_is_erofs() {
    let f = fixture();
    f.write(
        "app/rofs.js",
        r#"
try {
  require("fs").writeFileSync("/app/new.txt", "x");
  console.log("written");
} catch (e) {
  console.log(e.code, e.errno, e.syscall, e.path);
  console.log(e.message);
}
"#,
    );
    let run = sandboxed(&f, &["/app/rofs.js"]);
    run.assert_code(0);
    assert_eq!(
        run.stdout(),
        "EROFS -30 open /app/new.txt\nEROFS: read-only file system, open '/app/new.txt'\n"
    );
    assert!(!f.path("app/new.txt").exists());
}

#[test]
fn an_uncaught_exception_is_status_1_with_node_s_report() {
    let f = fixture();
    let source =
        "console.log('before');\nfunction boom() {\n  throw new TypeError('boom');\n}\nboom();\n";
    f.write("app/throw.js", source);
    let run = sandboxed(&f, &["app/throw.js"]);
    let theirs = host(&f, &["app/throw.js"], &[]);
    run.assert_code(1);
    assert_eq!(theirs.code, 1);
    assert_eq!(run.stdout(), theirs.stdout);
    // The report: `file:line`, the source line, a caret under the throw, a blank line,
    // the stack (its frames differ from Node's own), a blank line, the version.
    let stderr = run.stderr();
    let ours: Vec<&str> = stderr.lines().collect();
    let host_lines: Vec<&str> = theirs.stderr.lines().collect();
    assert_eq!(ours[0], "/app/throw.js:3");
    assert_eq!(host_lines[0], format!("{}/app/throw.js:3", f.dir.path().display()));
    assert_eq!(&ours[1..5], &host_lines[1..5], "{}", run.stderr());
    assert_eq!(ours[4], "TypeError: boom");
    assert!(ours[5].starts_with("    at boom (/app/throw.js:3:9)"), "{}", run.stderr());
    assert!(ours.last().unwrap().starts_with("Node.js v"));
}

#[test]
fn an_unhandled_rejection_is_status_1() {
    let f = fixture();
    let run = sandboxed(&f, &["-e", "Promise.reject(new Error('rejected'))"]);
    run.assert_code(1);
    assert!(run.stderr().lines().any(|l| l == "Error: rejected"), "{}", run.stderr());
    let run = sandboxed(
        &f,
        &["-e", "Promise.reject(new Error('x')).catch(() => console.log('handled'))"],
    );
    run.assert_code(0);
    assert_eq!(run.stdout(), "handled\n");
}

#[test]
fn timers_run_after_microtasks_as_in_node() {
    let f = fixture();
    let out = same_as_host(
        &f,
        "order.js",
        r#"
const log = (s) => console.log(s);
setTimeout(() => log("timeout 20"), 20);
setTimeout(() => {
  log("timeout 0");
  Promise.resolve().then(() => log("promise in timeout"));
  process.nextTick(() => log("tick in timeout"));
}, 0);
setTimeout(() => log("timeout 0 second"), 0);
Promise.resolve().then(() => log("promise"));
process.nextTick(() => log("tick"));
queueMicrotask(() => log("microtask"));
(async () => { await null; log("async"); })();
const t = setTimeout(() => log("cleared"), 1); clearTimeout(t);
let n = 0; const iv = setInterval(() => { log(`interval ${++n}`); if (n === 3) clearInterval(iv); }, 1);
setTimeout(() => setImmediate(() => log("immediate")), 30);
log("sync");
"#,
        &[],
    );
    assert!(
        out.stdout.starts_with("sync\ntick\npromise\nmicrotask\nasync\ntimeout 0\ntick in timeout\npromise in timeout\ntimeout 0 second\n"),
        "{}",
        out.stdout
    );
}

#[test]
fn eval_and_print() {
    let f = fixture();
    let run =
        sandboxed(&f, &["-e", "console.log(process.argv.slice(1), typeof require)", "x", "y"]);
    run.assert_code(0);
    assert_eq!(run.stdout(), "[ 'x', 'y' ] function\n");
    let theirs = host(&f, &["-p", "[1 + 1, 'two']"], &[]);
    let run = sandboxed(&f, &["-p", "[1 + 1, 'two']"]);
    assert_eq!(outcome(&run), theirs);
}

#[test]
fn a_missing_script_is_module_not_found() {
    let f = fixture();
    let run = sandboxed(&f, &["app/missing.js"]);
    run.assert_code(1);
    assert!(
        run.stderr().lines().any(|l| l == "Error: Cannot find module '/app/missing.js'"),
        "{}",
        run.stderr()
    );
    assert!(run.stderr().contains("code: 'MODULE_NOT_FOUND'"), "{}", run.stderr());
}

#[test]
fn relative_require_and_unsupported_modules() {
    let f = fixture();
    f.write("app/lib/math.js", "exports.double = (x) => 2 * x;\n");
    f.write("app/lib/data.json", "{\"k\": [1, 2]}\n");
    let out = same_as_host(
        &f,
        "req.js",
        r#"
const { double } = require("./lib/math");
console.log(double(21), require("./lib/data.json"), require("./lib/math.js") === require("./lib/math"));
try { require("./lib/none"); } catch (e) { console.log(e.code); }
try { require("node:nonexistent"); } catch (e) { console.log(e.code, e.message); }
"#,
        &[],
    );
    assert_eq!(
        out.stdout,
        "42 { k: [ 1, 2 ] } true\nMODULE_NOT_FOUND\nERR_UNKNOWN_BUILTIN_MODULE No such built-in module: node:nonexistent\n"
    );
    // A Node built-in this sandbox does not provide yet says so, with its own code.
    let run = sandboxed(
        &f,
        &["-e", "try { require('child_process') } catch (e) { console.log(e.code) }"],
    );
    run.assert_code(0);
    assert_eq!(run.stdout(), "ERR_SANDBOX_UNSUPPORTED\n");
}

#[test]
fn a_bad_option_is_status_9_as_in_node() {
    let f = fixture();
    let run = sandboxed(&f, &["--no-such-option"]);
    let theirs = host(&f, &["--no-such-option"], &[]);
    assert_eq!(theirs.code, 9);
    run.assert_code(9);
    assert_eq!(run.stderr(), "node: bad option: --no-such-option\n");
}

#[test]
fn the_runtime_is_confined_and_sees_only_the_sandbox() {
    let f = fixture();
    f.write(
        "app/escape.js",
        r#"
const fs = require("fs");
for (const p of ["/etc/passwd", "/etc/shadow", "/proc/self/maps", "/proc/self/environ", "../../etc/passwd"]) {
  try { console.log("READ", p, fs.readFileSync(p, "utf8").split("\n")[1]); } catch (e) { console.log(p, e.code); }
}
console.log(typeof process.binding, typeof globalThis.ops, typeof globalThis.Deno);
"#,
    );
    let run = sandboxed(&f, &["/app/escape.js"]);
    run.assert_code(0);
    assert_eq!(
        run.stdout(),
        // The sandbox's own /etc/passwd (its skeleton), never the host's.
        "READ /etc/passwd sandbox:x:1000:1000:sandbox:/tmp:/bin/sh\n/etc/shadow ENOENT\n\
         /proc/self/maps ENOENT\n/proc/self/environ ENOENT\n\
         READ ../../etc/passwd sandbox:x:1000:1000:sandbox:/tmp:/bin/sh\n\
         undefined undefined undefined\n"
    );
    // The kernel started it as the node runtime (and so under its confinement profile),
    // and it reported its own exit rather than being killed.
    assert!(run.log.contains("runtime=\"sandbox-node\""), "{}", run.log);
    assert!(!run.log.contains("killed by signal"), "{}", run.log);
}

#[test]
fn garbage_collection_and_big_strings_stay_inside_the_profile() {
    // A run that allocates enough to collect garbage many times: V8's GC makes system
    // calls of its own (mmap, madvise, naming mappings) that the profile must allow.
    let f = fixture();
    let run = sandboxed(
        &f,
        &[
            "-e",
            "let a = []; for (let i = 0; i < 300000; i++) a.push({ i, s: 'x' + i }); a = null;\
             const s = 'y'.repeat(8e6); console.log(s.length, new Intl.NumberFormat('de-DE').format(1234.5),\
             new Date(0).toString())",
        ],
    );
    run.assert_code(0);
    assert_eq!(
        run.stdout(),
        "8000000 1.234,5 Thu Jan 01 1970 00:00:00 GMT+0000 (Coordinated Universal Time)\n"
    );
}
