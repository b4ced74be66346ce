//! Command lines checked against host `bash`: each line runs in the sandbox and, with
//! `bash -c`, in a scratch directory holding a fresh copy of the same files; stdout and
//! the exit status must match. Used by `tests/tests/shell.rs` (the shell) and
//! `tests/tests/exec_lines.rs` (the shell with the real commands).

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::Mutex;

/// Files by path relative to a directory, with their contents.
pub type Files<'a> = &'a [(&'a str, &'a str)];

/// Writes `files` under `dir`, making the directories they need.
pub fn write_files(dir: &Path, files: Files<'_>) {
    for (rel, text) in files {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
}

/// `bash -c <line>` in a new scratch directory holding `files`, with no stdin and an
/// environment of only `PATH` and `LC_ALL=C` (the sandbox's commands speak the C
/// locale).
pub fn bash(files: Files<'_>, line: &str) -> Output {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), files);
    Command::new("bash")
        .arg("-c")
        .arg(line)
        .current_dir(dir.path())
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("LC_ALL", "C")
        .stdin(Stdio::null())
        .output()
        .expect("run bash")
}

/// What a command line gave: its stdout and exit status (`None`: ended by a signal).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub stdout: String,
    pub code: Option<i32>,
}

impl Outcome {
    pub fn new(stdout: &str, code: i32) -> Self {
        Outcome { stdout: stdout.to_owned(), code: Some(code) }
    }
}

impl From<&Output> for Outcome {
    fn from(out: &Output) -> Self {
        Outcome {
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            code: out.status.code(),
        }
    }
}

/// `None` when the sandbox's run `got` gave what was wanted; else a description of the
/// difference, with the sandbox's stderr.
pub fn difference(line: &str, want: &Outcome, got: &Output) -> Option<String> {
    let got_outcome = Outcome::from(got);
    (got_outcome != *want).then(|| {
        format!(
            "{line:?}\n  want {:?} {:?}\n  got  {:?} {:?}\n  stderr {}",
            want.code,
            want.stdout,
            got_outcome.code,
            got_outcome.stdout,
            String::from_utf8_lossy(&got.stderr)
        )
    })
}

/// Runs `check` on every case, three at a time (each starts a kernel and its runtimes),
/// and asserts that none reported a difference.
#[track_caller]
pub fn assert_all_pass<T: Sync>(cases: &[T], check: impl Fn(&T) -> Vec<String> + Sync) {
    let next = Mutex::new(0usize);
    let failures = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..3 {
            s.spawn(|| loop {
                let i = {
                    let mut n = next.lock().unwrap();
                    *n += 1;
                    *n - 1
                };
                let Some(case) = cases.get(i) else { break };
                let found = check(case);
                failures.lock().unwrap().extend(found);
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(
        failures.is_empty(),
        "{} differences in {} cases:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
