//! The sandbox's POSIX shell (`sandbox-wasm/shell`, yash-rs) end to end: `kernel exec
//! '<command line>'` runs `/bin/sh -c` through the real kernel and `sandbox-wasm`.
//!
//! One table, one command line per entry. Entries marked [`Host`] run the same line
//! under host `bash` (POSIX mode off: what users compare against) in a scratch copy of
//! the same files, and must give the same stdout and exit status; the others (they
//! use sandbox paths or the test guests) state their expected output.

use std::process::{Output, Stdio};

use tests::host_bash::{assert_all_pass, bash, difference, write_files, Files, Outcome};
use tests::{commands_dir, Fixture};

/// The files every case sees, in the sandbox at `/data` (the shell's working
/// directory) and on the host in the scratch directory bash runs in.
const FILES: Files<'static> = &[
    ("a.txt", "alpha\nbeta\ngamma\n"),
    ("b.txt", "bravo\n"),
    ("sub/c.txt", "charlie\n"),
    ("sub/d.md", "delta\n"),
];

fn fixture() -> Fixture {
    let f = Fixture::new();
    write_files(&f.path("data"), FILES);
    f.install_guest("proc-e2e", "app/proc-e2e.wasm");
    f.install_guest("wasi-e2e", "app/wasi-e2e.wasm");
    f.policy(&format!(
        "[[mount]]\nhost = \"{}\"\npath = \"/bin\"\nmode = \"ro\"\n\n\
         [[mount]]\nhost = \"data\"\npath = \"/data\"\nmode = \"rw\"\n\n\
         [[mount]]\nhost = \"app\"\npath = \"/app\"\nmode = \"ro\"\n\n\
         [[mount]]\nhost = \"tmp\"\npath = \"/tmp\"\nmode = \"rw\"\n\n\
         [process]\nspawn = [\"*\"]\n",
        commands_dir().join("bin").display()
    ));
    std::fs::create_dir_all(f.path("tmp")).unwrap();
    f
}

/// `kernel --config policy.toml exec '<line>'`.
fn exec(f: &Fixture, line: &str) -> Output {
    f.kernel().arg("exec").arg(line).stdin(Stdio::null()).output().expect("run kernel")
}

enum Expect {
    /// The same stdout and status as host bash.
    Host,
    /// This stdout and status.
    Is(&'static str, i32),
}
use Expect::*;

/// Every line starts in `/data` (`cd /data; ` is prepended in the sandbox).
const CASES: &[(&str, Expect)] = &[
    // Built-ins and quoting.
    ("echo hello   world", Host),
    ("echo -n no-newline", Host),
    ("echo 'single $x' \"double $((1+2))\" \\$escaped 'it''s'", Host),
    ("printf '%s-%d-%5.1f|%-3s|%03d|%x|%o|%c\\n' a 42 3.14159 b 7 255 8 xyz", Host),
    ("printf '%s\\n' one two three", Host),
    ("printf '%b|%5s|%.2s\\n' 'tab\\there' r abcdef", Host),
    ("printf '%e %g %g\\n' 12345.678 0.0001 100000000", Host),
    // Lists and status.
    ("echo a; echo b && echo c || echo d", Host),
    ("false || echo recovered; true && echo fine", Host),
    ("false; echo $?", Host),
    ("true | false; echo $?", Host),
    ("! true; echo $?", Host),
    ("exit 7", Host),
    ("(exit 3); echo $?", Host),
    ("nosuchcommand 2>/dev/null; echo $?", Host),
    // Subshells and substitutions.
    ("x=outer; (x=inner; echo $x); echo $x", Host),
    ("echo $(echo nested $(echo deep))", Host),
    ("echo `echo back`quote", Host),
    ("i=0; for w in $(echo x y z); do i=$((i+1)); done; echo $i", Host),
    ("echo \"$(printf 'multi\\nline')\" | while read l; do echo \"<$l>\"; done", Host),
    ("x=$(exit 5); echo $?", Host),
    // Parameters and expansions.
    ("v=hello; echo ${v} ${#v} ${v%lo} ${v#he} ${u:-default} ${u-unset} ${v:+set}", Host),
    ("echo ${x:=assigned}; echo $x", Host),
    ("set -- a b c; echo $# $1 $3; shift; echo $@; echo \"$*\"", Host),
    ("IFS=:; set -- $(echo a:b:c); echo $2", Host),
    ("a=1 b=2; echo $((a + b * 3)) $((7 / 2)) $((7 % 3)) $((1 << 4))", Host),
    ("f=a.b.c; echo ${f%%.*} ${f##*.} ${f%.*} ${f#*.}", Host),
    ("export E=1; unset E; echo ${E-gone}", Host),
    // Globbing against the VFS.
    ("echo *.txt", Host),
    ("echo sub/*; echo sub/*.md; echo nomatch*", Host),
    ("for f in */*.txt; do echo found $f; done", Host),
    // Compound commands and functions.
    ("if [ -f a.txt ]; then echo file; else echo nofile; fi", Host),
    ("if [ -d a.txt ]; then echo dir; elif [ -e a.txt ]; then echo exists; fi", Host),
    ("for i in 1 2 3; do echo i=$i; done", Host),
    ("n=0; while [ $n -lt 3 ]; do n=$((n+1)); done; echo $n", Host),
    ("n=3; until [ $n -eq 0 ]; do echo $n; n=$((n-1)); done", Host),
    ("case foo.txt in *.sh) echo sh;; *.txt) echo txt;; esac", Host),
    ("case x in a|b) echo ab;; *) echo other;; esac", Host),
    ("f() { echo \"args: $*\"; return 4; }; f x y; echo rc=$?", Host),
    ("f() { local_var=in; }; f; echo $local_var", Host),
    ("for i in 1 2 3 4; do [ $i = 3 ] && break; echo $i; done", Host),
    ("for i in 1 2 3; do [ $i = 2 ] && continue; echo $i; done", Host),
    ("test 3 -gt 2 && [ abc = abc ] && [ ! -d a.txt ] && [ -n x -a -z '' ] && echo ok", Host),
    ("[ 1 -eq 2 ]; echo $?; [ x = ]; echo $?", Host),
    // Redirections and here-documents.
    ("echo out > o.txt; echo more >> o.txt; while read l; do echo got $l; done < o.txt", Host),
    ("{ echo to-err >&2; echo to-out; } 2>&1", Host),
    ("echo gone > /dev/null; echo kept", Host),
    ("while read l; do echo \"[$l]\"; done <<EOF\nline one\n  indented $((2+3))\nEOF\n", Host),
    ("while read l; do echo \"[$l]\"; done <<'EOF'\nraw $x\nEOF\n", Host),
    ("read a b <<EOF\nfirst second third\nEOF\necho \"$a|$b\"", Host),
    ("echo \"a b\" | { read x y; echo $y; }", Host),
    ("exec 3> fd3.txt; echo via3 >&3; exec 3>&-; read l < fd3.txt; echo $l", Host),
    // Options and special built-ins.
    ("set -e; echo before; false; echo not-reached", Host),
    ("set -e; false || true; echo survives", Host),
    ("(set -x; echo traced) 2>&1", Host),
    ("echo 'echo sourced' > s.sh; . ./s.sh; echo done", Host),
    ("cd sub; echo ${PWD##*/}; cd ../sub/.; echo ${PWD##*/}; cd ..; [ -f a.txt ] && echo back", Host),
    // Sandbox paths.
    ("cd /data/sub && pwd", Is("/data/sub\n", 0)),
    ("set -u; echo $undefined_var; echo after", Is("", 2)),
    ("echo $$ | while read p; do [ \"$p\" -gt 0 ] && echo pid; done", Is("pid\n", 0)),
    // Real programs: spawned with the virtual process's descriptors.
    ("/app/proc-e2e.wasm echo ext; echo $?", Is("ext\n3\n", 0)),
    ("/app/wasi-e2e.wasm cat /data/a.txt | /app/wasi-e2e.wasm stdin | while read l; do echo \"<$l>\"; done", Is("<alpha>\n<beta>\n<gamma>\n", 0)),
    ("x=$(/app/wasi-e2e.wasm cat /data/b.txt); echo \"[$x]\"", Is("[bravo]\n", 0)),
    ("/app/wasi-e2e.wasm stdin < a.txt > copy.txt; read first < copy.txt; echo $first", Is("alpha\n", 0)),
    // More than a pipe holds, through two programs.
    ("/app/proc-e2e.wasm spew 300000 | /app/wasi-e2e.wasm stdin | /app/wasi-e2e.wasm stdin > big; echo $?", Is("0\n", 0)),
    // `yes | head -1`: the writer (a subshell here) ends by SIGPIPE when the reader exits.
    ("while :; do echo y; done | /app/proc-e2e.wasm echo x; echo $?", Is("x\n3\n", 0)),
    // A real writer whose reader is gone ends too (SIGPIPE), and the shell goes on.
    ("/app/proc-e2e.wasm spew 100000000 | (exit 0); echo $?", Is("0\n", 0)),
];

#[test]
fn shell_command_lines_match_bash() {
    assert_all_pass(CASES, |(line, expect)| {
        let f = fixture();
        let got = exec(&f, &format!("cd /data; {line}"));
        let want = match expect {
            Host => Outcome::from(&bash(FILES, line)),
            Is(out, code) => Outcome::new(out, *code),
        };
        let mut failures: Vec<String> = difference(line, &want, &got).into_iter().collect();
        if line.contains("spew 300000") {
            let size = std::fs::metadata(f.path("data/big")).map(|m| m.len()).ok();
            if size != Some(300000) {
                failures.push(format!("{line:?}: big is {size:?}"));
            }
        }
        failures
    });
}

#[test]
fn exec_without_a_shell_in_bin_is_not_found() {
    let f = Fixture::new();
    std::fs::create_dir_all(f.path("empty")).unwrap();
    f.policy("[[mount]]\nhost = \"empty\"\npath = \"/bin\"\nmode = \"ro\"\n");
    let got = exec(&f, "echo hi");
    assert_eq!(got.status.code(), Some(127), "{}", String::from_utf8_lossy(&got.stderr));
    assert_eq!(got.stdout, b"");
}

#[test]
fn a_command_line_cannot_leave_or_change_what_the_policy_grants() {
    let f = fixture();
    let before = std::fs::read(commands_dir().join("bin/sh")).unwrap();
    let got = exec(
        &f,
        "echo x > /bin/sh; echo $?; echo y > /nowhere/f; echo $?; cd /data/../../..; pwd; \
         cd /app && echo z > p.wasm; echo $?",
    );
    let out = String::from_utf8_lossy(&got.stdout);
    let codes: Vec<&str> = out.lines().collect();
    assert_eq!(codes.len(), 4, "{out}\n{}", String::from_utf8_lossy(&got.stderr));
    assert_ne!(codes[0], "0", "wrote the read-only /bin/sh: {out}");
    assert_ne!(codes[1], "0", "{out}");
    assert_eq!(codes[2], "/", "{out}");
    assert_ne!(codes[3], "0", "wrote into the read-only /app: {out}");
    assert_eq!(std::fs::read(commands_dir().join("bin/sh")).unwrap(), before);
    assert!(!f.path("app/p.wasm").exists());
}
