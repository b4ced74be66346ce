//! Whole command lines through `kernel exec 'cd /data && <line>'`: the sandbox's shell
//! and the real commands at /bin (find, xargs, env, awk, tar, gzip, chmod, stat, ...),
//! against host `bash -c '<line>'` run in a scratch copy of the same files. Stdout and
//! the exit status must match. Every line gets fresh files on both sides, so lines that
//! write (gzip in place, tar x, chmod, redirections) see nothing of the others.

use std::process::Output;

use tests::host_bash::{assert_all_pass, bash, difference, write_files, Files, Outcome};
use tests::Fixture;

const LINES: &[&str] = &[
    // find
    "find . -name '*.txt' | sort",
    "find . -type d | sort",
    "find . -name '*.txt' -exec cat {} \\; | sort",
    "find . -type f -name '*.md'",
    "find sub -name '*.txt' -exec wc -l {} + | sort",
    "find . -maxdepth 1 -type f | sort",
    "find . -path ./sub -prune -o -type f -print | sort",
    "touch empty.txt; find . -empty",
    "find nosuch; echo $?",
    "find . -name '*.txt' -exec false {} \\; ; echo $?",
    "find . -name a.txt -exec false {} + ; echo $?",
    "find . -name c.txt -execdir cat {} \\;",
    "find . -name '*.md' -print0 | xargs -0 cat",
    "find . -name '*.txt' | xargs grep -l alpha | sort",
    "find . -type f | xargs -n 1 basename | sort",
    // xargs
    "ls *.txt | xargs cat",
    "echo words.txt | xargs wc -l",
    "seq 10 | xargs -n 3 echo",
    "printf 'a\\nb\\nc\\n' | xargs -I{} echo item-{}",
    "echo a b | xargs false; echo $?",
    "echo a | xargs nosuchcmd; echo $?",
    "echo a | xargs sh -c 'exit 255'; echo $?",
    "printf 'x\\0y\\0' | xargs -0 echo",
    "echo a | xargs sh -c 'kill -TERM $$'; echo $?",
    "seq 3 | xargs -I{} sh -c 'echo n{}; exit {}'; echo $?",
    "xargs echo empty < /dev/null",
    "echo a.txt b.txt | xargs -n 1 cat",
    "seq 1 3000 | xargs echo | wc -w",
    // env CMD
    "env FOO=bar printenv FOO",
    "env -i A=1 printenv A",
    "env -u HOME printenv HOME; echo $?",
    "env nosuch; echo $?",
    "env -C sub cat c.txt",
    "FOO=1 env | grep ^FOO=",
    "env sh -c 'exit 7'; echo $?",
    "env sh -c 'kill -TERM $$'; echo $?",
    "env -u FOO FOO=2 sh -c 'echo $FOO'",
    // sed's e command and s///e flag
    "echo 'echo hello' | sed e",
    "printf 'a\\nb\\n' | sed 's/.*/echo X&/e'",
    "sed '1e echo first' a.txt",
    "sed -n '/beta/e cat b.txt' a.txt",
    // split --filter
    "seq 5 | split -l 2 --filter='cat'",
    "seq 5 | split -l 2 --filter='echo $FILE: $(wc -l)'; ls | grep -c '^xa'",
    // nice CMD
    "nice echo hi",
    "nice false; echo $?",
    "nice -n 5 sh -c 'exit 4'; echo $?",
    "nice nosuch; echo $?",
    // awk system()
    "awk 'BEGIN { system(\"echo from-awk\") }'",
    "awk 'BEGIN { r = system(\"exit 3\"); print r }'",
    "awk 'BEGIN { system(\"cat a.txt\") }' | wc -l",
    "find . -name '*.txt' -exec sh -c 'echo \"$1\" | tr a-z A-Z' sh {} \\; | sort",
    "awk '{ system(\"echo line \" $1) }' a.txt",
    "awk 'BEGIN { printf \"before \"; system(\"echo mid\"); print \"after\" }'",
    // chmod, stat
    "chmod 600 a.txt && stat -c '%a %n' a.txt",
    "chmod u+x,go-r b.txt && stat -c '%A' b.txt",
    "chmod -R 700 sub && stat -c '%a' sub sub/c.txt",
    "chmod 644 nosuch; echo $?",
    "chmod a=r,u+w a.txt; stat -c %a a.txt",
    "stat -c '%s %F' a.txt; stat -c %F sub",
    "stat nosuch; echo $?",
    "stat -c '%n %h %s' a.txt b.txt",
    // du
    "du -s sub",
    "du -a . | sort -k2",
    "du -sh sub; du -b a.txt",
    "du -c a.txt b.txt",
    "du -d 1 . | sort -k2",
    "du nosuch; echo $?",
    "df nosuch; echo $?",
    // tar and gzip
    "tar cf ar.tar a.txt sub && tar tf ar.tar | sort",
    "tar czf ar.tgz sub && mkdir out && tar xzf ar.tgz -C out && cat out/sub/c.txt",
    "tar cf - a.txt b.txt | tar tf -",
    "tar cf - sub | gzip | gzip -d | tar tf - | sort",
    "tar czf - a.txt | tar xzf - -C sub && cat sub/a.txt",
    "tar -cf ar.tar sub; rm -r sub; tar -xf ar.tar; find sub | sort",
    "tar xf nosuch.tar; echo $?",
    "tar cf - a.txt | wc -c",
    "tar cf ar.tar sub && tar xf ar.tar -C sub && find sub -type f | sort",
    "gzip -k a.txt && zcat a.txt.gz",
    "gzip a.txt && ls && gunzip a.txt.gz && cat a.txt",
    "gzip -c b.txt | gunzip -c",
    "cat a.txt | gzip | zcat | wc -l",
    "gzip nosuch; echo $?",
    "seq 1 50000 | gzip | zcat | tail -1",
    // pipelines, relative paths, redirections, statuses
    "yes | head -1",
    "seq 1 200000 | sort -n | tail -1",
    "seq 1 100000 | wc -c",
    "cd sub && ls && cat c.txt",
    "cd sub && find . -type f | sort",
    "cd sub && cat ../a.txt | head -1",
    "echo hi > new.txt && cat new.txt",
    "sort words.txt > sorted.txt && cat sorted.txt",
    "cat missing.txt 2>/dev/null; echo $?",
    "false | true; echo $?",
    "grep -c a a.txt > count; cat count",
    "ls sub | wc -l",
    "seq 5 | awk '{ s += $1 } END { print s }'",
    "exit 3",
    "sh -c 'exit 4'; echo $?",
    "cat a.txt | sort -r | head -2 | tr a-z A-Z",
    "printf 'a\\nc\\nb\\n' | sort -c 2>&1; echo $?",
    "sort -c words.txt 2>&1; echo $?",
    "sort words.txt | sort -m a.txt - | tee merged | sort -C && cat merged",
    "nosuchcommand; echo $?",
];

/// The files every line sees: `/data` in the sandbox (its working directory), the
/// scratch directory bash runs in on the host.
const FILES: Files<'static> = &[
    ("a.txt", "alpha\nbeta\ngamma\n"),
    ("b.txt", "bravo\n"),
    ("words.txt", "pear\napple\nfig\n"),
    ("sub/c.txt", "charlie\n"),
    ("sub/d.md", "delta\n"),
    ("sub/deep/e.txt", "echo\n"),
];

fn fixture() -> Fixture {
    let f = Fixture::new();
    write_files(&f.path("data"), FILES);
    f.policy(
        "[[mount]]\nhost = \"data\"\npath = \"/data\"\nmode = \"rw\"\n\n\
         [process]\nspawn = [\"*\"]\n",
    );
    f
}

fn sandbox(f: &Fixture, line: &str) -> Output {
    f.exec(&format!("cd /data && {line}"))
}

#[test]
fn command_lines_match_bash() {
    assert!(LINES.len() >= 60, "{} lines", LINES.len());
    assert_all_pass(LINES, |line| {
        let want = Outcome::from(&bash(FILES, line));
        difference(line, &want, &sandbox(&fixture(), line)).into_iter().collect()
    });
}
