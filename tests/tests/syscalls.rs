//! System calls through the real rings: `syscall-client` (`src/bin/syscall-client.rs`),
//! installed as the runtime, sends raw `syscall_proto::Request`s to the real `kernel`
//! and reports every answer (`tests/src/syscalls.rs`).
//!
//! Most scripts also run on the host's Linux (`syscall-client --host`: the same
//! requests in a chroot laid out like the sandbox, with tmpfs for `/tmp`, bind mounts
//! for the policy's mounts and `RLIMIT_NOFILE` at `open_files`), and the answers are
//! compared step by step. Where the kernel differs from Linux, the step is listed with
//! the difference (`run_checked_except`), so a fix fails the test until the list is
//! updated; the expected answers are asserted as well.

use syscall_proto::fd::{DirEntry, FdRequest, Whence, AT_FDCWD, MAX_IO_CHUNK};
use syscall_proto::path::PathRequest;
use syscall_proto::{Reply, Request};
use tests::syscalls::req::*;
use tests::syscalls::{data, fd_of, Norm, Outcome, ScriptSandbox, FIRST_FD, ROOT_FD};

/// The outcomes as short strings (`fd 4`, `data "hi"`, `ENOENT`, ...; see `Norm`).
fn shapes(outcomes: &[Outcome]) -> Vec<String> {
    outcomes.iter().map(|o| format!("{:?}", Norm::of(o))).collect()
}

#[track_caller]
fn assert_shapes(outcomes: &[Outcome], expected: &[&str]) {
    let got = shapes(outcomes);
    let numbered: Vec<String> = got.iter().enumerate().map(|(i, s)| format!("{i}: {s}")).collect();
    assert_eq!(got, expected, "\n{}", numbered.join("\n"));
}

fn entries(outcome: &Outcome) -> &[DirEntry] {
    match outcome {
        Ok(Reply::Entries(e)) => e,
        other => panic!("expected entries, got {other:?}"),
    }
}

fn sandbox_with_rw() -> ScriptSandbox {
    ScriptSandbox::new().mount("rw", "/rw", true)
}

/// open, write, seek, read, pread, fstat, close, then the closed number reused.
fn basic_io(dir: &str) -> Vec<Request> {
    let f = format!("{dir}/f");
    let fd = fd_of(0);
    vec![
        open(&f, O_RDWR | O_CREAT),
        write(fd, "hello world"),
        seek(fd, 0, Whence::Set),
        read(fd, 5),
        seek(fd, 1, Whence::Cur),
        read(fd, 100),
        read(fd, 100),
        seek(fd, -5, Whence::End),
        write(fd, "there"),
        pread(fd, 100, 0),
        fstat(fd),
        close(fd),
        read(fd, 1),
        close(fd),
        open(&f, O_RDONLY),
        read(fd_of(14), 100),
        read_file(&f),
        close(fd_of(14)),
    ]
}

const BASIC_IO: &[&str] = &[
    "fd 4",
    "wrote 11",
    "offset 0",
    "data \"hello\"",
    "offset 6",
    "data \"world\"",
    "data \"\"",
    "offset 6",
    "wrote 5",
    "data \"hello there\"",
    "Regular size 11 nlink 1",
    "ok",
    "EBADF",
    "EBADF",
    "fd 4",
    "data \"hello there\"",
    "data \"hello there\"",
    "ok",
];

#[test]
fn open_read_write_seek_close_on_tmp() {
    let sb = ScriptSandbox::new();
    let out = sb.run_checked(&basic_io("/tmp"));
    assert_shapes(&out, BASIC_IO);
}

#[test]
fn open_read_write_seek_close_on_a_rw_mount() {
    let sb = sandbox_with_rw();
    let out = sb.run_checked(&basic_io("/rw"));
    assert_shapes(&out, BASIC_IO);
    // It is the host file that was written.
    assert_eq!(std::fs::read_to_string(sb.host("rw/f")).unwrap(), "hello there");
}

#[test]
fn closed_and_never_opened_descriptors_are_ebadf() {
    let sb = ScriptSandbox::new();
    let script = vec![
        open("/app/any.wasm", O_RDONLY),
        close(FIRST_FD),
        close(FIRST_FD),
        read(FIRST_FD, 1),
        write(FIRST_FD, "x"),
        fstat(FIRST_FD),
        seek(FIRST_FD, 0, Whence::Set),
        read_dir(FIRST_FD, 0, 10),
        pread(FIRST_FD, 1, 0),
        read(99, 1),
        read(-1, 1),
        close(i32::MAX),
        write(i32::MIN, "x"),
        open_at(FIRST_FD, "x", O_RDONLY),
        stat_at(-1, "x", true),
        Request::Fd(FdRequest::Renumber { from: FIRST_FD, to: 0 }),
        Request::Fd(FdRequest::SetSize { fd: 77, size: 0 }),
        // A directory is open, but not for reading bytes.
        read(ROOT_FD, 1),
    ];
    let out = sb.run_checked(&script);
    let mut expected = vec!["fd 4", "ok"];
    expected.extend(["EBADF"; 15]);
    expected.push("EISDIR");
    assert_shapes(&out, &expected);
}

#[test]
fn emfile_at_the_open_files_limit() {
    // 0-2 stdio and 3 the root are open: 4 numbers left.
    let sb = ScriptSandbox::new().open_files(8);
    let any = || open("/app/any.wasm", O_RDONLY);
    let script = vec![
        any(),
        any(),
        any(),
        any(),
        any(),
        open("/tmp/new", O_WRONLY | O_CREAT),
        stat("/tmp/new"),
        close(5),
        any(),
        any(),
        close(7),
        close(4),
        any(),
        any(),
    ];
    let out = sb.run_checked(&script);
    assert_shapes(
        &out,
        &[
            "fd 4", "fd 5", "fd 6", "fd 7", "EMFILE", "EMFILE",
            // The descriptor table was full before anything was created.
            "ENOENT", "ok", "fd 5", "EMFILE", "ok", "ok", "fd 4", "fd 7",
        ],
    );
}

/// Offsets beyond `i64::MAX`, lengths up to `u32::MAX`, seeks before the start.
fn extremes(dir: &str) -> Vec<Request> {
    let fd = fd_of(0);
    vec![
        open(format!("{dir}/f"), O_RDWR | O_CREAT),
        write(fd, "0123456789"),
        pread(fd, 10, u64::MAX),
        pread(fd, 10, 1 << 63),
        pread(fd, 10, i64::MAX as u64),
        pread(fd, 0, i64::MAX as u64),
        pwrite(fd, "x", u64::MAX),
        pwrite(fd, "x", 1 << 63),
        pwrite(fd, "x", i64::MAX as u64),
        read(fd, u32::MAX),
        seek(fd, -1, Whence::Set),
        seek(fd, 3, Whence::Set),
        seek(fd, -4, Whence::Cur),
        seek(fd, 0, Whence::Cur),
        seek(fd, -11, Whence::End),
        seek(fd, -10, Whence::End),
        seek(fd, i64::MIN, Whence::Set),
        seek(fd, 0, Whence::Cur),
        read(fd, 0),
        write(fd, ""),
        pread(fd, u32::MAX, 2),
        Request::Fd(FdRequest::SetSize { fd, size: u64::MAX }),
        Request::Fd(FdRequest::SetSize { fd, size: 1 << 63 }),
        fstat(fd),
    ]
}

const EXTREMES: &[&str] = &[
    "fd 4",
    "wrote 10",
    "EINVAL",
    "EINVAL",
    "EINVAL",
    "data \"\"",
    "EINVAL",
    "EINVAL",
    "EINVAL",
    "data \"\"",
    "EINVAL",
    "offset 3",
    "EINVAL",
    "offset 3",
    "EINVAL",
    "offset 0",
    "EINVAL",
    "offset 0",
    "data \"\"",
    "wrote 0",
    "data \"23456789\"",
    "EINVAL",
    "EINVAL",
    "Regular size 10 nlink 1",
];

#[test]
fn huge_and_negative_offsets_and_lengths_on_tmp() {
    let sb = ScriptSandbox::new();
    let out = sb.run_checked(&extremes("/tmp"));
    assert_shapes(&out, EXTREMES);
}

#[test]
fn huge_and_negative_offsets_and_lengths_on_a_rw_mount() {
    let sb = sandbox_with_rw();
    let out = sb.run_checked(&extremes("/rw"));
    assert_shapes(&out, EXTREMES);
}

#[test]
fn reads_are_capped_at_max_io_chunk() {
    // The cap is the protocol's (Linux's own is 2 GiB), so there is no Linux run: the
    // host side applies the same cap. One maximal read on each kind of file (each
    // 16 MiB reply is slow to carry in a debug build).
    let sb = sandbox_with_rw();
    let chunk = u64::from(MAX_IO_CHUNK);
    let big = std::fs::File::create(sb.host("rw/big")).unwrap();
    big.set_len(chunk + 3).unwrap();
    drop(big);
    let out = sb.run(&[
        open("/rw/big", O_RDONLY),
        read(fd_of(0), u32::MAX),
        read(fd_of(0), u32::MAX),
        read(fd_of(0), u32::MAX),
        open("/tmp/big", O_RDWR | O_CREAT),
        pwrite(fd_of(4), "!", chunk + 2),
        pread(fd_of(4), u32::MAX, 1),
        pread(fd_of(4), u32::MAX, chunk + 1),
    ]);
    assert_eq!(data(&out[1]).len(), MAX_IO_CHUNK as usize);
    assert_eq!(data(&out[2]).len(), 3);
    assert!(data(&out[3]).is_empty());
    assert_eq!(data(&out[6]).len(), MAX_IO_CHUNK as usize);
    assert_eq!(data(&out[7]), b"\0!");
}

#[test]
fn nul_bytes_in_paths_are_einval() {
    // A C program cannot pass a NUL inside a path; the protocol answers EINVAL (the
    // Linux side of the comparison does the same), and never cuts the path at the NUL.
    let sb = ScriptSandbox::new();
    let script = vec![
        open("/tmp/a\0b", O_WRONLY | O_CREAT),
        stat("/tmp\0"),
        mkdir("/tmp/d\0"),
        symlink("t\0x", "/tmp/l"),
        symlink("t", "/tmp/l\0"),
        unlink("\0"),
        rename("/tmp/x\0", "/tmp/y"),
        read_file("/app/any.wasm\0junk"),
        open("/app/any.wasm\0", O_RDONLY),
        lstat("/tmp/a"),
        lstat("/tmp/l"),
    ];
    let out = sb.run_checked(&script);
    let mut expected = vec!["EINVAL"; 9];
    expected.extend(["ENOENT", "ENOENT"]);
    assert_shapes(&out, &expected);
}

#[test]
fn overlong_names_and_paths_are_enametoolong() {
    let sb = ScriptSandbox::new();
    let name255 = format!("/tmp/{}", "a".repeat(255));
    let name256 = format!("/tmp/{}", "a".repeat(256));
    // "/tmp" then "/." until 4094 bytes, then "/": 4095 bytes, the longest path Linux
    // takes (PATH_MAX counts the NUL).
    let longest = format!("/tmp{}/", "/.".repeat(2045));
    assert_eq!(longest.len(), 4095);
    let too_long = format!("{longest}.");
    let huge = format!("/tmp/{}", "b/".repeat(50_000)); // 100 KiB: the script goes by stdin
    let long_target = "t".repeat(300);
    let script = vec![
        open(&name255, O_WRONLY | O_CREAT),
        close(fd_of(0)),
        stat(&name255),
        open(&name256, O_WRONLY | O_CREAT),
        mkdir(&name256),
        stat(&name256),
        symlink("x", &name256),
        rename(&name255, &name256),
        stat(&longest),
        stat(&too_long),
        stat(&huge),
        symlink("/".repeat(4096), "/tmp/l"),
        symlink(&long_target, "/tmp/l2"),
        readlink("/tmp/l2"),
        stat("/tmp/l2"),
    ];
    let out = sb.run_checked(&script);
    assert_shapes(
        &out,
        &[
            "fd 4",
            "ok",
            "Regular size 0 nlink 1",
            "ENAMETOOLONG",
            "ENAMETOOLONG",
            "ENAMETOOLONG",
            "ENAMETOOLONG",
            "ENAMETOOLONG",
            "Directory nlink 2",
            "ENAMETOOLONG",
            "ENAMETOOLONG",
            "ENAMETOOLONG",
            // A target's components may be long; following it is what fails.
            "ok",
            &format!("data \"{}\"… (300 bytes)", "t".repeat(64)),
            "ENAMETOOLONG",
        ],
    );
}

#[test]
fn dotdot_never_leaves_the_sandbox() {
    let sb = ScriptSandbox::new();
    let script = vec![
        stat("/tmp/../../etc/shadow"),
        open("/../../../etc/shadow", O_RDONLY),
        open_at(ROOT_FD, "../../etc/shadow", O_RDONLY),
        read_file("/tmp/../../../../../../app/any.wasm"),
        stat("/.."),
        open("/../..", O_RDONLY | O_DIRECTORY),
        read_dir(fd_of(5), 0, 100),
        stat("/app/any.wasm/.."),
        stat("/app/./../tmp/."),
    ];
    let out = sb.run_checked(&script);
    assert_shapes(
        &out,
        &[
            "ENOENT",
            "ENOENT",
            "ENOENT",
            "data \"\\0asm\\u{1}\\0\\0\\0\"",
            // "/" holds the skeleton and /app: 2 + 14 links.
            "Directory nlink 16",
            "fd 4",
            "[.:Directory ..:Directory app:Directory bin:Directory dev:Directory etc:Directory \
             home:Directory mnt:Directory opt:Directory proc:Directory root:Directory \
             run:Directory sbin:Directory tmp:Directory usr:Directory var:Directory]",
            "ENOTDIR",
            "Directory nlink 2",
        ],
    );
}

#[test]
fn symlink_loops_are_eloop() {
    let sb = ScriptSandbox::new();
    let script = vec![
        symlink("/tmp/b", "/tmp/a"),
        symlink("a", "/tmp/b"),
        symlink("self", "/tmp/self"),
        open("/tmp/a", O_RDONLY),
        stat("/tmp/a"),
        lstat("/tmp/a"),
        open("/tmp/self/x", O_RDONLY),
        open("/tmp/a", O_WRONLY | O_CREAT),
        read_file("/tmp/self"),
        mkdir("/tmp/self/d"),
        open("/tmp/a", O_RDONLY | O_NOFOLLOW),
    ];
    let out = sb.run_checked(&script);
    assert_shapes(
        &out,
        &[
            "ok",
            "ok",
            "ok",
            "ELOOP",
            "ELOOP",
            "Symlink size 6 nlink 1",
            "ELOOP",
            "ELOOP",
            "ELOOP",
            "ELOOP",
            "ELOOP",
        ],
    );
}

#[test]
fn symlinks_cannot_escape_a_host_mount() {
    let sb = ScriptSandbox::new().mount("data", "/data", false);
    let secret = sb.fixture.write("secret.txt", "SECRET");
    sb.fixture.write("data/file.txt", "in the mount");
    let link = |target: &str, name: &str| {
        std::os::unix::fs::symlink(target, sb.host(&format!("data/{name}"))).unwrap()
    };
    link("/etc/passwd", "abs");
    link("../../../../../../../../etc/passwd", "rel");
    link(secret.to_str().unwrap(), "hostabs");
    link("..", "up");
    link("/tmp/inside", "totmp");
    link("file.txt", "inside");
    let script = vec![
        read_file("/data/abs"),
        read_file("/data/rel"),
        read_file("/data/hostabs"),
        read_file("/data/inside"),
        read_file("/data/up/app/any.wasm"),
        open("/tmp/inside", O_WRONLY | O_CREAT),
        write(fd_of(5), "the sandbox's /tmp"),
        close(fd_of(5)),
        read_file("/data/totmp"),
        stat("/data/up"),
        read_file("/data/up/../../../data/inside"),
        open("/data/rel", O_WRONLY | O_CREAT),
        read_file("/data/up/data/up/data/file.txt"),
    ];
    // The oracle's copy of the sandbox's /etc/passwd is the test user's, so Linux lets
    // it be opened for writing; the sandbox's is read-only by policy.
    let out = sb.run_checked_except(
        &script,
        &[(
            11,
            "the sandbox's /etc is read-only by policy (EACCES); the oracle's copy is writable",
        )],
    );
    let passwd =
        "data \"root:x:0:0:root:/root:/bin/sh\\nsandbox:x:1000:1000:sandbox:/tmp:/\"… (130 bytes)";
    assert_shapes(
        &out,
        &[
            // The sandbox's own /etc/passwd, never the host's.
            passwd,
            passwd,
            "ENOENT",
            "data \"in the mount\"",
            "data \"\\0asm\\u{1}\\0\\0\\0\"",
            "fd 4",
            "wrote 18",
            "ok",
            "data \"the sandbox's /tmp\"",
            "Directory nlink 17",
            "data \"in the mount\"",
            // Through the link to "/etc/passwd" in the sandbox: root's, read-only.
            "EACCES",
            "data \"in the mount\"",
        ],
    );
    assert_eq!(std::fs::read_to_string(&secret).unwrap(), "SECRET");
}

#[test]
fn relative_paths_against_a_directory_descriptor() {
    let sb = sandbox_with_rw();
    sb.fixture.write("rw/sub/f", "F");
    sb.fixture.write("rw/g", "G");
    let dir = fd_of(0);
    let rf = |dirfd, path: &str| {
        Request::Path(PathRequest::ReadFile { dirfd, path: path.as_bytes().to_vec() })
    };
    let script = vec![
        open("/rw/sub", O_RDONLY | O_DIRECTORY),
        rf(dir, "f"),
        stat_at(dir, ".", true),
        rf(dir, "../g"),
        open_at(dir, "new", O_WRONLY | O_CREAT),
        open_at(fd_of(4), "x", O_RDONLY),
        open_at(dir, "/app/any.wasm", O_RDONLY),
        open_at(99, "/app/any.wasm", O_RDONLY),
        open_at(99, "rel", O_RDONLY),
        stat_at(AT_FDCWD, "tmp", true),
        stat_at(dir, "", true),
        rf(ROOT_FD, "rw/sub/f"),
        rf(ROOT_FD, "../rw/g"),
        close(dir),
        stat_at(dir, "f", true),
        rf(dir, "/rw/g"),
    ];
    let out = sb.run_checked(&script);
    assert_shapes(
        &out,
        &[
            "fd 4",
            "data \"F\"",
            "Directory nlink 2",
            "data \"G\"",
            "fd 5",
            "ENOTDIR",
            "fd 6",
            "fd 7",
            "EBADF",
            "Directory nlink 2",
            "ENOENT",
            "data \"F\"",
            "data \"G\"",
            "ok",
            "EBADF",
            "data \"G\"",
        ],
    );
    assert!(sb.host("rw/sub/new").is_file());
}

/// Lists a directory of five files in batches of two, resuming from each batch's last
/// `next` cookie, and checks the batches against the whole listing.
fn readdir_cookies(sb: &ScriptSandbox, dir: &str, create: bool) {
    let mut script = Vec::new();
    if create {
        script.push(mkdir(dir));
        for name in ["e", "d", "c", "b", "a"] {
            script.push(open(format!("{dir}/{name}"), O_WRONLY | O_CREAT));
            script.push(close(fd_of(script.len() - 1)));
        }
    }
    let first = script.len();
    let fd = fd_of(first);
    script.extend([
        open(dir, O_RDONLY | O_DIRECTORY),
        read_dir(fd, 0, 4096),
        read_dir(fd, 0, 2),
        read_dir(fd, 2, 2),
        read_dir(fd, 4, 2),
        read_dir(fd, 6, 2),
        read_dir(fd, 7, 2),
        read_dir(fd, u64::MAX, 2),
        read_dir(fd, 0, 0),
        read_dir(fd, 3, 1),
    ]);
    let out = sb.run_checked(&script);
    let out = &out[first..];
    let all = entries(&out[1]);
    let names: Vec<&[u8]> = all.iter().map(|e| e.name.as_slice()).collect();
    assert_eq!(names, [&b"."[..], b"..", b"a", b"b", b"c", b"d", b"e"]);
    // Each entry's cookie resumes after it; the batches add up to the listing.
    for (pos, e) in all.iter().enumerate() {
        assert_eq!(e.next, pos as u64 + 1, "{e:?}");
    }
    let mut batches: Vec<DirEntry> = Vec::new();
    let mut cookie = 0;
    for batch in &out[2..7] {
        let batch = entries(batch);
        if let Some(first) = batch.first() {
            assert_eq!(first.next, cookie + 1, "a batch starts where the cookie says");
        }
        cookie = batch.last().map_or(cookie, |e| e.next);
        batches.extend_from_slice(batch);
    }
    assert_eq!(
        batches.iter().map(|e| (&e.name, e.next)).collect::<Vec<_>>(),
        all.iter().map(|e| (&e.name, e.next)).collect::<Vec<_>>()
    );
    assert!(entries(&out[6]).is_empty() && entries(&out[7]).is_empty());
    assert!(entries(&out[8]).is_empty(), "max 0 returns nothing");
    assert_eq!(entries(&out[9]).iter().map(|e| e.name.as_slice()).collect::<Vec<_>>(), [b"b"]);
}

#[test]
fn readdir_cookies_resume_listings_on_tmp() {
    readdir_cookies(&ScriptSandbox::new(), "/tmp/d", true);
}

#[test]
fn readdir_cookies_resume_listings_on_a_host_mount() {
    let sb = ScriptSandbox::new().mount("data", "/data", false);
    for name in ["c", "a", "e", "b", "d"] {
        sb.fixture.write(&format!("data/{name}"), name);
    }
    readdir_cookies(&sb, "/data", false);
}

#[test]
fn a_malformed_script_step_is_reported_not_sent() {
    // The client itself: a step that is not a request ends the script (status 2)
    // after the answers to the steps before it.
    let sb = ScriptSandbox::new();
    sb.run(&[]); // writes the policy
    let runtimes = tests::syscalls::install_client(&sb.fixture);
    let run = sb.fixture.run_with(
        &[tests::syscalls::PROGRAM, r#"[{"Proc":"GetPid"},{"Fd":{"Explode":{}}}]"#],
        &["--runtime-dir", runtimes.to_str().unwrap()],
        b"",
        &[],
    );
    run.assert_code(2);
    let lines: Vec<&str> = run
        .output
        .stdout
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| std::str::from_utf8(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(lines[0], r#"{"i":0,"ok":{"Fd":1}}"#);
    assert!(lines[1].starts_with(r#"{"i":1,"bad":"#), "{}", lines[1]);
}

#[test]
fn dev_devices_behave_as_on_linux() {
    let sb = ScriptSandbox::new();
    let script = vec![
        open("/dev/null", O_RDWR),
        write(fd_of(0), "gone"),
        read(fd_of(0), 10),
        open("/dev/zero", O_RDONLY),
        read(fd_of(3), 4),
        open("/dev/full", O_WRONLY),
        write(fd_of(5), "x"),
        open("/dev/urandom", O_RDONLY),
        read(fd_of(7), 32),
        open("/dev/tty", O_RDWR),
        stat("/dev/null"),
        readlink("/dev/stdout"),
        readlink("/dev/fd"),
        open("/dev/stderr", O_WRONLY),
        write(fd_of(13), "to stderr through /dev/stderr\n"),
        seek(fd_of(0), 100, Whence::Set),
        // Abuse: nothing is made, removed or renamed in /dev; `..` leaves it.
        mkdir("/dev/x"),
        unlink("/dev/null"),
        rename("/dev/zero", "/tmp/zero"),
        open("/dev/new", O_WRONLY | O_CREAT),
        stat("/dev/../etc/passwd"),
        open("/dev/null/", O_RDONLY),
        open("/dev", O_RDONLY | O_DIRECTORY),
        read_dir(fd_of(22), 0, 100),
    ];
    let out = sb.run(&script);
    let random = data(&out[8]);
    assert_eq!(random.len(), 32);
    assert_ne!(random, &[0u8; 32][..]);
    let mut shapes = shapes(&out);
    shapes[8] = "random".into();
    assert_eq!(
        shapes,
        [
            "fd 4",
            "wrote 4",
            "data \"\"",
            "fd 5",
            "data \"\\0\\0\\0\\0\"",
            "fd 6",
            "ENOSPC",
            "fd 7",
            "random",
            "ENXIO",
            "CharDevice size 0 nlink 1",
            "data \"/proc/self/fd/1\"",
            "data \"/proc/self/fd\"",
            "fd 8",
            "wrote 30",
            "offset 0",
            "EACCES",
            "EACCES",
            "EACCES",
            "EACCES",
            "Regular size 130 nlink 1",
            "ENOTDIR",
            "fd 9",
            "[.:Directory ..:Directory fd:Symlink full:CharDevice null:CharDevice \
             random:CharDevice stderr:Symlink stdin:Symlink stdout:Symlink tty:CharDevice \
             urandom:CharDevice zero:CharDevice]",
        ]
    );
}

#[test]
fn proc_self_shows_the_caller_and_nothing_else() {
    let sb = ScriptSandbox::new().mount("data", "/data", false);
    sb.fixture.write("data/ro.txt", "read only");
    let script = vec![
        readlink("/proc/self"),
        readlink("/proc/self/cwd"),
        readlink("/proc/self/fd/3"),
        open("/tmp/f", O_RDWR | O_CREAT),
        write(fd_of(3), "through /proc"),
        readlink("/proc/1/fd/4"),
        // Reopening by path: a new description, with its own offset.
        open("/proc/self/fd/4", O_RDONLY),
        read(fd_of(6), 100),
        pipe(0),
        readlink("/proc/self/fd/6"),
        // A pipe has no path: its descriptor is shared, as a dup.
        open("/dev/fd/7", O_WRONLY),
        write(fd_of(10), "piped"),
        read(6, 100),
        open("/proc/self/fd/6", O_WRONLY | O_NOFOLLOW),
        read_file("/proc/self/cmdline"),
        open("/proc/self/fd", O_RDONLY | O_DIRECTORY),
        read_dir(fd_of(15), 0, 100),
        // Abuse: other pids, the host's /proc entries, writes, escapes.
        read_file("/proc/2/status"),
        read_file("/proc/self/environ"),
        readlink("/proc/self/root"),
        readlink("/proc/self/exe"),
        open("/proc/self/status", O_WRONLY),
        mkdir("/proc/self/x"),
        open("/data/ro.txt", O_RDONLY),
        open("/proc/self/fd/10", O_RDWR),
        open("/proc/self/fd/10/../../../../etc/passwd", O_RDONLY),
        read_file("/proc/self/fd/3/etc/hostname"),
        stat("/proc/self/fd/999"),
        stat("/proc/self/fd/007"),
        read_file("/proc/self/status"),
        // The read end of a pipe is shared only for reading.
        open("/proc/self/fd/6", O_WRONLY),
    ];
    let out = sb.run(&script);
    let status = String::from_utf8_lossy(data(&out[29])).into_owned();
    for line in ["Name:\tany.wasm\n", "Pid:\t1\n", "PPid:\t0\n", "Uid:\t1000\t1000\t1000\t1000\n"] {
        assert!(status.contains(line), "{line:?} in {status}");
    }
    assert!(data(&out[9]).starts_with(b"pipe:["), "{:?}", out[9]);
    let mut shapes = shapes(&out);
    shapes[9] = "pipe".into();
    assert!(data(&out[14]).starts_with(b"/app/any.wasm\0"), "{:?}", out[14]);
    shapes[14] = "cmdline".into();
    shapes[29] = "status".into();
    let numbered: Vec<String> =
        shapes.iter().enumerate().map(|(i, s)| format!("{i}: {s}")).collect();
    assert_eq!(
        shapes,
        [
            "data \"1\"",
            "data \"/\"",
            "data \"/\"",
            "fd 4",
            "wrote 13",
            "data \"/tmp/f\"",
            "fd 5",
            "data \"through /proc\"",
            "FdPair(6, 7)",
            "pipe",
            "fd 8",
            "wrote 5",
            "data \"piped\"",
            // A symlink to lstat, as on Linux.
            "ELOOP",
            "cmdline",
            "fd 9",
            "[.:Directory ..:Directory 0:Symlink 1:Symlink 2:Symlink 3:Symlink 4:Symlink \
             5:Symlink 6:Symlink 7:Symlink 8:Symlink 9:Symlink]",
            "ENOENT",
            "ENOENT",
            "ENOENT",
            "ENOENT",
            "EACCES",
            "EACCES",
            "fd 10",
            "EROFS",
            "ENOTDIR",
            "data \"sandbox\\n\"",
            "ENOENT",
            "ENOENT",
            "status",
            "EACCES",
        ],
        "\n{}",
        numbered.join("\n")
    );
}

fn mode(outcome: &Outcome) -> u32 {
    match outcome {
        Ok(Reply::Stat(s)) => s.mode,
        other => panic!("not a stat: {other:?}"),
    }
}

/// Mode bits, against Linux. The oracle runs as root of a user namespace, so where the
/// sandbox user is refused for not being root (or not the owner), Linux is not: those
/// steps are the listed divergences.
#[test]
fn chmod_and_chown_against_linux() {
    let sb = sandbox_with_rw().mount("ro", "/ro", false).tmpfs("/scratch", 1);
    sb.fixture.write("ro/r.txt", "r");
    for dir in ["/tmp", "/rw", "/scratch"] {
        let f = format!("{dir}/f");
        let script = vec![
            open(&f, O_RDWR | O_CREAT),
            stat(&f),
            fchmod(fd_of(0), 0o600),
            stat(&f),
            chmod(&f, 0o4751),
            stat(&f),
            mkdir(format!("{dir}/d")),
            chmod(format!("{dir}/d"), 0o700),
            stat(format!("{dir}/d")),
            chown(&f, None, None),
            chmod(format!("{dir}/missing"), 0o644),
            chmod(&f, 0),
            // Mode 0: the sandbox user may not open it; Linux's root may.
            open(&f, O_RDONLY),
            read(fd_of(0), 1),
            // Giving the file away: only root may.
            chown(&f, Some(0), None),
            chmod(&f, 0o644),
            chmod("/ro/r.txt", 0o600),
        ];
        // SAFETY: geteuid has no preconditions.
        let kernel_is_root = unsafe { libc::geteuid() } == 0;
        let known: &[(usize, &str)] = if dir == "/rw" {
            // A host mount: the host checks mode bits with the kernel's credentials, and
            // its files keep their host owners. (Its set-ID bits are never set, checked
            // below: the kernel may run as a more privileged user.)
            if kernel_is_root {
                &[(14, "host files keep their owners: EPERM; Linux root gives it away")]
            } else {
                &[
                    (12, "the kernel's own user is refused mode 0; Linux root opens it"),
                    (14, "host files keep their owners: EPERM; Linux root gives it away"),
                ]
            }
        } else {
            &[
                (12, "mode 0 is EACCES for the sandbox user; Linux root opens it"),
                (14, "the sandbox user cannot give a file away: EPERM; Linux root can"),
            ]
        };
        let out = sb.run_checked_except(&script, known);
        let linux = sb.run_linux(&script);
        assert_eq!(mode(&out[1]), 0o644 & !0o022, "{dir}: creation mode after umask");
        for step in [3, 8] {
            assert_eq!(mode(&out[step]), mode(&linux[step]), "{dir}: step {step}");
        }
        let setuid = if dir == "/rw" { 0o751 } else { 0o4751 };
        assert_eq!(mode(&out[5]), setuid, "{dir}");
        if dir != "/rw" {
            assert_eq!(shapes(&out)[12], "EACCES", "{dir}");
        }
        assert_eq!(shapes(&out)[14], "EPERM", "{dir}");
        assert_eq!(shapes(&out)[16], "EROFS", "{dir}");
    }
}

#[test]
fn a_tmpfs_mount_fills_up_with_enospc() {
    let sb = ScriptSandbox::new().tmpfs("/scratch", 1);
    let mib = vec![7u8; 1 << 20];
    let script = vec![
        open("/scratch/a", O_WRONLY | O_CREAT),
        write(fd_of(0), &mib),
        write(fd_of(0), "x"),
        // A hole costs nothing.
        Request::Fd(FdRequest::SetSize { fd: fd_of(0), size: 1 << 30 }),
        // /tmp is another file system, with room to spare, and a move there is a copy.
        open("/tmp/b", O_WRONLY | O_CREAT),
        write(fd_of(4), "x"),
        rename("/scratch/a", "/tmp/a"),
        Request::Fd(FdRequest::SetSize { fd: fd_of(0), size: 0 }),
        write(fd_of(0), "fits again"),
        unlink("/scratch/a"),
        mkdir("/scratch/d"),
    ];
    let out = sb.run(&script);
    assert_shapes(
        &out,
        &[
            "fd 4",
            "wrote 1048576",
            "ENOSPC",
            "ok",
            "fd 5",
            "wrote 1",
            "EXDEV",
            "ok",
            "wrote 10",
            "ok",
            "ok",
        ],
    );
}

/// Links through `/proc` resolve in the sandbox's namespace like any other: the host's
/// `/proc/self/root` does not exist here, and `/proc/self/fd/3` (the root) leads to the
/// sandbox's root.
#[test]
fn links_through_proc_stay_in_the_sandbox() {
    let sb = ScriptSandbox::new().mount("data", "/data", false);
    for (name, target) in [
        ("fdroot", "/proc/self/fd/3/etc/shadow"),
        ("hostroot", "/proc/self/root/etc/passwd"),
        ("cwd", "/proc/self/cwd/../../../etc/shadow"),
        ("other", "/proc/1/../2/cwd"),
        ("fdpasswd", "/proc/self/fd/3/etc/passwd"),
    ] {
        std::os::unix::fs::symlink(target, sb.host(&format!("data/{name}"))).unwrap();
    }
    let out = sb.run(&[
        read_file("/data/fdroot"),
        read_file("/data/hostroot"),
        read_file("/data/cwd"),
        stat("/data/other"),
        read_file("/data/fdpasswd"),
        open("/proc/self/fd/3", O_RDONLY | O_DIRECTORY),
        read_file("/proc/self/cwd/proc/self/cwd/etc/hostname"),
    ]);
    let shapes = shapes(&out);
    assert_eq!(shapes[..4], ["ENOENT", "ENOENT", "ENOENT", "ENOENT"]);
    assert!(data(&out[4]).starts_with(b"root:x:0:0:root:/root:"), "{:?}", out[4]);
    assert_eq!(shapes[5..], ["fd 4", "data \"sandbox\\n\""]);
}

/// realpath, chdir and getcwd, compared with Linux: symlinks followed, `.`/`..`
/// removed, relative paths from the new working directory, the errors of each.
#[test]
fn realpath_chdir_and_getcwd_as_linux() {
    use syscall_proto::proc::ProcRequest;
    let realpath =
        |p: &str| Request::Path(PathRequest::Realpath { dirfd: AT_FDCWD, path: p.into() });
    let chdir = |p: &str| Request::Path(PathRequest::Chdir { path: p.into() });
    let getcwd = Request::Proc(ProcRequest::GetCwd);
    let sb = sandbox_with_rw();
    let script = vec![
        mkdir("/tmp/d"),
        mkdir("/tmp/d/e"),
        symlink("d/e", "/tmp/l"),
        symlink("/tmp/nowhere", "/tmp/dangling"),
        realpath("/tmp/l"),
        realpath("/tmp//d/./e/../e/"),
        realpath("/tmp/missing"),
        realpath("/tmp/dangling"),
        realpath(""),
        chdir("/tmp/l"),
        getcwd.clone(),
        realpath("."),
        realpath(".."),
        open("x", O_RDWR | O_CREAT),
        realpath("x"),
        realpath("x/"),
        chdir("x"),
        chdir("/nope"),
        chdir(""),
        chdir("../.."),
        getcwd.clone(),
        chdir("/rw"),
        getcwd,
        realpath("/rw/../tmp/l/x"),
    ];
    let out = sb.run_checked(&script);
    assert_eq!(data(&out[4]), b"/tmp/d/e");
    assert_eq!(data(&out[5]), b"/tmp/d/e");
    assert_eq!(data(&out[10]), b"/tmp/d/e");
    assert_eq!(data(&out[12]), b"/tmp/d");
    assert_eq!(data(&out[14]), b"/tmp/d/e/x");
    assert_eq!(data(&out[20]), b"/tmp");
    assert_eq!(data(&out[22]), b"/rw");
    assert_eq!(data(&out[23]), b"/tmp/d/e/x");
    let errors: Vec<String> =
        [6, 7, 8, 15, 16, 17, 18].iter().map(|&i| shapes(&out[i..=i]).remove(0)).collect();
    assert_eq!(errors, ["ENOENT", "ENOENT", "ENOENT", "ENOTDIR", "ENOTDIR", "ENOENT", "ENOENT"]);
}

/// statfs, against Linux: the file system's type (the in-memory root and `/tmp` are a
/// tmpfs, a host mount the host's), a read-only mount's `ST_RDONLY`, and the errnos of
/// resolution. Sizes are the policy's or the host's, so they are not compared.
#[test]
fn statfs_reports_the_file_system_a_path_lies_on() {
    let sb = sandbox_with_rw().mount("ro", "/ro", false);
    sb.fixture.write("ro/f", "x");
    sb.fixture.write("rw/g", "y");
    let script = vec![
        statfs("/tmp"),
        statfs("/rw/g"),
        statfs("/ro/f"),
        statfs("/nosuch"),
        statfs("/ro/f/x"),
        symlink("/nowhere", "/tmp/dangling"),
        statfs("/tmp/dangling"),
        symlink("/ro/f", "/tmp/to-ro"),
        statfs("/tmp/to-ro"),
    ];
    let out = sb.run_checked(&script);
    let host_type = match &out[1] {
        Ok(Reply::FsStat(s)) => s.fs_type,
        other => panic!("{other:?}"),
    };
    let host = format!("FsStat {host_type:#x}");
    let ro = format!("FsStat {host_type:#x} ro");
    assert_shapes(
        &out,
        &["FsStat 0x1021994", &host, &ro, "ENOENT", "ENOTDIR", "ok", "ENOENT", "ok", &ro],
    );
}
