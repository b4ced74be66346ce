//! The commands at `/bin` (sandbox-wasm/commands, built from source), through the real
//! kernel: names resolved through the sandbox PATH, output compared with the host's
//! coreutils on the same files, the module cache, and the CPU-time limit.
//!
//! Parity: every line of [`CASES`] runs on the host (GNU coreutils, sed, mawk, grep,
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
    c!["cat", "-b", "data/blank.txt"],
    c!["cat", "-s", "data/blank.txt"],
    c!["cat", "-A", "data/tabs.txt"],
    ci!["piped\n"; "cat", "-"],
    c!["sort", "-f", "data/mixed.txt"],
    c!["sort", "-t", ",", "-k", "1,1", "-r", "data/table.csv"],
    c!["sort", "-n", "-r", "data/nums.txt"],
    c!["uniq", "-d", "data/sorted.txt"],
    c!["uniq", "-u", "data/sorted.txt"],
    c!["head", "-n", "-2", "data/words.txt"],
    c!["tail", "-n", "+3", "data/words.txt"],
    c!["tail", "-c", "4", "data/words.txt"],
    c!["cut", "-d", " ", "-f", "1", "data/fields.txt"],
    c!["cut", "-d", ",", "-f", "1,3", "data/table.csv"],
    ci!["banana\n"; "tr", "-d", "an"],
    ci!["hello\n"; "tr", "-c", "a-z\n", "_"],
    c!["seq", "-s", ",", "5"],
    c!["seq", "-w", "8", "10"],
    c!["printf", "%05.1f|%x|%s\\n", "3.14159", "255", "end"],
    c!["expr", "length", "hello"],
    c!["expr", "7", "%", "3"],
    c!["expr", "2", "*", "3"],
    c!["nl", "-b", "a", "data/blank.txt"],
    c!["sha1sum", "data/words.txt"],
    c!["sha512sum", "data/words.txt"],
    c!["b2sum", "data/words.txt"],
    c!["cksum", "data/words.txt"],
    c!["base32", "data/words.txt"],
    ci!["aGVsbG8K\n"; "base64", "-d"],
    c!["comm", "-12", "data/a.txt", "data/b.txt"],
    c!["join", "data/join1.txt", "data/join2.txt"],
    c!["paste", "-s", "-d", ",", "data/nums.txt"],
    ci!["a\tb\n"; "expand"],
    c!["fold", "-s", "-w", "8", "data/long.txt"],
    c!["factor", "360"],
    ci!["a b\nb c\n"; "tsort"],
    c!["sed", "-E", "s/(an)+/<&>/", "data/words.txt"],
    c!["sed", "y/abc/xyz/", "data/words.txt"],
    c!["sed", "-n", "/^a/,/^c/p", "data/words.txt"],
    c!["sed", "$d", "data/words.txt"],
    c!["sed", "=", "data/nums.txt"],
    c!["awk", "-v", "x=5", "BEGIN {print x * 2}"],
    c!["awk", "{n[$1]++} END {print length(n)}", "data/words.txt"],
    c!["awk", "BEGIN {print substr(\"hello\", 2, 3), index(\"hello\", \"l\"), toupper(\"x\")}"],
    c!["awk", "/an/ {print NR \": \" $0}", "data/words.txt"],
    c!["awk", "BEGIN {OFS = \"-\"} {$1 = $1; print}", "data/fields.txt"],
    c!["awk", "{print $NF}", "data/fields.txt"],
    c!["awk", "BEGIN {n = split(\"a:b:c\", p, \":\"); print n, p[2]}"],
    c!["awk", "END {print NR}", "data/words.txt"],
    c!["awk", "$2 > 1 {print $1}", "data/fields.txt"],
    c!["cmp", "data/a.txt", "data/b.txt"],
    c!["ls", "-r", "data/dir"],
    c!["ls", "-d", "data/dir"],
    c!["ls", "-p", "data"],
    c!["basename", "-a", "a/b", "c/d"],
    c!["test", "3", "-lt", "5"],
    c!["test", "abc", "=", "abd"],
    c!["[", "-n", "x", "]"],
    c!["echo", "-e", "a\\tb"],
    c!["date", "-u", "-d", "@86400", "+%F %T"],
    c!["sleep", "0"],
    ci!["tee me\n"; "tee"],
    c!["od", "-An", "-c", "data/a.txt"],
    c!["grep", "an", "data/words.txt"],
    c!["grep", "-n", "a", "data/words.txt"],
    c!["grep", "-c", "apple", "data/words.txt"],
    c!["grep", "-v", "a", "data/words.txt"],
    c!["grep", "-i", "APPLE", "data/words.txt"],
    c!["grep", "-E", "ban|che", "data/words.txt"],
    c!["grep", "-q", "zzz", "data/words.txt"],
    c!["grep", "-l", "an", "data/words.txt", "data/nums.txt"],
    c!["grep", "-w", "one", "data/fields.txt"],
    c!["grep", "-o", "an", "data/words.txt"],
    c!["grep", "^a", "data/words.txt"],
    c!["grep", "-x", "apple", "data/words.txt"],
    c!["grep", "-F", ".", "data/words.txt"],
    c!["grep", "-h", "e", "data/words.txt", "data/a.txt"],
    c!["grep", "e", "data/words.txt", "data/a.txt"],
    c!["grep", "x", "data/missing"],
    ci!["x\ny\n"; "grep", "y"],
    c!["wc", "-l", "data/words.txt", "data/nums.txt"],
    c!["wc", "-m", "data/words.txt"],
    c!["head", "-n", "1", "data/words.txt", "data/nums.txt"],
    c!["tail", "-n", "1", "data/words.txt", "data/nums.txt"],
    c!["sort", "-k", "3", "data/fields.txt"],
    c!["sort", "-u", "-r", "data/mixed.txt"],
    // sort -c/-C and -m (single-threaded on WASI: vendor/uu_sort). -c's disorder
    // message is on stderr, compared in exec_lines.rs.
    c!["sort", "-c", "data/sorted.txt"],
    c!["sort", "-c", "data/words.txt"],
    ci!["b\na\n"; "sort", "-c"],
    ci!["a\nb\n"; "sort", "-c"],
    c!["sort", "-c", "data/empty.txt"],
    c!["sort", "-cu", "data/sorted.txt"],
    c!["sort", "-cu", "data/m1.txt"],
    c!["sort", "-C", "data/words.txt"],
    c!["sort", "-C", "data/sorted.txt"],
    c!["sort", "--check=quiet", "data/words.txt"],
    c!["sort", "-c", "-n", "data/n1.txt"],
    c!["sort", "-c", "-n", "data/nums.txt"],
    c!["sort", "-c", "-r", "data/r1.txt"],
    c!["sort", "-c", "-t", ",", "-k", "2n", "data/table.csv"],
    c!["sort", "-c", "data/missing"],
    c!["sort", "-c", "data/dir"],
    c!["sort", "-c", "data/m1.txt", "data/m2.txt"],
    c!["sort", "-m", "data/m1.txt", "data/m2.txt"],
    c!["sort", "-m", "data/m1.txt", "data/m2.txt", "data/m3.txt"],
    c!["sort", "-m", "data/m1.txt", "data/empty.txt", "data/sorted.txt"],
    c!["sort", "-m", "-n", "data/n1.txt", "data/n2.txt"],
    c!["sort", "-m", "-u", "data/m1.txt", "data/m2.txt", "data/m3.txt"],
    c!["sort", "-m", "-r", "data/r1.txt", "data/r2.txt"],
    c!["sort", "-m", "-k", "2n", "data/k1.txt", "data/k2.txt"],
    c!["sort", "-m", "-s", "-k", "2n", "data/k1.txt", "data/k2.txt"],
    ci!["b\nd\n"; "sort", "-m", "-", "data/m1.txt"],
    c!["sort", "-m", "data/m1.txt", "data/missing"],
    c!["sort", "-m", "data/dir", "data/m1.txt"],
    c!["cut", "-c", "2-", "data/words.txt"],
    c!["cut", "-s", "-d", ",", "-f", "2", "data/words.txt"],
    ci!["a,b\n"; "tr", ",", "\n"],
    ci!["aAbB\n"; "tr", "[:upper:]", "[:lower:]"],
    c!["seq", "10", "-3", "1"],
    c!["seq", "1.5", "0.5", "3"],
    c!["printf", "%-5s|%5s|\\n", "ab", "cd"],
    c!["printf", "%c%c\\n", "hello", "world"],
    c!["expr", "abc", ":", "a\\(.\\)"],
    c!["expr", "5", ">", "3"],
    c!["sed", "-n", "2,3p", "data/words.txt"],
    c!["sed", "s/\\(.\\)\\(.\\)/\\2\\1/", "data/words.txt"],
    c!["sed", "-e", "1d", "-e", "s/e/E/2", "data/words.txt"],
    c!["sed", "/apple/s/p/P/g", "data/words.txt"],
    c!["awk", "{print length()}", "data/words.txt"],
    c!["awk", "BEGIN {x = 7; x %= 3; print x, 2 ^ 10}"],
    c!["awk", "-F", ",", "$2 >= 2 {s += $2} END {print s}", "data/table.csv"],
    c!["awk", "{printf \"%-8s|%3d\\n\", $1, $2}", "data/fields.txt"],
    c!["awk", "BEGIN {while (i < 3) {i++; printf \"%d \", i}; print \"\"}"],
    c!["awk", "{gsub(/a/, \"A\"); print}", "data/words.txt"],
    c!["awk", "NR % 2 == 0", "data/words.txt"],
    c!["basename", "-s", ".csv", "data/table.csv"],
    c!["test", "-e", "data/missing"],
    c!["test", "-s", "data/words.txt"],
    // find and xargs (uutils findutils; -exec and xargs start programs through the
    // kernel's spawn). One match each: the two walk directories in different orders.
    c!["find", "data/dir", "-name", "x.txt"],
    c!["find", "data", "-name", "*.csv"],
    c!["find", "data/dir", "-type", "f", "-name", "y*"],
    c!["find", "data/missing"],
    c!["find", "data/dir", "-name", "x.txt", "-exec", "cat", "{}", ";"],
    c!["find", "data/dir", "-name", "y.txt", "-exec", "wc", "-c", "{}", "+"],
    c!["find", "data/dir", "-name", "x.txt", "-exec", "false", ";"],
    ci!["data/words.txt\n"; "xargs", "cat"],
    ci!["a b c\n"; "xargs", "-n", "1", "echo"],
    ci!["x\n"; "xargs", "false"],
    ci!["x\n"; "xargs", "nosuch"],
    ci!["data/a.txt data/b.txt\n"; "xargs", "wc", "-l"],
    // env CMD, awk system()
    c!["env", "FOO=bar", "printenv", "FOO"],
    c!["env", "-i", "A=1", "printenv", "A"],
    c!["env", "nosuch"],
    c!["env", "false"],
    c!["nice", "printenv", "NOT_SET"],
    c!["sed", "1e echo first", "data/words.txt"],
    ci!["echo from-sed\n"; "sed", "e"],
    c!["nice", "-n", "3", "cat", "data/a.txt"],
    c!["awk", "BEGIN { system(\"echo from-awk\"); print \"after\" }"],
    c!["awk", "BEGIN { print system(\"exit 3\") }"],
    // chmod, stat, du (over the kernel's stat and chmod: sandbox_fs_v1)
    // (changing modes is in exec_lines.rs: /data is read-only here)
    c!["chmod", "644", "data/missing"],
    c!["chmod", "-R", "u+w", "data/missing"],
    c!["stat", "-c", "%s %F %a %h", "data/words.txt"],
    c!["stat", "-c", "%F %n", "data/dir"],
    c!["stat", "--printf", "%n:%s\\n", "data/a.txt", "data/b.txt"],
    c!["stat", "-L", "-c", "%s", "data/words.txt"],
    c!["stat", "data/missing"],
    c!["stat", "-f", "-c", "%T %s %S %l %b %c", "data/words.txt"],
    c!["stat", "-f", "data/missing"],
    c!["du", "-s", "data/dir"],
    c!["du", "-b", "data/words.txt"],
    c!["du", "-sh", "data/dir"],
    c!["du", "-c", "data/a.txt", "data/b.txt"],
    c!["du", "data/missing"],
    c!["df", "data/missing"],
    // tar, gzip
    c!["tar", "tf", "data/missing.tar"],
    c!["tar", "-xf", "data/missing.tar"],
    c!["zcat", "data/hello.gz"],
    c!["gzip", "-d", "-c", "data/hello.gz"],
    ci!["not gzip\n"; "gzip", "-d"],
    c!["gunzip", "-c", "data/missing.gz"],
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
    f.write("root/data/blank.txt", "one\n\n\n\ntwo\n\nthree\n");
    f.write("root/data/tabs.txt", "a\tb\n");
    f.write("root/data/mixed.txt", "b\nB\na\nA\n");
    // Sorted inputs for sort -m and -c (m*: text, n*: numeric, r*: reversed, k*: by
    // the second field numerically).
    f.write("root/data/m1.txt", "apple\ncherry\nfig\n");
    f.write("root/data/m2.txt", "banana\ncherry\ndate\nkiwi\n");
    f.write("root/data/m3.txt", "apple\nelder\nfig\ngrape\n");
    f.write("root/data/n1.txt", "2\n10\n33\n");
    f.write("root/data/n2.txt", "-1\n4\n10\n100\n");
    f.write("root/data/r1.txt", "fig\ncherry\napple\n");
    f.write("root/data/r2.txt", "kiwi\ndate\ncherry\nbanana\n");
    f.write("root/data/k1.txt", "x 1\nb 3\na 20\n");
    f.write("root/data/k2.txt", "c 2\na 3\nz 20\n");
    f.write("root/data/empty.txt", "");
    f.write("root/data/join1.txt", "1 one\n2 two\n3 three\n");
    f.write("root/data/join2.txt", "1 uno\n3 tres\n");
    f.write("root/data/long.txt", "the quick brown fox jumps over the lazy dog\n");
    f.write("root/data/dir/x.txt", "x\n");
    f.write("root/data/dir/y.txt", "y\n");
    f.write("root/data/dir/.hidden", "h\n");
    // `printf 'hello gzip\n' | gzip -n -9`, made by GNU gzip.
    f.write(
        "root/data/hello.gz",
        [
            0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0x02, 0x03, 0xcb, 0x48, 0xcd, 0xc9, 0xc9, 0x57, 0x48,
            0xaf, 0xca, 0x2c, 0xe0, 0x02, 0x00, 0x39, 0x7c, 0x63, 0x56, 0x0b, 0, 0, 0,
        ],
    );
    // find -exec, xargs, env CMD and awk system() start programs.
    f.policy("[[mount]]\nhost = \"root/data\"\npath = \"/data\"\n\n[process]\nspawn = [\"*\"]\n");
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

/// Every name `commands --list` knows is installed at /bin, and nothing else is.
#[test]
fn every_command_is_installed_and_dispatches() {
    let f = Fixture::new();
    lay_out(&f);
    let run = sandbox(&f, &["commands", "--list"], "");
    run.assert_code(0);
    let mut listed: Vec<String> = run.stdout().lines().map(str::to_owned).collect();
    listed.sort();
    let mut installed: Vec<String> = std::fs::read_dir(commands_dir().join("bin"))
        .expect("install tree")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        // The multicall module itself, and the shell (a program of its own).
        .filter(|n| n != "commands" && n != "sh")
        .collect();
    installed.sort();
    assert_eq!(listed, installed);
    assert!(installed.len() >= 80, "{} commands", installed.len());
    // The same module answers under every name, by argv[0]: `ls` and `/usr/bin/ls` (the
    // second PATH directory) alike.
    sandbox(&f, &["/usr/bin/ls", "/data/dir"], "").assert_code(0);
    let run = sandbox(&f, &["commands", "nosuch"], "");
    run.assert_code(127);
}

/// A policy that mounts its own /bin keeps it; /usr/bin still has the commands.
#[test]
fn the_policys_own_bin_wins() {
    let f = Fixture::new();
    f.install_guest("hello", "mybin/hello");
    f.policy("[[mount]]\nhost = \"mybin\"\npath = \"/bin\"\n");
    let run = sandbox(&f, &["hello", "x"], "");
    run.assert_code(0);
    assert_eq!(run.stdout(), "hello from wasm\nargs: x\n");
    let run = sandbox(&f, &["ls", "/bin"], "");
    run.assert_code(0);
    assert_eq!(run.stdout(), "hello\n", "ls came from /usr/bin and listed the policy's /bin");
    let run = sandbox(&f, &["nosuch"], "");
    run.assert_code(127);
}

/// The installed commands cannot be changed from inside.
#[test]
fn bin_is_read_only() {
    let f = Fixture::new();
    lay_out(&f);
    let run = sandbox(&f, &["rm", "/bin/ls"], "");
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(run.stderr().contains("Read-only file system"), "{}", run.stderr());
    let run = sandbox(&f, &["touch", "/usr/bin/new"], "");
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(commands_dir().join("bin/ls").exists());
    assert!(!commands_dir().join("bin/new").exists());
}

/// The module cache: the first start compiles (in a confined process) and stores the
/// artifact; the second maps it and compiles nothing.
#[test]
fn a_second_start_does_not_compile() {
    let f = Fixture::new();
    f.install_guest("hello", "app/hello.wasm");
    f.policy("[[mount]]\nhost = \"app\"\npath = \"/app\"\n");
    let cache = f.path("cache");
    let env = [("SANDBOX_MODULE_CACHE", cache.to_str().expect("utf-8 path"))];
    let first = f.run_with(&["/app/hello.wasm"], &[], b"", &env);
    first.assert_code(0);
    assert!(first.log.contains("module cache miss: compiled"), "{}", first.log);
    let artifacts = cwasm_files(&cache);
    assert_eq!(artifacts.len(), 1, "one artifact: {artifacts:?}");
    let written = std::fs::metadata(&artifacts[0]).expect("artifact").modified().expect("mtime");

    let second = f.run_with(&["/app/hello.wasm", "again"], &[], b"", &env);
    second.assert_code(0);
    assert_eq!(second.stdout(), "hello from wasm\nargs: again\n");
    assert!(second.log.contains("module cache hit"), "{}", second.log);
    assert!(!second.log.contains("compiled"), "{}", second.log);
    // A program from a policy mount is hashed at every start: only the kernel's own
    // commands are known by their file's identity.
    assert!(second.log.contains("by_identity=false"), "{}", second.log);
    assert_eq!(cwasm_files(&cache), artifacts);
    let now = std::fs::metadata(&artifacts[0]).expect("artifact").modified().expect("mtime");
    assert_eq!(now, written, "the artifact was not rewritten");

    // Other bytes, another entry.
    let mut other = std::fs::read(f.path("app/hello.wasm")).expect("module");
    other.extend_from_slice(b"\0\x05\x04tail"); // a custom section: same program, new hash
    std::fs::write(f.path("app/other.wasm"), other).expect("write");
    f.run_with(&["/app/other.wasm"], &[], b"", &env).assert_code(0);
    assert_eq!(cwasm_files(&cache).len(), 2);
}

/// The installed commands are the kernel's own files: once hashed, a start finds their
/// artifact by the file's identity without reading the module again.
#[test]
fn installed_commands_are_found_by_identity() {
    let f = Fixture::new();
    f.policy("");
    sandbox(&f, &["true"], "").assert_code(0);
    let run = sandbox(&f, &["echo", "hi"], "");
    run.assert_code(0);
    assert_eq!(run.stdout(), "hi\n");
    assert!(run.log.contains("by_identity=true"), "{}", run.log);
}

/// An artifact that is not one (damaged on disk) is refused by the runtime, which then
/// compiles the module itself: the program still runs, correctly.
#[test]
fn a_damaged_artifact_is_not_used() {
    let f = Fixture::new();
    f.install_guest("hello", "app/hello.wasm");
    f.policy("[[mount]]\nhost = \"app\"\npath = \"/app\"\n");
    let cache = f.path("cache");
    let env = [("SANDBOX_MODULE_CACHE", cache.to_str().expect("utf-8 path"))];
    f.run_with(&["/app/hello.wasm"], &[], b"", &env).assert_code(0);
    let artifacts = cwasm_files(&cache);
    std::fs::write(&artifacts[0], b"\x7fELF but not an artifact").expect("damage");
    let run = f.run_with(&["/app/hello.wasm"], &[], b"", &env);
    run.assert_code(0);
    assert_eq!(run.stdout(), "hello from wasm\n");
    assert!(run.log.contains("precompiled module unusable"), "{}", run.log);
}

/// A module the compiler rejects is not cached, and fails as it always did.
#[test]
fn an_invalid_module_is_not_cached() {
    let f = Fixture::new();
    f.write("app/bad.wasm", b"\0asm\x01\0\0\0\x01\xff");
    f.policy("[[mount]]\nhost = \"app\"\npath = \"/app\"\n");
    let cache = f.path("cache");
    let env = [("SANDBOX_MODULE_CACHE", cache.to_str().expect("utf-8 path"))];
    let run = f.run_with(&["/app/bad.wasm"], &[], b"", &env);
    run.assert_code(126);
    assert!(run.stderr().contains("not a valid WebAssembly module"), "{}", run.stderr());
    assert!(run.log.contains("module cache: not compiled"), "{}", run.log);
    assert!(cwasm_files(&cache).is_empty());
}

/// A policy that would show the cache inside the sandbox turns it off: the sandbox
/// never sees (let alone writes) what the kernel trusts.
#[test]
fn a_cache_inside_a_mount_is_not_used() {
    let f = Fixture::new();
    f.install_guest("hello", "app/hello.wasm");
    f.policy("[[mount]]\nhost = \"app\"\npath = \"/app\"\nmode = \"rw\"\n");
    let cache = f.path("app/cache");
    let env = [("SANDBOX_MODULE_CACHE", cache.to_str().expect("utf-8 path"))];
    let run = f.run_with(&["/app/hello.wasm"], &[], b"", &env);
    run.assert_code(0);
    assert!(run.log.contains("module cache off"), "{}", run.log);
    assert!(cwasm_files(&cache).is_empty());
}

fn cwasm_files(cache: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for dir in std::fs::read_dir(cache).into_iter().flatten().flatten() {
        for file in std::fs::read_dir(dir.path()).into_iter().flatten().flatten() {
            if file.path().extension().is_some_and(|e| e == "cwasm") {
                found.push(file.path());
            }
        }
    }
    found.sort();
    found
}

/// `limits.cpu_ms` stops a command spinning in wasm at its CPU time: status 152, a
/// message on its stderr, and an audit record.
#[test]
fn a_cpu_spin_stops_at_the_cpu_limit() {
    let f = Fixture::new();
    f.policy("[limits]\ncpu_ms = 300\n");
    let run = sandbox(&f, &["sha256sum", "/dev/zero"], "");
    run.assert_code(152);
    assert!(run.stderr().contains("CPU time limit reached (limits.cpu_ms)"), "{}", run.stderr());
    assert_eq!(run.audit_rules(), ["limits.cpu_ms"]);
}

/// Time the program spends blocked is not CPU time: a command sleeping past its CPU
/// budget ends normally.
#[test]
fn sleeping_is_not_cpu_time() {
    let f = Fixture::new();
    f.policy("[limits]\ncpu_ms = 200\n");
    let run = sandbox(&f, &["sleep", "0.6"], "");
    run.assert_code(0);
}

/// A policy that mounts the commands writable somewhere: they still run, but their
/// files are no longer the kernel's alone, so none is known by identity.
#[test]
fn writable_commands_are_not_trusted_by_identity() {
    let f = Fixture::new();
    let bin = std::fs::canonicalize(commands_dir().join("bin")).expect("bin");
    f.policy(&format!(
        "[[mount]]\nhost = \"{}\"\npath = \"/cmds\"\nmode = \"rw\"\n",
        bin.display()
    ));
    sandbox(&f, &["true"], "").assert_code(0);
    let run = sandbox(&f, &["echo", "hi"], "");
    run.assert_code(0);
    assert!(run.log.contains("by_identity=false"), "{}", run.log);
    assert!(run.log.contains("mounts the commands writable"), "{}", run.log);
}

/// `limits.memory_mb` bounds a command's linear memory: growing past it fails as an
/// allocation failure the program handles (uutils reports "memory exhausted").
#[test]
fn a_command_over_the_memory_limit_fails_cleanly() {
    let f = Fixture::new();
    f.policy("[limits]\nmemory_mb = 32\n");
    // 20 million numbers do not fit in 32 MiB; 1000 do.
    let run = sandbox(&f, &["shuf", "-i", "1-20000000"], "");
    run.assert_code(1);
    assert!(run.stderr().contains("memory exhausted"), "{}", run.stderr());
    assert_eq!(run.stdout(), "");
    let run = sandbox(&f, &["shuf", "-i", "1-1000"], "");
    run.assert_code(0);
    assert_eq!(run.stdout().lines().count(), 1000);
}

/// A WebAssembly program starts a command by name through the process extension: the
/// kernel resolves it in PATH and `[process] spawn` decides, by the name asked for.
#[test]
fn programs_spawn_commands_by_name_under_the_spawn_policy() {
    let f = Fixture::new();
    f.install_guest("proc-e2e", "app/proc.wasm");
    f.write("app/words.txt", "b\na\n");
    f.policy("[[mount]]\nhost = \"app\"\npath = \"/app\"\n\n[process]\nspawn = [\"sort\"]\n");
    let run = sandbox(&f, &["/app/proc.wasm", "run", "sort", "/app/words.txt"], "");
    run.assert_code(0);
    assert_eq!(run.stdout(), "a\nb\nstatus: 0x0\n");
    // `cat` is the same module as `sort`, but not the same command.
    let run = sandbox(&f, &["/app/proc.wasm", "run", "cat", "/app/words.txt"], "");
    run.assert_code(0);
    assert_eq!(run.stdout(), "errno: 2\n", "EACCES");
    assert!(run.stderr().contains("process.spawn"), "{}", run.stderr());
}

/// `kernel exec` with nothing but the installed tree: the shell at `/bin/sh` runs
/// pipelines of the installed commands, compared with host bash running the same line
/// on the same files.
#[test]
fn exec_runs_pipelines_of_the_installed_commands_like_bash() {
    let f = Fixture::new();
    lay_out(&f);
    f.policy("[[mount]]\nhost = \"root/data\"\npath = \"/data\"\n\n[process]\nspawn = [\"*\"]\n");
    let host_data = f.path("root/data").display().to_string();
    let lines = [
        "ls /data/dir | wc -l",
        "sort /data/words.txt | uniq -c | sort -rn | head -1",
        "yes | head -1",
        "seq 1 20000 | sort -n | tail -1",
        "cat /data/nums.txt | awk '{ s += $1 } END { print s }'",
        "grep -c an /data/words.txt && echo found || echo none",
        "for w in $(cat /data/sorted.txt | uniq); do printf '%s-' \"$w\"; done; echo",
    ];
    for line in lines {
        let out = f
            .kernel()
            .args(commands_opts())
            .args(["exec", line])
            .output()
            .expect("run kernel exec");
        let ours = String::from_utf8_lossy(&out.stdout).into_owned();
        let theirs = Command::new("bash")
            .args(["-c", &line.replace("/data", &host_data)])
            .env("LC_ALL", "C")
            .output()
            .expect("host bash");
        assert_eq!(
            (out.status.code(), ours.as_str()),
            (theirs.status.code(), String::from_utf8_lossy(&theirs.stdout).as_ref()),
            "{line}\n--- sandbox stderr\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
