//! The commands that start programs (xargs, find -exec, env CMD, awk system()) and the
//! ones that write what an archive says (tar x), at the boundary: the kernel's spawn
//! policy and process limit bind them, with GNU's statuses, an errno to the program and
//! an audit record to the operator; a hostile archive writes nothing outside the target
//! directory (checked against GNU tar on the host); and the file extension
//! `sandbox_fs_v1` (stat, chmod) refuses bad pointers and arguments and leaves every
//! permission decision to the kernel.

use std::path::Path;
use std::process::{Command, Output};

use tests::Fixture;

fn exec(f: &Fixture, line: &str) -> Output {
    f.exec(&format!("cd /data && {line}"))
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A fixture whose policy lets the shell start only `allowed` (and mounts `data` rw).
fn with_spawn(allowed: &str, limits: &str) -> Fixture {
    let f = Fixture::new();
    f.write("data/a.txt", "alpha\n");
    f.write("data/b.txt", "bravo\n");
    f.policy(&format!(
        "[[mount]]\nhost = \"data\"\npath = \"/data\"\nmode = \"rw\"\n\n\
         [process]\nspawn = [{allowed}]\n{limits}"
    ));
    f
}

/// Audit records (JSON lines on the kernel's stderr) with this rule.
fn audits<'a>(stderr: &'a str, rule: &str) -> Vec<&'a str> {
    let needle = format!("\"rule\":\"{rule}\"");
    stderr.lines().filter(|l| l.starts_with('{') && l.contains(&needle)).collect()
}

/// `cat` and `printenv` are the same module as `xargs`, but not the same command: the
/// spawn is refused (EACCES), audited, and each command reports GNU's status.
#[test]
fn spawning_commands_start_only_what_the_policy_allows() {
    let f = with_spawn(
        "\"xargs\", \"find\", \"env\", \"awk\", \"nice\", \"sed\", \"seq\", \"split\"",
        "",
    );
    let cases = [
        // GNU xargs: 126 when the command cannot be run.
        ("echo a.txt | xargs cat; echo $?", "126\n"),
        // GNU env: 126 when the program was found but could not be run.
        ("env printenv HOME; echo $?", "126\n"),
        // GNU find: a `-exec ... ;` that cannot run is false (reported, status 0); a
        // `-exec ... +` that cannot run makes the status 1.
        ("find . -name a.txt -exec cat {} \\; ; echo $?", "0\n"),
        ("find . -name a.txt -exec cat {} + ; echo $?", "1\n"),
        // GNU nice: 126 when the command could not be run.
        ("nice cat a.txt; echo $?", "126\n"),
        // sed's `e`: the shell is refused, sed stops with an error (GNU's popen would
        // give the line nothing instead); nothing ran.
        ("echo 'echo ran' | sed e; echo $?", "2\n"),
        // split --filter: the shell is refused, split fails and writes no file.
        ("seq 3 | split --filter=cat; echo $?", "1\n"),
        // awk's system() as over glibc: the shell could not be run, 127.
        ("awk 'BEGIN { print system(\"echo no\") }'", "127\n"),
    ];
    for (line, want) in cases {
        let out = exec(&f, line);
        let stderr = text(&out.stderr);
        assert_eq!(text(&out.stdout), want, "{line}: {stderr}");
        assert_eq!(out.status.code(), Some(0), "{line}: {stderr}");
        let records = audits(&stderr, "process.spawn");
        assert!(!records.is_empty(), "{line}: no process.spawn record in {stderr}");
        assert!(records.iter().all(|r| r.contains("\"errno\":\"EACCES\"")), "{line}: {records:?}");
    }
    assert!(!f.path("data/xaa").exists(), "split wrote a file instead");
    // Allowed commands run.
    let f = with_spawn("\"xargs\", \"cat\"", "");
    let out = exec(&f, "echo a.txt | xargs cat");
    assert_eq!(text(&out.stdout), "alpha\n", "{}", text(&out.stderr));
}

/// `limits.processes` counts what xargs and find -exec start: with room for the shell
/// and the command only, every child's spawn is EAGAIN, audited, and nothing runs. One
/// more slot and every child runs, one after the other (each is reaped before the next).
#[test]
fn spawning_commands_respect_the_process_limit() {
    let f = with_spawn("\"*\"", "\n[limits]\nprocesses = 2\n");
    // No pipelines: the shell and one command fill the table.
    for line in
        ["xargs -n 1 echo < a.txt; echo $?", "find . -name '*.txt' -exec echo {} + ; echo $?"]
    {
        let out = exec(&f, line);
        let stderr = text(&out.stderr);
        let stdout = text(&out.stdout);
        let lines: Vec<&str> = stdout.lines().collect();
        assert_eq!(lines.len(), 1, "{line}: only the status, no child's output: {stdout:?}");
        assert_ne!(lines[0], "0", "{line}: failure status expected; {stderr}");
        let records = audits(&stderr, "limits.processes");
        assert!(!records.is_empty(), "{line}: no limits.processes record in {stderr}");
    }
    let f = with_spawn("\"*\"", "\n[limits]\nprocesses = 3\n");
    let out = exec(&f, "seq 40 > list; xargs -n 1 echo < list > out; echo $?; wc -l < out");
    assert_eq!(text(&out.stdout), "0\n40\n", "{}", text(&out.stderr));
    let out = exec(&f, "find . -name '*.txt' -exec cat {} \\; > out; sort out");
    assert_eq!(text(&out.stdout), "alpha\nbravo\n", "{}", text(&out.stderr));
}

/// Builds `evil.tar` in `dir` with host GNU tar: members with `..`, an absolute name, a
/// symlink pointing out of the target and a file under that symlink, a symlink with an
/// absolute target and a file under it, and one ordinary file.
fn hostile_archive(dir: &Path) {
    let sh = |script: &str| {
        let out =
            Command::new("bash").arg("-c").arg(script).current_dir(dir).output().expect("bash");
        assert!(out.status.success(), "{script}: {}", text(&out.stderr));
    };
    sh("mkdir -p build/target build/real build/abs && cd build && \
        echo escaped > escaped.txt && echo under > real/f && echo abs > abs/a.txt && \
        echo fine > ok.txt && ln -s .. up && ln -s /data/victim root && \
        tar cPf ../evil.tar target/../escaped.txt ok.txt up && \
        tar rPf ../evil.tar --transform 's|^real|up|' real/f && \
        tar rPf ../evil.tar root && \
        tar rPf ../evil.tar --transform 's|^real|root|' real/f && \
        tar rPf ../evil.tar \"$PWD/abs/a.txt\" && cd .. && rm -rf build");
}

/// Every path under `dir`, with its type (and a symlink's target), sorted.
fn tree(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read_dir") {
            let p = e.expect("entry").path();
            let rel = p.strip_prefix(dir).unwrap().display().to_string();
            let m = std::fs::symlink_metadata(&p).unwrap();
            if m.file_type().is_symlink() {
                out.push(format!("{rel} -> {}", std::fs::read_link(&p).unwrap().display()));
            } else if m.is_dir() {
                out.push(format!("{rel}/"));
                stack.push(p);
            } else {
                out.push(format!(
                    "{rel} {}",
                    std::fs::read_to_string(&p).unwrap_or_default().trim()
                ));
            }
        }
    }
    out.sort();
    out
}

/// GNU tar removes leading `/`, refuses `..` members, and never writes through a
/// symlink the archive made: the sandbox's tar leaves the same tree, with the same
/// status, and nothing outside the target directory changes.
#[test]
fn tar_x_of_a_hostile_archive_writes_only_inside_the_target() {
    let f = with_spawn("\"*\"", "");
    hostile_archive(&f.path("data"));
    std::fs::create_dir_all(f.path("data/target")).unwrap();
    std::fs::create_dir_all(f.path("data/victim")).unwrap();
    let before = tree(&f.path("data"));

    let out = exec(&f, "cd target && tar xf ../evil.tar; echo $?");
    let stderr = text(&out.stderr);

    // The same archive under host GNU tar, in a copy of the same tree.
    let host = tempfile::tempdir().unwrap();
    std::fs::copy(f.path("data/evil.tar"), host.path().join("evil.tar")).unwrap();
    std::fs::create_dir_all(host.path().join("target")).unwrap();
    let gnu = Command::new("bash")
        .arg("-c")
        .arg("cd target && tar xf ../evil.tar; echo $?")
        .current_dir(host.path())
        .env("LC_ALL", "C")
        .output()
        .expect("host tar");
    assert_eq!(text(&out.stdout), text(&gnu.stdout), "status; sandbox stderr: {stderr}");
    assert_eq!(text(&out.stdout), "2\n");
    assert_eq!(tree(&f.path("data/target")), tree(&host.path().join("target")), "{stderr}");

    // Outside the target, only the target itself changed.
    let after: Vec<String> =
        tree(&f.path("data")).into_iter().filter(|p| !p.starts_with("target/")).collect();
    let before: Vec<String> = before.into_iter().filter(|p| !p.starts_with("target/")).collect();
    assert_eq!(after, before, "something was written outside target/: {stderr}");
    assert!(!f.path("data/escaped.txt").exists());
    assert!(!f.path("data/f").exists());
    assert!(std::fs::read_dir(f.path("data/victim")).unwrap().next().is_none());
    assert!(f.path("data/target/ok.txt").exists());
    assert!(stderr.contains("Member name contains '..'"), "{stderr}");
}

/// A symlink already in the target directory is not followed either.
#[test]
fn tar_x_does_not_write_through_an_existing_symlink() {
    let f = with_spawn("\"*\"", "");
    let out = exec(
        &f,
        "mkdir -p pack/sub out victim && echo x > pack/sub/f && (cd pack && tar cf ../p.tar sub) && \
         ln -s ../victim out/sub && cd out && tar xf ../p.tar; echo $?; ls ../victim | wc -l",
    );
    let stdout = text(&out.stdout);
    let stderr = text(&out.stderr);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout:?} {stderr}");
    assert_eq!(lines[0], "0", "tar x succeeded: {stderr}");
    assert_eq!(lines[1], "0", "nothing reached victim/: {stderr}");
    assert!(!f.path("data/victim/f").exists());
    // The archive's directory replaced the symlink, and its file is inside it.
    let sub = f.path("data/out/sub");
    assert!(std::fs::symlink_metadata(&sub).unwrap().is_dir(), "{stderr}");
    assert_eq!(std::fs::read_to_string(sub.join("f")).unwrap(), "x\n");
}

fn fs_ext_fixture() -> Fixture {
    let f = Fixture::new();
    f.install_guest("fs-ext", "app/fs-ext.wasm");
    f.write("data/mine.txt", "x\n");
    f.write("data/keep/locked.txt", "x\n");
    f.write("ro/file.txt", "x\n");
    f.policy(
        "[[mount]]\nhost = \"app\"\npath = \"/app\"\n\n\
         [[mount]]\nhost = \"data\"\npath = \"/data\"\nmode = \"rw\"\n\n\
         [[mount]]\nhost = \"ro\"\npath = \"/ro\"\n\n\
         [[fs]]\npath = \"/data/keep/**\"\ndeny = [\"write\"]\n",
    );
    f
}

fn fs_ext(f: &Fixture, args: &[&str]) -> (String, String) {
    let mut argv = vec!["/app/fs-ext.wasm"];
    argv.extend_from_slice(args);
    let run = f.run(&argv);
    (run.stdout().to_string(), run.stderr().to_string())
}

/// WASI errnos.
const EACCES: i32 = 2;
const EBADF: i32 = 8;
const EFAULT: i32 = 21;
const EINVAL: i32 = 28;
const ENAMETOOLONG: i32 = 37;
const ENOENT: i32 = 44;
const EROFS: i32 = 69;

fn errno_of(stdout: &str) -> i32 {
    let line = stdout.lines().last().unwrap_or_default();
    line.strip_prefix("errno: ")
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{stdout:?}"))
}

#[test]
fn the_file_extension_refuses_bad_arguments_at_the_boundary() {
    let f = fs_ext_fixture();
    for (cmd, want) in [
        ("bad-path", EFAULT),
        ("bad-out", EFAULT),
        ("bad-statfs-out", EFAULT),
        ("bad-follow", EINVAL),
        ("bad-mode", EINVAL),
        ("bad-fd", EBADF),
        ("long-path", ENAMETOOLONG),
    ] {
        let (stdout, stderr) = fs_ext(&f, &[cmd]);
        assert_eq!(errno_of(&stdout), want, "{cmd}: {stdout} {stderr}");
    }
}

#[test]
fn the_file_extension_leaves_permissions_to_the_kernel() {
    let f = fs_ext_fixture();
    // Works where the policy allows it; the mode is what the host file now has.
    let (stdout, _) = fs_ext(&f, &["chmod", "/data/mine.txt", "600"]);
    assert_eq!(errno_of(&stdout), 0);
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(f.path("data/mine.txt")).unwrap().permissions().mode();
    assert_eq!(mode & 0o7777, 0o600);
    let (stdout, _) = fs_ext(&f, &["stat", "/data/mine.txt"]);
    assert!(stdout.starts_with("100600 "), "{stdout}");
    assert_eq!(errno_of(&stdout), 0);

    // A read-only mount: EROFS, audited.
    let (stdout, stderr) = fs_ext(&f, &["chmod", "/ro/file.txt", "777"]);
    assert_eq!(errno_of(&stdout), EROFS, "{stderr}");
    assert_eq!(audits(&stderr, "mount[2].mode = \\\"ro\\\"").len(), 1, "{stderr}");
    // The policy's deny: EACCES, audited; the host file is unchanged.
    let (stdout, stderr) = fs_ext(&f, &["chmod", "/data/keep/locked.txt", "777"]);
    assert_eq!(errno_of(&stdout), EACCES, "{stderr}");
    assert_eq!(audits(&stderr, "fs[0].deny").len(), 1, "{stderr}");
    let mode = std::fs::metadata(f.path("data/keep/locked.txt")).unwrap().permissions().mode();
    assert_ne!(mode & 0o777, 0o777);
    // A path the policy does not grant at all (the kernel's own files): EACCES.
    let (stdout, stderr) = fs_ext(&f, &["chmod", "/etc/passwd", "666"]);
    assert_eq!(errno_of(&stdout), EACCES, "{stderr}");
    // Traversal stays inside the sandbox's tree: `..` above `/` is `/`.
    let (stdout, _) = fs_ext(&f, &["stat", "/../../../../data/mine.txt"]);
    assert_eq!(errno_of(&stdout), 0);
    let (stdout, _) = fs_ext(&f, &["stat", "/../../etc/shadow"]);
    assert_eq!(errno_of(&stdout), ENOENT, "the host's /etc/shadow is not there");
    // statfs: a read-only mount says so (ST_RDONLY), a missing path is ENOENT.
    let (stdout, _) = fs_ext(&f, &["statfs", "/ro/file.txt"]);
    assert_eq!(errno_of(&stdout), 0);
    assert!(stdout.lines().next().unwrap().ends_with(" 1"), "{stdout}");
    let (stdout, _) = fs_ext(&f, &["statfs", "/data/nosuch"]);
    assert_eq!(errno_of(&stdout), ENOENT);
}

/// `df` shows what the kernel enforces: a tmpfs mount's `size_mb` and `inodes` and what
/// is used of them, the root's limits, and no host path anywhere.
#[test]
fn df_reports_the_sandbox_file_systems() {
    let f = Fixture::new();
    f.write("data/a.txt", "alpha\n");
    f.policy(
        "[[mount]]\nhost = \"data\"\npath = \"/data\"\nmode = \"rw\"\n\n\
         [[mount]]\ntype = \"tmpfs\"\npath = \"/scratch\"\nsize_mb = 8\ninodes = 100\n\n\
         [limits]\nfs_bytes = 33554432\n\n[process]\nspawn = [\"*\"]\n",
    );
    let out = exec(
        &f,
        "df /scratch; head -c 1048576 /dev/zero > /scratch/z; df /scratch; df -i /scratch; \
         df / | tail -1; df; df -a | grep -c proc; cat /proc/self/mounts",
    );
    let stdout = text(&out.stdout);
    let stderr = text(&out.stderr);
    let lines: Vec<&str> = stdout.lines().collect();
    let fields = |l: &str| l.split_whitespace().map(str::to_string).collect::<Vec<_>>();
    assert_eq!(lines[0], "Filesystem     1K-blocks  Used Available Use% Mounted on", "{stdout}");
    assert_eq!(fields(lines[1]), ["tmpfs", "8192", "0", "8192", "0%", "/scratch"], "{stdout}");
    assert_eq!(fields(lines[3]), ["tmpfs", "8192", "1024", "7168", "13%", "/scratch"], "{stdout}");
    assert_eq!(fields(lines[5]), ["tmpfs", "100", "1", "99", "1%", "/scratch"], "{stdout}");
    let root = fields(lines[6]);
    assert_eq!((root[0].as_str(), root[1].as_str(), root[5].as_str()), ("sandbox", "32768", "/"));
    assert!(lines[7].starts_with("Filesystem "), "{stdout}");
    // `df`'s rows, up to `grep -c`'s count.
    let listed: Vec<String> =
        lines[8..].iter().take_while(|l| **l != "1").map(|l| fields(l)[5].clone()).collect();
    for at in ["/", "/data", "/scratch"] {
        assert!(listed.iter().any(|l| l == at), "{at} not in {listed:?}");
    }
    assert!(
        !listed.iter().any(|l| l == "/proc" || l == "/dev"),
        "pseudo file systems only with -a"
    );
    assert!(stdout.contains("\n1\nsandbox / tmpfs rw 0 0\n"), "{stdout}");
    assert!(stdout.contains("host /data hostfs rw 0 0\n"), "{stdout}");
    let host_path = f.path("data").display().to_string();
    assert!(!stdout.contains(&host_path), "a host path leaked: {stdout}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}
