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
// Chained rather than raced: how far apart timers of different delays fire depends on
// the machine's load, for host node too.
let n = 0; const iv = setInterval(() => {
  log(`interval ${++n}`);
  if (n === 3) {
    clearInterval(iv);
    setTimeout(() => { log("timeout 20"); setImmediate(() => log("immediate")); }, 20);
  }
}, 1);
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
        &["-e", "try { require('worker_threads') } catch (e) { console.log(e.code) }"],
    );
    run.assert_code(0);
    assert_eq!(run.stdout(), "ERR_SANDBOX_UNSUPPORTED\n");
    // Node 22's global fetch exists, and rejects saying what is unsupported (the
    // sandbox has no network) instead of a ReferenceError.
    let run = sandboxed(
        &f,
        &["-e", "fetch('http://example.com/').catch((e) => console.log(typeof fetch, e.code, e.message))"],
    );
    run.assert_code(0);
    assert_eq!(
        run.stdout(),
        "function ERR_SANDBOX_UNSUPPORTED fetch() is not supported in sandbox-node yet\n"
    );
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
    // A host file outside every mount: neither its path nor `..` may reach it.
    let secret = f.write("secret.txt", "host secret\n").display().to_string();
    f.write(
        "app/escape.js",
        format!(
            r#"
const fs = require("fs");
for (const p of ["{secret}", "/proc/self/maps", "/proc/self/environ", "../../..{secret}"]) {{
  try {{ fs.readFileSync(p); console.log("READ", p); }} catch (e) {{ console.log(p, e.code); }}
}}
console.log(typeof process.binding, typeof globalThis.ops, typeof globalThis.Deno);
"#
        ),
    );
    let run = sandboxed(&f, &["/app/escape.js"]);
    run.assert_code(0);
    assert_eq!(
        run.stdout(),
        format!(
            "{secret} ENOENT\n/proc/self/maps ENOENT\n/proc/self/environ ENOENT\n\
             ../../..{secret} ENOENT\nundefined undefined undefined\n"
        )
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

// ---------------------------------------------------------------------------------
// The parity suite: every program under tests/node/parity, run by host node and by the
// sandbox on the same files.

/// Where the sandbox sees [`tests::node_parity_root`] (read-only).
const PARITY_MOUNT: &str = "/parity";

/// Programs whose output is expected to differ from host node, with why. The list must
/// be exactly what the run finds: a program fixed without its entry removed fails too.
const PARITY_DIVERGENCES: &[(&str, &str)] = &[];

/// What may differ and is not the program's behaviour, made equal on both sides:
/// - the host's path of the parity directory is `/parity` in the sandbox;
/// - stack frames inside Node's own code (`node:...`) are implementation details of
///   either side and dropped;
/// - the header of an uncaught-exception report thrown inside Node's own code
///   (`node:fs:573`, that file's source line and a caret) names Node's source, not
///   the program's: the three lines become `node:<internal>`;
/// - the process id in warnings, `(node:1234)` (the sandboxed program is pid 1 of its
///   own namespace): `(node:PID)`;
/// - how many frames an error shares with its cause (`... 4 lines matching cause
///   stack trace ...`): they are Node's internal frames;
/// - the version on the last line of an uncaught-exception report (the host's exact
///   v20.x against the API level the sandbox reports).
fn normalise_parity(text: &str, host_root: &str) -> String {
    let text = mask_warning_pids(&text.replace(host_root, PARITY_MOUNT));
    let mut out = String::with_capacity(text.len());
    let mut lines = text.split_inclusive('\n');
    while let Some(line) = lines.next() {
        if is_internal_position(line) {
            // The source line and the caret under it.
            lines.next();
            lines.next();
            out.push_str("node:<internal>\n");
            continue;
        }
        let trimmed = line.trim_start();
        let internal_frame = trimmed.starts_with("at ")
            && (trimmed.contains("(node:") || trimmed.starts_with("at node:"));
        if internal_frame {
            // The last frame of an error printed with properties carries the
            // object's opening brace: keep it.
            if line.trim_end().ends_with(" {") && out.ends_with('\n') {
                out.pop();
                out.push_str(" {\n");
            }
            continue;
        }
        if let Some(n) = matching_frames_count(line) {
            out.push_str(&line.replacen(n, "<n>", 1));
            continue;
        }
        if let Some(rest) = line.strip_prefix("Node.js v") {
            let tail = if rest.ends_with('\n') { "\n" } else { "" };
            out.push_str("Node.js <version>");
            out.push_str(tail);
            continue;
        }
        out.push_str(line);
    }
    out
}

/// The count in `    ... 4 lines matching cause stack trace ...`: it counts frames
/// inside Node's own code, which differ between the two.
fn matching_frames_count(line: &str) -> Option<&str> {
    let rest = line.trim_start().strip_prefix("... ")?;
    let (count, tail) = rest.split_once(' ')?;
    (tail.starts_with("lines matching") && count.bytes().all(|b| b.is_ascii_digit()))
        .then_some(count)
}

/// `(node:<digits>)` -> `(node:PID)`.
fn mask_warning_pids(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("(node:") {
        out.push_str(&rest[..i + 6]);
        rest = &rest[i + 6..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && rest[digits..].starts_with(')') {
            out.push_str("PID");
            rest = &rest[digits..];
        }
    }
    out.push_str(rest);
    out
}

/// `node:fs:573` or `node:internal/process/promises:389`, alone on its line.
fn is_internal_position(line: &str) -> bool {
    let Some(rest) = line.trim_end().strip_prefix("node:") else {
        return false;
    };
    let Some((file, number)) = rest.rsplit_once(':') else {
        return false;
    };
    !file.is_empty()
        && !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit())
        && file.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'/' || b == b'_')
}

#[test]
fn parity_programs_match_host_node() {
    let root = tests::node_parity_root();
    let host_root = root.to_string_lossy().into_owned();
    let f = Fixture::new();
    f.policy(&format!(
        "[[mount]]\nhost = {:?}\npath = {PARITY_MOUNT:?}\nmode = \"ro\"\n\n[process]\nspawn = [\"node\"]\n",
        host_root
    ));
    let programs = tests::node_parity_programs();
    assert!(programs.len() >= 50, "only {} parity programs found", programs.len());
    let mut differing = Vec::new();
    let mut report = String::new();
    for program in &programs {
        let sandbox_path = format!("{PARITY_MOUNT}/{program}");
        let run = f.run(&["node", &sandbox_path]);
        let ours = Outcome {
            stdout: normalise_parity(&run.stdout(), &host_root),
            stderr: normalise_parity(&run.stderr(), &host_root),
            code: run.code(),
        };
        let host_path = root.join(program);
        let host_path = host_path.to_string_lossy();
        let theirs = host(&f, &[&host_path], &[]);
        let theirs = Outcome {
            stdout: normalise_parity(&theirs.stdout, &host_root),
            stderr: normalise_parity(&theirs.stderr, &host_root),
            code: theirs.code,
        };
        if ours != theirs {
            differing.push(program.clone());
            report.push_str(&format!(
                "=== {program}\n--- sandbox (status {})\n{}\n--- stderr\n{}\n--- host (status {})\n{}\n--- stderr\n{}\n",
                ours.code, ours.stdout, ours.stderr, theirs.code, theirs.stdout, theirs.stderr
            ));
        }
    }
    let expected: Vec<String> = PARITY_DIVERGENCES.iter().map(|(p, _)| p.to_string()).collect();
    assert_eq!(
        differing, expected,
        "parity programs differing from host node (left) vs PARITY_DIVERGENCES (right):\n{report}"
    );
}

#[test]
fn reaching_the_heap_limit_ends_like_node_out_of_memory() {
    let f = Fixture::new();
    f.policy("[limits]\nmemory_mb = 64\n\n[audit]\nfile = \"audit.jsonl\"\n");
    // Many small objects (the GC keeps trying), one big growing array, and a string
    // concatenation: each reaches the limit a different way.
    let programs = [
        "const keep = []; console.log('start'); for (;;) keep.push({ a: [1, 2, 3], s: 'x' + keep.length });",
        "const a = []; for (let i = 0; ; i++) a.push(i * 1.5);",
        "let s = 'ab'; const parts = []; for (;;) { s += s.length; parts.push(s.slice(-1000) + s.length); }",
        // One allocation far beyond the limit.
        "const big = new Array(2 ** 26).fill(1.5); console.log(big.length);",
    ];
    for source in programs {
        let run = sandboxed(&f, &["-e", source]);
        run.assert_code(134);
        assert!(
            run.stderr().ends_with(
                "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n"
            ),
            "{source}: {}\n--- log\n{}",
            run.stderr(),
            run.log
        );
        assert!(!run.log.contains("killed by signal"), "{}", run.log);
        assert!(!run.log.contains("without reporting"), "{}", run.log);
        // The operator sees which limit ended it.
        let audit = std::fs::read_to_string(f.path("audit.jsonl")).expect("audit log");
        assert!(audit.contains("\"limits.memory_mb\""), "{source}: {audit}");
        std::fs::remove_file(f.path("audit.jsonl")).expect("reset the audit log");
    }
    // Below the limit nothing changes; 'exit' listeners do not run on the way out (as
    // Node, which aborts).
    let run = sandboxed(
        &f,
        &["-e", "process.on('exit', () => console.log('exit ran')); const keep = []; for (;;) keep.push({ i: keep.length });"],
    );
    run.assert_code(134);
    assert_eq!(run.stdout(), "");
    let run = sandboxed(&f, &["-e", "const a = new Array(1e6).fill(0); console.log(a.length)"]);
    run.assert_code(0);
    assert_eq!(run.stdout(), "1000000\n");
}

#[test]
fn fs_and_modules_stay_inside_the_policy() {
    // The policy is the kernel's: every fs call, require and import of the new APIs
    // goes through it, and so does a symlink the program makes itself.
    let f = Fixture::new();
    // A host file outside every mount: no path, `..` or symlink may reach it.
    let host_secret = f.write("host-secret.txt", "host secret\n").display().to_string();
    f.write("app/secret.key", "top secret\n");
    f.write("app/secret.json", "{\"k\": 1}\n");
    f.write("app/ok.mjs", "export default 'ok';\n");
    f.write(
        "app/abuse.js",
        r#"
const fs = require("fs");
const tryIt = (name, fn) => { try { console.log(name, JSON.stringify(fn())); } catch (e) { console.log(name, e.code); } };
const hostSecret = process.argv[2];
const hostDir = hostSecret.slice(0, hostSecret.lastIndexOf("/"));
tryIt("stat host file", () => fs.statSync(hostSecret).size);
tryIt("readdir host dir", () => fs.readdirSync(hostDir).length);
tryIt("realpath ..", () => fs.realpathSync("/app/../../.."));
tryIt("read denied", () => fs.readFileSync("/app/secret.key", "utf8"));
tryIt("open denied", () => fs.openSync("/app/secret.key", "r"));
tryIt("require denied", () => require("/app/secret.json"));
fs.symlinkSync("/app/secret.key", "/tmp/link-to-secret");
tryIt("read via symlink", () => fs.readFileSync("/tmp/link-to-secret", "utf8"));
fs.symlinkSync(`../../../..${hostSecret}`, "/tmp/escape");
tryIt("read escape symlink", () => fs.readFileSync("/tmp/escape", "utf8"));
tryIt("realpath escape", () => fs.realpathSync("/tmp/escape"));
tryIt("write ro mount", () => fs.writeFileSync("/app/new", "x"));
tryIt("mkdir ro mount", () => fs.mkdirSync("/app/dir"));
tryIt("rm -r ro mount", () => fs.rmSync("/app", { recursive: true }));
tryIt("nul in path", () => fs.statSync("/app/ok.mjs\u0000x"));
const fd = fs.openSync("/app/ok.mjs");
tryIt("read past the buffer", () => fs.readSync(fd, Buffer.alloc(4), 0, 2 ** 31));
const zlib = require("zlib");
const bomb = zlib.gzipSync(Buffer.alloc(8 << 20));
tryIt("zlib bomb capped", () => zlib.gunzipSync(bomb, { maxOutputLength: 1 << 20 }).length);
import("/app/ok.mjs")
  .then((m) => { console.log("import ok", m.default); return import("/app/secret.json", { with: { type: "json" } }); })
  .catch((e) => console.log("import denied", e.code));
"#,
    );
    f.policy(
        "[[mount]]\nhost = \"app\"\npath = \"/app\"\nmode = \"ro\"\n\n\
         [[fs]]\npath = \"/app/secret.*\"\ndeny = [\"read\"]\n\n\
         [audit]\nfile = \"audit.jsonl\"\n",
    );
    let run = sandboxed(&f, &["/app/abuse.js", &host_secret]);
    run.assert_code(0);
    assert_eq!(
        run.stdout(),
        "stat host file ENOENT\nreaddir host dir ENOENT\nrealpath .. \"/\"\nread denied EACCES\n\
         open denied EACCES\nrequire denied EACCES\nread via symlink EACCES\n\
         read escape symlink ENOENT\nrealpath escape ENOENT\nwrite ro mount EROFS\n\
         mkdir ro mount EROFS\nrm -r ro mount EROFS\nnul in path ERR_INVALID_ARG_VALUE\n\
         read past the buffer ERR_OUT_OF_RANGE\nzlib bomb capped ERR_BUFFER_TOO_LARGE\n\
         import ok ok\nimport denied EACCES\n",
        "{}",
        run.stderr()
    );
    // Each denial is an audit record for the operator.
    let audit = std::fs::read_to_string(f.path("audit.jsonl")).expect("audit log");
    assert!(audit.lines().filter(|l| l.contains("secret")).count() >= 4, "{audit}");
}

/// Real npm packages, installed at test time from the registry with `npm install
/// --ignore-scripts` into a fixture project mounted read-only, used by
/// `tests/node/npm/main.js` (CommonJS and ES module packages, `exports` maps,
/// `#imports`, JSON, dynamic import) and compared with host node.
#[test]
fn npm_packages_behave_as_under_host_node() {
    let f = Fixture::new();
    let source = tests::workspace_root().join("tests/node/npm");
    for file in ["package.json", "main.js"] {
        let text = std::fs::read(source.join(file)).expect("tests/node/npm");
        f.write(&format!("app/{file}"), text);
    }
    let install = Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--ignore-scripts", "--no-package-lock"])
        .current_dir(f.path("app"))
        .output()
        .expect("npm must be installed (it comes with host node) to install the fixture packages");
    assert!(
        install.status.success(),
        "npm install failed (the npm registry must be reachable):\n{}",
        String::from_utf8_lossy(&install.stderr)
    );
    f.policy("[[mount]]\nhost = \"app\"\npath = \"/app\"\nmode = \"ro\"\n");
    let run = sandboxed(&f, &["/app/main.js"]);
    let theirs = host(&f, &["app/main.js"], &[]);
    assert_eq!(theirs.code, 0, "host node: {}", theirs.stderr);
    assert_eq!(outcome(&run), theirs, "--- kernel log\n{}", run.log);
    assert!(
        run.stdout().contains("[ [ 1, 2 ], [ 3, 4 ], [ 5 ] ] helloBigWorld"),
        "{}",
        run.stdout()
    );
}

#[test]
fn the_cpu_limit_counts_the_javascript_thread_s_cpu_time() {
    let f = Fixture::new();
    f.policy("[limits]\ncpu_ms = 300\n\n[audit]\nfile = \"audit.jsonl\"\n");
    // A busy loop is stopped near its limit by the runtime itself (the backstop's
    // status, its own message, not a signal), with the operator's audit record.
    let run = sandboxed(&f, &["-e", "console.log('spinning'); for (;;) {}"]);
    run.assert_code(137);
    assert_eq!(run.stdout(), "spinning\n");
    assert_eq!(run.stderr(), "FATAL ERROR: CPU time limit reached ([limits] cpu_ms)\n");
    assert!(!run.log.contains("killed by signal"), "{}", run.log);
    let audit = std::fs::read_to_string(f.path("audit.jsonl")).expect("audit log");
    assert!(audit.contains("\"limits.cpu_ms\""), "{audit}");
    // Waiting costs no CPU: a program that sleeps past the limit's worth of wall-clock
    // time ends normally.
    let run =
        sandboxed(&f, &["-e", "setTimeout(() => console.log('woke after', 'wall time'), 800)"]);
    run.assert_code(0);
    assert_eq!(run.stdout(), "woke after wall time\n");
}

#[test]
fn stdin_reads_the_program_s_input_as_in_node() {
    let f = fixture();
    let input = "line one\nline two ✓\n".repeat(3000);
    let programs = [
        ("stdin-stream.js", "let n = 0; let text = ''; process.stdin.setEncoding('utf8');\n\
          process.stdin.on('data', (c) => { n++; text += c; });\n\
          process.stdin.on('end', () => console.log('end', text.length, text.split('\\n').length, n > 0));\n"),
        ("stdin-sync.js", "const t = require('fs').readFileSync(0, 'utf8'); console.log(t.length, t.slice(0, 8));\n"),
        ("stdin-iter.js", "(async () => { let bytes = 0; for await (const c of process.stdin) bytes += c.length; console.log('bytes', bytes); })();\n"),
    ];
    for (name, source) in programs {
        let script = format!("app/{name}");
        f.write(&script, source);
        let run = f.run_with(&["node", &format!("/{script}")], &[], input.as_bytes(), &[]);
        let theirs = {
            use std::io::Write as _;
            let mut child = Command::new("node")
                .arg(&script)
                .current_dir(f.dir.path())
                .env_clear()
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("host node");
            child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("feed stdin");
            let out = child.wait_with_output().expect("host node");
            Outcome {
                stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
                stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
                code: out.status.code().unwrap_or(-1),
            }
        };
        assert_eq!(outcome(&run), theirs, "{name}\n--- kernel log\n{}", run.log);
    }
}

// child_process: children are the kernel's processes, started only as the policy's
// `[process] spawn` allows.

#[test]
fn child_process_runs_wasm_programs_and_nested_node() {
    let f = Fixture::new();
    f.install_guest("hello", "app/hello.wasm");
    f.write(
        "app/main.js",
        r#"
const cp = require('child_process');
const r = cp.spawnSync('/app/hello.wasm', ['a', 'b'], { env: { GREETING: 'hi' }, encoding: 'utf8' });
console.log(JSON.stringify([r.status, r.signal, r.stdout, r.stderr]));
const child = cp.spawn('node', ['-e', 'console.log(require("child_process").execFileSync("/app/hello.wasm").toString().trim())']);
let out = '';
child.stdout.on('data', (d) => { out += d; });
child.on('close', (code) => console.log(JSON.stringify([code, out])));
"#,
    );
    f.policy(
        "[[mount]]\nhost = \"app\"\npath = \"/app\"\nmode = \"ro\"\n\n\
         [process]\nspawn = [\"node\", \"hello.wasm\"]\n",
    );
    let run = f.run(&["node", "/app/main.js"]);
    run.assert_code(0);
    assert_eq!(
        run.stdout(),
        "[0,null,\"hello from wasm\\nargs: a b\\nGREETING=hi\\n\",\"\"]\n[0,\"hello from wasm\\n\"]\n",
        "{}",
        run.stderr()
    );
}

#[test]
fn child_process_spawn_refused_by_policy_is_eacces_and_audited() {
    let f = Fixture::new();
    f.install_guest("hello", "app/hello.wasm");
    f.write(
        "app/main.js",
        r#"
const cp = require('child_process');
const child = cp.spawn('node', ['-e', '0']);
child.on('error', (e) => {
  console.log(e.message, e.code, e.errno, e.syscall, e.path);
  const r = cp.spawnSync('/app/hello.wasm');
  console.log(r.error.code, r.status);
  try { cp.execFileSync('node', ['-e', '0']); } catch (err) { console.log('threw', err.code); }
  // exec runs `/bin/sh -c`: the shell is installed, but this policy lets nothing be
  // spawned, the shell included.
  cp.exec('echo hi', (err) => console.log('exec', err.code, err.syscall, err.path));
});
"#,
    );
    f.policy(
        "[[mount]]\nhost = \"app\"\npath = \"/app\"\nmode = \"ro\"\n\n\
         [audit]\nfile = \"audit.jsonl\"\n",
    );
    let run = with_commands(&f, &["node", "/app/main.js"]);
    run.assert_code(0);
    assert_eq!(
        run.stdout(),
        "spawn node EACCES EACCES -13 spawn node node\nEACCES null\nthrew EACCES\n\
         exec EACCES spawn /bin/sh /bin/sh\n",
        "{}",
        run.stderr()
    );
    let audit = std::fs::read_to_string(f.path("audit.jsonl")).expect("audit log");
    assert!(
        audit.lines().filter(|l| l.contains("process.spawn")).count() >= 3,
        "every refused spawn is audited: {audit}"
    );
}

#[test]
fn child_process_kill_and_exit_codes_reach_the_parent() {
    let f = Fixture::new();
    f.write(
        "app/main.js",
        r#"
const cp = require('child_process');
const statuses = [0, 1, 42, 255].map((n) => cp.spawnSync('node', ['-e', `process.exit(${n})`]).status);
console.log(statuses.join(' '));
const killed = cp.spawnSync('node', ['-e', 'process.kill(process.pid, "SIGKILL")']);
console.log(killed.status, killed.signal);
const child = cp.spawn('node', ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
child.on('exit', (code, signal) => console.log('exit', code, signal, child.killed));
setTimeout(() => child.kill('SIGUSR1'), 10);
"#,
    );
    f.policy(
        "[[mount]]\nhost = \"app\"\npath = \"/app\"\nmode = \"ro\"\n\n[process]\nspawn = [\"node\"]\n",
    );
    let run = f.run(&["node", "/app/main.js"]);
    run.assert_code(0);
    assert_eq!(
        run.stdout(),
        "0 1 42 255\nnull SIGKILL\nexit null SIGUSR1 true\n",
        "{}",
        run.stderr()
    );
}

#[test]
fn debuglog_and_style_text_follow_the_environment() {
    // NODE_DEBUG and FORCE_COLOR come from the policy's environment, as Node reads
    // them from its own; the section line carries the sandbox's pid (1).
    let f = Fixture::new();
    f.policy("[env]\nset = { NODE_DEBUG = \"foo,ba*\", FORCE_COLOR = \"1\" }\n");
    let run = sandboxed(
        &f,
        &[
            "-e",
            "const util = require('util'); \
             util.debuglog('foo')('hello %d', 42); util.debuglog('bar')('x'); \
             util.debuglog('quux')('not shown'); \
             console.log(util.debuglog('baz').enabled, util.debuglog('quux').enabled); \
             console.log(JSON.stringify(util.styleText('red', 'r')));",
        ],
    );
    run.assert_code(0);
    assert_eq!(run.stderr(), "FOO 1: hello 42\nBAR 1: x\n");
    assert_eq!(run.stdout(), "true false\n\"\\u001b[31mr\\u001b[39m\"\n");
}

#[test]
fn stdout_write_errors_are_stream_errors() {
    // Past `[limits] output_bytes` a write is EFBIG: process.stdout emits 'error' (as
    // Node's stream does for a failed write); with no listener the program ends as for
    // an uncaught exception. console.log ignores the error, as Node's console does.
    let f = Fixture::new();
    f.policy("[limits]\noutput_bytes = 64\n");
    let handled = sandboxed(
        &f,
        &[
            "-e",
            "console.log('x'.repeat(100)); \
             process.stdout.on('error', (e) => { process.exitCode = e.code === 'EFBIG' && e.syscall === 'write' ? 42 : 2; }); \
             process.stdout.write('y'.repeat(100));",
        ],
    );
    handled.assert_code(42);
    assert_eq!(handled.stdout(), "");
    let unhandled = sandboxed(&f, &["-e", "process.stdout.write('z'.repeat(100));"]);
    unhandled.assert_code(1);
    assert_eq!(unhandled.stdout(), "");
}

#[test]
fn child_process_abuse_meets_the_kernels_limits() {
    // A spawn storm against `[limits] processes`, arguments over `argv_bytes`, NUL
    // bytes, and signals to pids outside the sandbox: each an error the program sees
    // as Node reports it, the limits audited.
    let f = Fixture::new();
    f.write(
        "app/main.js",
        r#"
const cp = require('child_process');
const results = { ok: 0, EAGAIN: 0, other: [] };
let pending = 10;
const done = () => {
  if (--pending > 0) return;
  console.log('storm', results.ok + results.EAGAIN, results.EAGAIN > 0, results.ok > 0, results.other);
  try { cp.spawnSync('node', ['-e', '0', 'x'.repeat(1100000)]).error.code === 'E2BIG' && console.log('sync E2BIG'); } catch (e) { console.log('sync threw', e.code); }
  try { cp.spawn('node', ['-e', '0', 'x'.repeat(1100000)]); } catch (e) { console.log('spawn threw', e.code, e.syscall); }
  try { cp.spawn('node', ['a\u0000b']); } catch (e) { console.log(e.code); }
  for (const pid of [2 ** 22, 99999, -99999]) {
    try { process.kill(pid, 'SIGKILL'); } catch (e) { console.log('kill', pid, e.code); }
  }
};
for (let i = 0; i < 10; i++) {
  const child = cp.spawn('node', ['-e', 'setTimeout(() => {}, 300)'], { stdio: 'ignore' });
  child.on('error', (e) => { if (e.code === 'EAGAIN') results.EAGAIN++; else results.other.push(e.code); done(); });
  child.on('exit', () => { results.ok++; done(); });
}
"#,
    );
    f.policy(
        "[[mount]]\nhost = \"app\"\npath = \"/app\"\nmode = \"ro\"\n\n[process]\nspawn = [\"node\"]\n\n\
         [limits]\nprocesses = 4\nargv_bytes = 1048576\n\n[audit]\nfile = \"audit.jsonl\"\n",
    );
    let run = f.run(&["node", "/app/main.js"]);
    run.assert_code(0);
    assert_eq!(
        run.stdout(),
        "storm 10 true true []\nsync E2BIG\nspawn threw E2BIG spawn\nERR_INVALID_ARG_VALUE\n\
         kill 4194304 ESRCH\nkill 99999 ESRCH\nkill -99999 ESRCH\n",
        "{}",
        run.stderr()
    );
    let audit = std::fs::read_to_string(f.path("audit.jsonl")).expect("audit log");
    assert!(audit.contains("limits.processes"), "{audit}");
    assert!(audit.contains("limits.argv_bytes"), "{audit}");
}

/// exec and execSync run their command line under the sandbox's shell, which starts the
/// installed commands.
#[test]
fn child_process_exec_runs_the_sandbox_shell() {
    let f = Fixture::new();
    f.write(
        "app/main.js",
        r#"
const cp = require('child_process');
console.log(cp.execSync('echo one two | tr a-z A-Z').toString().trim());
cp.exec('seq 1 3 | sort -rn | head -1; exit 4', (err, out) => console.log(err.code, out.trim()));
"#,
    );
    f.policy("[[mount]]\nhost = \"app\"\npath = \"/app\"\n\n[process]\nspawn = [\"*\"]\n");
    let run = with_commands(&f, &["node", "/app/main.js"]);
    run.assert_code(0);
    assert_eq!(run.stdout(), "ONE TWO\n4 3\n", "{}", run.stderr());
}

/// Runs the kernel with the installed commands (and the shell) at `/bin`.
fn with_commands(f: &Fixture, args: &[&str]) -> Run {
    let dir = tests::commands_dir().display().to_string();
    f.run_with(args, &["--commands-dir", &dir], b"", &[])
}

#[test]
fn the_runtime_starts_from_its_build_time_snapshot() {
    // `--snapshot-info` deserialises the embedded snapshot as every start does (its op
    // functions bound through the external references) and reads what the build-time
    // bootstrap left, running no JavaScript. The op count is checked against the one
    // op list, read here from the source.
    let table =
        std::fs::read_to_string(tests::workspace_root().join("sandbox-node/src/ops/table.rs"))
            .expect("the op table");
    let ops = table.lines().filter(|l| l.trim_start().contains("::op_")).count();
    assert!(ops > 40, "{table}");
    let info = || {
        let out = Command::new(tests::bin_dir().join("sandbox-node"))
            .arg("--snapshot-info")
            .output()
            .expect("running sandbox-node --snapshot-info");
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
        stdout
    };
    let stdout = info();
    let mut lines = stdout.lines();
    let blob = lines.next().expect("the snapshot line");
    let bytes: u64 = blob
        .strip_prefix("startup snapshot: ")
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(bytes > 100_000, "{stdout}");
    assert!(blob.ends_with(&format!(", {ops} ops")), "{stdout}");
    assert_eq!(
        lines.next(),
        Some(
            "context: bootstrapped, hooks afterTask beforeExit exitCode main nextDeadline poll \
             runNextTask start uncaught, process.version v20.0.0"
        ),
        "{stdout}"
    );
    // Each process has its own hash seed, not the one baked into the snapshot: the
    // same string hashes differently in two processes.
    let hash = |text: &str| -> String {
        let line = text.lines().nth(2).unwrap_or_default();
        line.strip_prefix("string hash: ").unwrap_or_else(|| panic!("{text}")).to_string()
    };
    let other = info();
    assert_ne!(hash(&stdout), hash(&other), "{stdout}{other}");
}

#[test]
fn each_run_has_its_own_random_state_and_clock_origin() {
    // The snapshot is shared by every run: what is random or time-bound must be set
    // after it is deserialised. Math.random's state (V8 reseeds a deserialised
    // context), crypto, and the time origin (read at start, not at build).
    let f = fixture();
    let program = "console.log(JSON.stringify([Math.random(), Math.random(), \
                   crypto.randomUUID(), performance.timeOrigin, Date.now()]))";
    let before = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_millis() as f64;
    let runs: Vec<Vec<serde_json::Value>> = (0..2)
        .map(|_| {
            let run = sandboxed(&f, &["-e", program]);
            run.assert_code(0);
            serde_json::from_str(run.stdout().trim()).expect("a JSON array")
        })
        .collect();
    for i in 0..3 {
        assert_ne!(runs[0][i], runs[1][i], "value {i} is the same in two runs: {runs:?}");
    }
    assert_ne!(runs[0][0], runs[0][1], "{runs:?}");
    for run in &runs {
        let origin = run[3].as_f64().expect("timeOrigin");
        let now = run[4].as_f64().expect("Date.now()");
        // Ordering only (1 ms of rounding): the origin is this run's start.
        assert!(origin + 1.0 >= before && origin <= now, "{run:?} (test start {before})");
    }
}

/// fs streams go through the same kernel calls as the rest of fs: a stream opened
/// outside what the policy allows fails with the kernel's errno as the stream's
/// 'error' (Node's code, syscall and path), through a symlink escape too, and the
/// refusal is audited. Watching is not provided and says so.
#[test]
fn fs_streams_meet_the_policy_and_watch_is_unsupported() {
    let f = Fixture::new();
    let secret = f.path("secret.txt");
    std::fs::write(&secret, "host secret").expect("write secret");
    f.write(
        "app/main.js",
        format!(
            r#"
const fs = require('fs');
const targets = [
  ['read outside', () => fs.createReadStream({secret:?})],
  ['read via link', () => fs.createReadStream('/app/escape')],
  ['read traversal', () => fs.createReadStream('/app/../../secret.txt')],
  ['write ro mount', () => fs.createWriteStream('/app/new.txt')],
  ['write root', () => fs.createWriteStream('/etc/passwd', {{ flags: 'a' }})],
];
(async () => {{
  for (const [label, make] of targets) {{
    await new Promise((resolve) => {{
      const s = make();
      let data = '';
      s.on('data', (d) => {{ data += d; }});
      s.on('error', (e) => console.log(label, e.code, e.syscall, e.path === s.path));
      s.on('close', () => {{ if (data) console.log(label, 'READ', data); resolve(); }});
    }});
  }}
  for (const name of ['watch', 'watchFile', 'unwatchFile']) {{
    try {{ fs[name]('/app', () => {{}}); }} catch (e) {{ console.log(name, e.code); }}
  }}
  try {{ await fs.promises.watch('/app'); }} catch (e) {{ console.log('promises.watch', e.code); }}
}})();
"#,
            secret = secret.display().to_string(),
        ),
    );
    std::os::unix::fs::symlink(&secret, f.path("app/escape")).expect("symlink");
    f.policy(
        "[[mount]]\nhost = \"app\"\npath = \"/app\"\nmode = \"ro\"\n\n[audit]\nfile = \"audit.jsonl\"\n",
    );
    let run = f.run(&["node", "/app/main.js"]);
    run.assert_code(0);
    assert_eq!(
        run.stdout(),
        "read outside ENOENT open true\nread via link ENOENT open true\n\
         read traversal ENOENT open true\nwrite ro mount EROFS open true\n\
         write root EACCES open true\nwatch ERR_SANDBOX_UNSUPPORTED\n\
         watchFile ERR_SANDBOX_UNSUPPORTED\nunwatchFile ERR_SANDBOX_UNSUPPORTED\n\
         promises.watch ERR_SANDBOX_UNSUPPORTED\n",
        "{}",
        run.stderr()
    );
    let audit = std::fs::read_to_string(f.path("audit.jsonl")).expect("audit log");
    assert!(audit.contains("/etc/passwd"), "the refused write is audited: {audit}");
}

/// A zlib stream's native engine is freed when the stream closes or is collected
/// unclosed; streams held open meet a cap (Node's ERR_ZLIB_INITIALIZATION_FAILED)
/// instead of growing the runtime's memory outside the heap limit. A decompression
/// bomb read through a stream arrives in chunks no larger than the chunk size.
#[test]
fn zlib_engines_are_freed_and_bounded() {
    let f = Fixture::new();
    f.write(
        "app/main.js",
        r#"
const zlib = require('zlib');
for (let i = 0; i < 3000; i++) zlib.gunzipSync(zlib.gzipSync('one-shot'));
console.log('one-shot forms close their engines');
for (let i = 0; i < 5000; i++) zlib.createGzip();
console.log('dropped streams are collected');
const held = [];
try { for (let i = 0; i < 5000; i++) held.push(zlib.createDeflate()); } catch (e) { console.log('held', held.length < 5000, e.code, e.message); }
for (const s of held) s.close();
for (let i = 0; i < 1000; i++) zlib.createDeflate().close();
console.log('closed streams give their room back');
const bomb = zlib.gzipSync(Buffer.alloc(16 * 1024 * 1024));
let max = 0;
let total = 0;
const gunzip = zlib.createGunzip({ chunkSize: 4096 });
gunzip.on('data', (d) => { max = Math.max(max, d.length); total += d.length; });
gunzip.on('end', () => console.log('bomb', total, max));
gunzip.end(bomb);
try { zlib.gunzipSync(bomb, { maxOutputLength: 1 << 20 }); } catch (e) { console.log('one-shot bomb', e.code); }
for (const name of ['createBrotliCompress', 'brotliCompressSync', 'crc32']) {
  try { zlib[name](Buffer.from('x')); } catch (e) { console.log(name, e.code); }
}
"#,
    );
    f.policy(
        "[[mount]]\nhost = \"app\"\npath = \"/app\"\nmode = \"ro\"\n\n[limits]\nmemory_mb = 256\n",
    );
    let run = f.run(&["node", "/app/main.js"]);
    run.assert_code(0);
    assert_eq!(
        run.stdout(),
        "one-shot forms close their engines\ndropped streams are collected\n\
         held true ERR_ZLIB_INITIALIZATION_FAILED Initialization failed\n\
         closed streams give their room back\none-shot bomb ERR_BUFFER_TOO_LARGE\n\
         createBrotliCompress ERR_SANDBOX_UNSUPPORTED\nbrotliCompressSync ERR_SANDBOX_UNSUPPORTED\n\
         crc32 ERR_SANDBOX_UNSUPPORTED\nbomb 16777216 4096\n",
        "{}",
        run.stderr()
    );
}

/// exec and execSync with `timeout`, `maxBuffer` and `signal`, through the sandbox's
/// shell, against host node running the same program over the host's shell. Only
/// outcomes are compared (codes, signals, error fields), never times.
#[test]
fn child_process_exec_limits_match_host_node() {
    let f = Fixture::new();
    f.write(
        "app/exec.js",
        r#"const cp = require('child_process');
const show = (label, e) => console.log(label, e.message.split('\n')[0], e.code, e.killed, e.signal, e.status, e.cmd);
try { cp.execSync('sleep 5', { timeout: 200 }); } catch (e) { show('execSync timeout', e); }
try { cp.execSync('yes | head -c 100000', { maxBuffer: 100 }); } catch (e) { show('execSync maxBuffer', e); }
try { cp.execSync('echo fits', { maxBuffer: 100, timeout: 100000 }); console.log('execSync fits'); } catch (e) { show('unexpected', e); }
cp.exec('sleep 5', { timeout: 200, killSignal: 'SIGKILL' }, (err, stdout) => {
  show('exec timeout', err);
  cp.exec('yes', { maxBuffer: 1000 }, (err2, stdout2) => {
    console.log('exec maxBuffer', err2.code, err2.name, stdout2.length, err2.cmd);
    const ac = new AbortController();
    cp.exec('sleep 5', { signal: ac.signal }, (err3) => {
      console.log('exec abort', err3.name, err3.code);
      cp.exec('echo $((6 * 7)); exit 3', { timeout: 100000 }, (err4, out4) => show(`exec in time ${out4.trim()}`, err4));
    });
    setTimeout(() => ac.abort(), 100);
  });
});
"#,
    );
    f.policy(
        "[[mount]]\nhost = \"app\"\npath = \"/app\"\nmode = \"ro\"\n\n[process]\nspawn = [\"*\"]\n",
    );
    let run = with_commands(&f, &["node", "/app/exec.js"]);
    let ours = outcome(&run);
    let theirs = host(&f, &["app/exec.js"], &[("PATH", "/usr/bin:/bin")]);
    assert_eq!(ours, theirs);
    assert!(
        ours.stdout.contains("execSync timeout spawnSync /bin/sh ETIMEDOUT"),
        "{}",
        ours.stdout
    );
}
