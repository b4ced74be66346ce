//! The commands at `/bin` (sandbox-wasm/commands, built from source), through the real
//! kernel: names resolved through the sandbox PATH, output compared with the host's
//! coreutils on the same files, the module cache, and the CPU-time limit.
//!
//! Parity: every line of [`CASES`] runs on the host (GNU coreutils, sed, mawk,
//! diffutils, in a scratch directory holding `data/`) and in the sandbox (`data/`
//! mounted at `/data`, the program's working directory `/`), and stdout and the exit
//! status must match. Adding a command line is one line.

use std::path::Path;
use std::process::Command;

use tests::{commands_dir, Fixture, Run};

/// A command line, and what it reads on stdin.
struct Case {
    argv: &'static [&'static str],
    stdin: &'static str,
}

macro_rules! c {
    ($($arg:literal),+ $(,)?) => { Case { argv: &[$($arg),+], stdin: "" } };
}
macro_rules! ci {
    ($stdin:literal; $($arg:literal),+ $(,)?) => { Case { argv: &[$($arg),+], stdin: $stdin } };
}

const CASES: &[Case] = &[
    c!["ls", "data/dir"],
    c!["ls", "-a", "data/dir"],
    c!["ls", "-1", "data"],
    c!["ls", "data/dir/x.txt", "data/dir/y.txt"],
    c!["ls", "data/missing"],
    c!["cat", "data/words.txt"],
    c!["cat", "data/words.txt", "data/nums.txt"],
    c!["cat", "-n", "data/words.txt"],
    ci!["from stdin\n"; "cat"],
    c!["cat", "data/missing"],
    c!["sort", "data/words.txt"],
    c!["sort", "-r", "data/words.txt"],
    c!["sort", "-u", "data/words.txt"],
    c!["sort", "-n", "data/nums.txt"],
    c!["sort", "-t", ",", "-k", "2", "data/table.csv"],
    c!["sort", "-k", "2n", "data/fields.txt"],
    c!["uniq", "data/sorted.txt"],
    c!["uniq", "-c", "data/sorted.txt"],
    c!["wc", "data/words.txt"],
    c!["wc", "-l", "data/words.txt"],
    c!["wc", "-w", "data/fields.txt"],
    c!["wc", "-c", "data/nums.txt"],
    ci!["one two\nthree\n"; "wc"],
    c!["head", "-n", "2", "data/words.txt"],
    c!["tail", "-n", "2", "data/words.txt"],
    c!["head", "-c", "5", "data/words.txt"],
    c!["cut", "-d", ",", "-f", "2", "data/table.csv"],
    c!["cut", "-c", "1-3", "data/words.txt"],
    ci!["hello World\n"; "tr", "a-z", "A-Z"],
    ci!["a  b   c\n"; "tr", "-s", " "],
    c!["sed", "s/a/X/g", "data/words.txt"],
    c!["sed", "-n", "2p", "data/words.txt"],
    c!["sed", "2d", "data/words.txt"],
    c!["sed", "-e", "/an/d", "-e", "s/^/> /", "data/words.txt"],
    c!["sed", "-n", "$=", "data/words.txt"],
    c!["awk", "{print $1}", "data/fields.txt"],
    c!["awk", "-F", ",", "{print $2}", "data/table.csv"],
    c!["awk", "{s += $1} END {print s}", "data/nums.txt"],
    c!["awk", "NR == 2", "data/words.txt"],
    c!["awk", "{print NF, length($0)}", "data/fields.txt"],
    c!["awk", "BEGIN {printf \"%5.2f|%s\\n\", 3.14159, \"x\"}"],
    c!["diff", "data/a.txt", "data/b.txt"],
    c!["diff", "data/a.txt", "data/a.txt"],
    c!["diff", "-q", "data/a.txt", "data/b.txt"],
    c!["diff", "data/a.txt", "data/missing"],
    c!["cmp", "data/a.txt", "data/a.txt"],
    c!["echo", "hello", "world"],
    c!["echo", "-n", "no newline"],
    c!["printf", "%s-%d\\n", "a", "5"],
    c!["seq", "5"],
    c!["seq", "2", "2", "10"],
    c!["basename", "/a/b/c.txt"],
    c!["basename", "/a/b/c.txt", ".txt"],
    c!["dirname", "/a/b/c.txt"],
    c!["base64", "data/words.txt"],
    c!["sha256sum", "data/words.txt"],
    c!["md5sum", "data/words.txt"],
    c!["expr", "2", "+", "3"],
    c!["test", "-f", "data/words.txt"],
    c!["test", "-d", "data/words.txt"],
    c!["true"],
    c!["false"],
    c!["nl", "data/words.txt"],
    c!["fold", "-w", "3", "data/words.txt"],
    c!["paste", "data/words.txt", "data/nums.txt"],
    c!["comm", "data/a.txt", "data/b.txt"],
    c!["tac", "data/words.txt"],
    c!["tee"],
    c!["printenv", "NOT_SET"],
];

/// The files every case sees, at `data/` (host) and `/data` (sandbox).
fn lay_out(f: &Fixture) {
    f.write("root/data/words.txt", "banana\napple\ncherry\napple\ndate\n");
    f.write("root/data/nums.txt", "10\n2\n33\n4\n");
    f.write("root/data/sorted.txt", "a\na\nb\nc\nc\nc\n");
    f.write("root/data/table.csv", "x,3,foo\ny,1,bar\nz,2,baz\n");
    f.write("root/data/fields.txt", "alpha 3 one\nbeta 1 two three\ngamma 2\n");
    f.write("root/data/a.txt", "one\ntwo\nthree\nfour\n");
    // Changes only: diffutils 0.6 writes a one-line deletion or addition as `4,4d3`
    // where GNU writes `4d3` (docs/wasi.md, divergences).
    f.write("root/data/b.txt", "one\n2\nthree\nFOUR\n");
    f.write("root/data/dir/x.txt", "x\n");
    f.write("root/data/dir/y.txt", "y\n");
    f.write("root/data/dir/.hidden", "h\n");
    f.policy("[[mount]]\nhost = \"root/data\"\npath = \"/data\"\n");
}

fn commands_opts() -> Vec<String> {
    vec!["--commands-dir".into(), commands_dir().display().to_string()]
}

fn sandbox(f: &Fixture, argv: &[&str], stdin: &str) -> Run {
    let opts = commands_opts();
    let opts: Vec<&str> = opts.iter().map(String::as_str).collect();
    f.run_with(argv, &opts, stdin.as_bytes(), &[])
}

fn host(root: &Path, argv: &[&str], stdin: &str) -> std::process::Output {
    use std::io::Write;
    let mut child = Command::new(argv[0])
        .args(&argv[1..])
        .current_dir(root)
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("LC_ALL", "C")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("host {}: {e}", argv[0]));
    child.stdin.take().expect("stdin").write_all(stdin.as_bytes()).expect("host stdin");
    child.wait_with_output().expect("host wait")
}

#[test]
fn command_lines_match_the_host() {
    let f = Fixture::new();
    lay_out(&f);
    let root = f.path("root");
    let mut mismatches = Vec::new();
    for case in CASES {
        let want = host(&root, case.argv, case.stdin);
        let got = sandbox(&f, case.argv, case.stdin);
        let want_out = String::from_utf8_lossy(&want.stdout);
        if got.stdout() != want_out || Some(got.code()) != want.status.code() {
            mismatches.push(format!(
                "{:?}\n  host:    {:?} {:?}\n  sandbox: {:?} {:?} (stderr {:?})",
                case.argv,
                want.status.code(),
                want_out,
                got.code(),
                got.stdout(),
                got.stderr()
            ));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} of {} command lines differ:\n{}",
        mismatches.len(),
        CASES.len(),
        mismatches.join("\n")
    );
}
