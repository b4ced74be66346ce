//! The kernel's syscall dispatch, driven by arbitrary sequences of requests.
//!
//! Each input is a list of operations (structure-aware: an `arbitrary` enum that maps
//! onto the file, descriptor, pipe, poll, time and random families of
//! `syscall_proto::Request`), run through `kernel::syscalls::dispatch` against a fresh
//! sandbox: the in-memory root with its skeleton, `/dev` and `/proc`, a read-write host
//! mount, a read-only host mount holding a symlink that points out of it, and a tmpfs
//! with a small size. Paths come from a small alphabet with `..`, `/`, symlink names,
//! NUL and overlong components; descriptors, lengths, offsets and flags include
//! hostile values.
//!
//! Beyond "no panic, no hang": after each input the host files outside the mounts and
//! everything in the read-only mount are exactly as they were.
//!
//! The process the requests come from has a pidfd of a runtime that has already exited,
//! so any call that would block gives up at once (as it does when a runtime dies
//! mid-call) and an input can never hang the fuzzer. Process-family requests (spawn,
//! kill, exit) are left out: they start and stop real runtimes.

#![no_main]

use std::os::fd::OwnedFd;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use arbitrary::Arbitrary;
use kernel::fd::{FdTable, OpenFile};
use kernel::perm::{self, Caller};
use kernel::process::Process;
use kernel::sandbox::Sandbox;
use kernel::vfs::path::{Resolved, VPath};
use libfuzzer_sys::fuzz_target;
use syscall_proto::fd::{FdRequest, PollFd, SetTime, Whence};
use syscall_proto::path::{oflags, PathRequest};
use syscall_proto::proc::{RuntimeLimits, StartInfo};
use syscall_proto::random::RandomRequest;
use syscall_proto::time::{Clock, TimeRequest};
use syscall_proto::Request;

/// Path pieces: enough to build traversal, symlink and mount-crossing paths.
#[derive(Arbitrary, Debug, Clone, Copy)]
enum Piece {
    Root,
    Dot,
    DotDot,
    Rw,
    Ro,
    Tmpfs,
    Tmp,
    Dev,
    Proc,
    SelfDir,
    Fd,
    Escape,
    Link,
    A,
    B,
    File,
    Slash,
    Nul,
    Long,
}

impl Piece {
    fn bytes(self) -> Vec<u8> {
        match self {
            Piece::Root => b"/".to_vec(),
            Piece::Dot => b".".to_vec(),
            Piece::DotDot => b"..".to_vec(),
            Piece::Rw => b"rw".to_vec(),
            Piece::Ro => b"ro".to_vec(),
            Piece::Tmpfs => b"t".to_vec(),
            Piece::Tmp => b"tmp".to_vec(),
            Piece::Dev => b"dev".to_vec(),
            Piece::Proc => b"proc".to_vec(),
            Piece::SelfDir => b"self".to_vec(),
            Piece::Fd => b"fd".to_vec(),
            Piece::Escape => b"escape".to_vec(),
            Piece::Link => b"l".to_vec(),
            Piece::A => b"a".to_vec(),
            Piece::B => b"b".to_vec(),
            Piece::File => b"f".to_vec(),
            Piece::Slash => b"/".to_vec(),
            Piece::Nul => b"\0".to_vec(),
            Piece::Long => vec![b'x'; 300],
        }
    }
}

#[derive(Arbitrary, Debug)]
struct FuzzPath(Vec<Piece>);

impl FuzzPath {
    fn bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for (i, p) in self.0.iter().take(12).enumerate() {
            if i > 0 && !matches!(p, Piece::Slash | Piece::Root) {
                out.push(b'/');
            }
            out.extend(p.bytes());
        }
        out
    }
}

/// A descriptor: a small one (likely open), or a hostile one.
#[derive(Arbitrary, Debug, Clone, Copy)]
enum FuzzFd {
    Small(u8),
    Cwd,
    Negative(i32),
    Huge,
}

impl FuzzFd {
    fn get(self) -> i32 {
        match self {
            FuzzFd::Small(n) => i32::from(n % 16),
            FuzzFd::Cwd => -100,
            FuzzFd::Negative(n) => n.min(-1),
            FuzzFd::Huge => i32::MAX,
        }
    }
}

#[derive(Arbitrary, Debug)]
enum Op {
    Open { dirfd: FuzzFd, path: FuzzPath, flags: u32, mode: u16 },
    Stat { dirfd: FuzzFd, path: FuzzPath, follow: bool },
    Mkdir { dirfd: FuzzFd, path: FuzzPath, mode: u16 },
    Unlink { dirfd: FuzzFd, path: FuzzPath },
    Rmdir { dirfd: FuzzFd, path: FuzzPath },
    Rename { a: FuzzFd, old: FuzzPath, b: FuzzFd, new: FuzzPath },
    Symlink { target: FuzzPath, dirfd: FuzzFd, path: FuzzPath },
    Readlink { dirfd: FuzzFd, path: FuzzPath },
    Link { a: FuzzFd, old: FuzzPath, b: FuzzFd, new: FuzzPath, follow: bool },
    ReadFile { dirfd: FuzzFd, path: FuzzPath },
    Chmod { dirfd: FuzzFd, path: FuzzPath, mode: u32 },
    PathTimes { dirfd: FuzzFd, path: FuzzPath, follow: bool, at: i64 },
    Read { fd: FuzzFd, len: u32 },
    Pread { fd: FuzzFd, len: u32, offset: u64 },
    Write { fd: FuzzFd, len: u16, byte: u8 },
    Pwrite { fd: FuzzFd, len: u16, offset: u64 },
    Seek { fd: FuzzFd, offset: i64, whence: u8 },
    Close { fd: FuzzFd },
    FdStat { fd: FuzzFd },
    Fstat { fd: FuzzFd },
    SetFlags { fd: FuzzFd, flags: u32 },
    SetSize { fd: FuzzFd, size: u64 },
    FdTimes { fd: FuzzFd, at: i64 },
    Sync { fd: FuzzFd },
    ReadDir { fd: FuzzFd, cookie: u64, max: u32 },
    Renumber { from: FuzzFd, to: FuzzFd },
    Dup { fd: FuzzFd, min: FuzzFd, cloexec: bool },
    Dup3 { from: FuzzFd, to: FuzzFd, flags: Option<u32> },
    GetFdFlags { fd: FuzzFd },
    SetFdFlags { fd: FuzzFd, flags: u32 },
    Pipe { flags: u32 },
    Poll { fds: Vec<(FuzzFd, i16)>, timeout_ms: i32 },
    Fchmod { fd: FuzzFd, mode: u32 },
    Now { clock: u8 },
    Sleep { nanos: u64 },
    Random { len: u32 },
}

fn whence(w: u8) -> Whence {
    match w % 3 {
        0 => Whence::Set,
        1 => Whence::Cur,
        _ => Whence::End,
    }
}

impl Op {
    fn request(&self) -> Request {
        use FdRequest as F;
        use PathRequest as P;
        match self {
            Op::Open { dirfd, path, flags, mode } => Request::Path(P::Open {
                dirfd: dirfd.get(),
                path: path.bytes(),
                flags: *flags,
                mode: u32::from(*mode),
            }),
            Op::Stat { dirfd, path, follow } => {
                Request::Path(P::Stat { dirfd: dirfd.get(), path: path.bytes(), follow: *follow })
            }
            Op::Mkdir { dirfd, path, mode } => Request::Path(P::Mkdir {
                dirfd: dirfd.get(),
                path: path.bytes(),
                mode: u32::from(*mode),
            }),
            Op::Unlink { dirfd, path } => {
                Request::Path(P::Unlink { dirfd: dirfd.get(), path: path.bytes() })
            }
            Op::Rmdir { dirfd, path } => {
                Request::Path(P::Rmdir { dirfd: dirfd.get(), path: path.bytes() })
            }
            Op::Rename { a, old, b, new } => Request::Path(P::Rename {
                old_dirfd: a.get(),
                old: old.bytes(),
                new_dirfd: b.get(),
                new: new.bytes(),
            }),
            Op::Symlink { target, dirfd, path } => Request::Path(P::Symlink {
                target: target.bytes(),
                dirfd: dirfd.get(),
                path: path.bytes(),
            }),
            Op::Readlink { dirfd, path } => {
                Request::Path(P::Readlink { dirfd: dirfd.get(), path: path.bytes() })
            }
            Op::Link { a, old, b, new, follow } => Request::Path(P::Link {
                old_dirfd: a.get(),
                old: old.bytes(),
                new_dirfd: b.get(),
                new: new.bytes(),
                follow: *follow,
            }),
            Op::ReadFile { dirfd, path } => {
                Request::Path(P::ReadFile { dirfd: dirfd.get(), path: path.bytes() })
            }
            Op::Chmod { dirfd, path, mode } => {
                Request::Path(P::Chmod { dirfd: dirfd.get(), path: path.bytes(), mode: *mode })
            }
            Op::PathTimes { dirfd, path, follow, at } => Request::Path(P::SetTimes {
                dirfd: dirfd.get(),
                path: path.bytes(),
                follow: *follow,
                atime: SetTime::At(*at),
                mtime: SetTime::Now,
            }),
            Op::Read { fd, len } => Request::Fd(F::Read { fd: fd.get(), len: *len }),
            Op::Pread { fd, len, offset } => {
                Request::Fd(F::Pread { fd: fd.get(), len: *len, offset: *offset })
            }
            Op::Write { fd, len, byte } => {
                Request::Fd(F::Write { fd: fd.get(), data: vec![*byte; usize::from(*len)] })
            }
            Op::Pwrite { fd, len, offset } => Request::Fd(F::Pwrite {
                fd: fd.get(),
                data: vec![b'p'; usize::from(*len)],
                offset: *offset,
            }),
            Op::Seek { fd, offset, whence: w } => {
                Request::Fd(F::Seek { fd: fd.get(), offset: *offset, whence: whence(*w) })
            }
            Op::Close { fd } => Request::Fd(F::Close { fd: fd.get() }),
            Op::FdStat { fd } => Request::Fd(F::FdStat { fd: fd.get() }),
            Op::Fstat { fd } => Request::Fd(F::Stat { fd: fd.get() }),
            Op::SetFlags { fd, flags } => Request::Fd(F::SetFlags { fd: fd.get(), flags: *flags }),
            Op::SetSize { fd, size } => Request::Fd(F::SetSize { fd: fd.get(), size: *size }),
            Op::FdTimes { fd, at } => Request::Fd(F::SetTimes {
                fd: fd.get(),
                atime: SetTime::Omit,
                mtime: SetTime::At(*at),
            }),
            Op::Sync { fd } => Request::Fd(F::Sync { fd: fd.get() }),
            Op::ReadDir { fd, cookie, max } => {
                Request::Fd(F::ReadDir { fd: fd.get(), cookie: *cookie, max: *max })
            }
            Op::Renumber { from, to } => Request::Fd(F::Renumber { from: from.get(), to: to.get() }),
            Op::Dup { fd, min, cloexec } => {
                Request::Fd(F::Dup { fd: fd.get(), min: min.get(), cloexec: *cloexec })
            }
            Op::Dup3 { from, to, flags } => {
                Request::Fd(F::Dup3 { from: from.get(), to: to.get(), flags: *flags })
            }
            Op::GetFdFlags { fd } => Request::Fd(F::GetFdFlags { fd: fd.get() }),
            Op::SetFdFlags { fd, flags } => {
                Request::Fd(F::SetFdFlags { fd: fd.get(), flags: *flags })
            }
            Op::Pipe { flags } => Request::Fd(F::Pipe { flags: *flags }),
            Op::Poll { fds, timeout_ms } => Request::Fd(F::Poll {
                fds: fds
                    .iter()
                    .take(64)
                    .map(|(fd, events)| PollFd { fd: fd.get(), events: *events as u16 })
                    .collect(),
                timeout_ms: *timeout_ms,
            }),
            Op::Fchmod { fd, mode } => Request::Fd(F::Chmod { fd: fd.get(), mode: *mode }),
            Op::Now { clock } => Request::Time(TimeRequest::Now {
                clock: match clock % 4 {
                    0 => Clock::Realtime,
                    1 => Clock::Monotonic,
                    2 => Clock::ProcessCputime,
                    _ => Clock::ThreadCputime,
                },
            }),
            Op::Sleep { nanos } => Request::Time(TimeRequest::Sleep { nanos: *nanos }),
            Op::Random { len } => Request::Random(RandomRequest::GetRandom { len: *len }),
        }
    }
}

/// The host side of the sandbox: made once, its mounted directories reset per input.
struct Host {
    dir: PathBuf,
    /// The fuzz policy, loaded once; each input gets a sandbox of its own from it.
    policy: policies::Policy,
    /// A pidfd of a process that has exited.
    dead: OwnedFd,
    /// Files outside the mounts and in the read-only mount, as they must stay.
    guarded: Vec<(PathBuf, Vec<u8>)>,
    /// The listings of the read-only mount and of the directory outside the mounts, as
    /// they must stay.
    ro_listing: Vec<String>,
    outside_listing: Vec<String>,
}

fn host() -> &'static Host {
    static HOST: OnceLock<Host> = OnceLock::new();
    HOST.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("kernel-dispatch-fuzz-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for d in ["outside", "rw", "ro/sub"] {
            std::fs::create_dir_all(dir.join(d)).expect("mkdir");
        }
        std::fs::write(dir.join("outside/secret"), b"host secret").expect("write");
        std::fs::write(dir.join("ro/f"), b"read-only file").expect("write");
        std::os::unix::fs::symlink("../outside/secret", dir.join("ro/escape")).expect("symlink");
        std::os::unix::fs::symlink(dir.join("outside"), dir.join("ro/sub/l")).expect("symlink");
        let policy = dir.join("policy.toml");
        std::fs::write(
            &policy,
            "[[mount]]\nhost = \"rw\"\npath = \"/rw\"\nmode = \"rw\"\n\n\
             [[mount]]\nhost = \"ro\"\npath = \"/ro\"\n\n\
             [[mount]]\ntype = \"tmpfs\"\npath = \"/t\"\nsize_mb = 1\n\n\
             [limits]\nopen_files = 16\nfs_bytes = 4194304\nfs_inodes = 256\n",
        )
        .expect("policy");
        let mut child = std::process::Command::new("true").spawn().expect("spawn true");
        let dead = syscall_proto::ring::pidfd_open(child.id() as i32).expect("pidfd_open");
        child.wait().expect("wait");
        let guarded = ["outside/secret", "ro/f"]
            .iter()
            .map(|p| (dir.join(p), std::fs::read(dir.join(p)).expect("read")))
            .collect();
        let policy = policies::load(&policy).expect("the fuzz policy is valid");
        let ro_listing = listing(&dir.join("ro"));
        let outside_listing = listing(&dir.join("outside"));
        Host { dir, policy, dead, guarded, ro_listing, outside_listing }
    })
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = walk(dir);
    names.sort();
    names
}

fn walk(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        out.push(p.display().to_string());
        if e.file_type().is_ok_and(|t| t.is_dir()) {
            out.extend(walk(&p));
        }
    }
    out
}

fn process(sandbox: &Sandbox, host: &Host) -> Process {
    let start = StartInfo {
        pid: 1,
        program: b"/fuzz".to_vec(),
        argv: Vec::new(),
        env: Vec::new(),
        cwd: b"/".to_vec(),
        preopens: Vec::new(),
        limits: RuntimeLimits::default(),
    };
    let mut fds = FdTable::new(sandbox.policy.limits.open_files);
    let root = Resolved { path: VPath::root(), exists: true };
    let flags = oflags::O_RDONLY | oflags::O_DIRECTORY;
    let root = perm::fs::check_open(sandbox, Caller { pid: 1, call: "preopen" }, root, flags)
        .expect("the root is readable");
    let object = sandbox.vfs.open_object(&root, flags, 0).expect("open /");
    fds.insert_at(3, Arc::new(OpenFile::new(object, VPath::root(), oflags::O_RDONLY)))
        .expect("fd 3");
    let pidfd = host.dead.try_clone().expect("dup pidfd");
    Process::new(1, 0, pidfd, start, fds)
}

fuzz_target!(|ops: Vec<Op>| {
    let host = host();
    let _ = std::fs::remove_dir_all(host.dir.join("rw"));
    std::fs::create_dir_all(host.dir.join("rw")).expect("mkdir rw");

    let sandbox = Arc::new(Sandbox::new(host.policy.clone()).expect("sandbox"));
    let process = process(&sandbox, host);
    for op in ops.iter().take(64) {
        let _ = kernel::syscalls::dispatch(&sandbox, &process, op.request());
    }
    process.fds().clear();

    for (path, contents) in &host.guarded {
        assert_eq!(&std::fs::read(path).expect("guarded file"), contents, "{}", path.display());
    }
    assert_eq!(listing(&host.dir.join("ro")), host.ro_listing, "the read-only mount changed");
    assert_eq!(
        listing(&host.dir.join("outside")),
        host.outside_listing,
        "files outside the mounts"
    );
});
