//! A runtime that runs a script of system calls instead of a program, for syscall-level
//! tests through the real rings (`tests/tests/syscalls.rs`, `tests/tests/conformance.rs`).
//! The script and output formats are documented in `tests/src/syscalls.rs`.
//!
//! ```text
//! syscall-client                      # as the kernel's runtime (installed as sandbox-wasm)
//! syscall-client --host --root DIR [--open-files N] [--tmpfs PATH]...
//!                [--bind HOST=PATH]... [--ro-bind HOST=PATH]...     # script on stdin
//! ```
//!
//! **As a runtime** it attaches to its rings, locks itself down exactly as
//! `sandbox-wasm` does (`policies::confine::lock_down(RuntimeProfile::Wasm)`; status
//! 126 if that fails), performs the handshake, runs the script from `argv[1]` (`-`:
//! from its stdin, read through the kernel) and writes one JSON line per request to its
//! stdout through the kernel. Then it reports `Exit { code: 0 }` and exits 0 (2 for a
//! malformed script, 125 when the kernel connection breaks).
//!
//! **With `--host`** it runs the script with the host's own system calls, as the
//! reference the kernel is compared with: in a private mount namespace (and a user
//! namespace when not root), with a tmpfs at each `--tmpfs` path, each bind mount in
//! place (`--ro-bind` read-only), chrooted into DIR, `RLIMIT_NOFILE` at N, and the
//! descriptor table of a sandboxed program (0–2 stdio, 3 the root directory). Where the
//! protocol defines what Linux leaves open or does differently on purpose, the host side
//! follows the protocol, each noted where it is done: reads are capped at
//! `MAX_IO_CHUNK`; a path with a NUL byte is `EINVAL`; unknown open flags are `EINVAL`;
//! `ReadDir` lists `.`, `..`, then the names sorted, with positions as cookies;
//! `FdStat` reports only the access mode, `O_APPEND` and `O_NONBLOCK`; `Renumber` is
//! WASI's `fd_renumber`.

use std::ffi::OsString;
use std::process::exit;

use syscall_proto::client::Client;
use syscall_proto::fd::FdRequest;
use syscall_proto::proc::{ProcRequest, RuntimeKind};
use syscall_proto::{Reply, Request};
use tests::syscalls::{execute, Outcome, Stop, Syscalls};

/// The program cannot run (lock-down failed), as `sandbox-wasm`.
const EXIT_CANNOT_EXECUTE: i32 = 126;
/// The kernel connection failed.
const EXIT_RUNTIME_FAILURE: i32 = 125;
/// The script was malformed.
const EXIT_BAD_SCRIPT: i32 = 2;

fn main() {
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    if args.first().is_some_and(|a| a == "--host") {
        host::main(&args[1..])
    } else {
        runtime_main()
    }
}

fn fail(status: i32, message: &str) -> ! {
    eprintln!("syscall-client: {message}");
    exit(status)
}

/// The exit status for how a script ended.
fn status(result: &Result<(), Stop>) -> i32 {
    match result {
        Ok(()) => 0,
        Err(Stop::BadScript(why)) => {
            eprintln!("syscall-client: {why}");
            EXIT_BAD_SCRIPT
        }
        Err(Stop::Broken(why)) => {
            eprintln!("syscall-client: {why}");
            EXIT_RUNTIME_FAILURE
        }
        Err(Stop::Exit(code)) => *code,
    }
}

/// The script's requests, sent to the kernel.
struct Kernel {
    client: Client,
    start: syscall_proto::proc::StartInfo,
}

impl Syscalls for Kernel {
    fn call(&mut self, request: Request) -> Result<Outcome, String> {
        self.client.call(request).map_err(|e| e.to_string())
    }

    fn environment(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        for (k, v) in &self.start.env {
            out.extend_from_slice(k);
            out.push(b'=');
            out.extend_from_slice(v);
            out.push(0);
        }
        out
    }

    fn arguments(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        for a in &self.start.argv {
            out.extend_from_slice(a);
            out.push(0);
        }
        out
    }

    fn take_signals(&mut self) -> Vec<i32> {
        let mut signals = Vec::new();
        while let Some(event) = self.client.take_event() {
            if let syscall_proto::Event::Signal { signo } = event {
                signals.push(signo);
            }
        }
        signals
    }

    fn emit(&mut self, mut line: &[u8]) -> Result<(), String> {
        while !line.is_empty() {
            let data = line.to_vec();
            match self.client.call(Request::Fd(FdRequest::Write { fd: 1, data })) {
                Ok(Ok(Reply::Written(n))) if n > 0 => {
                    line = &line[(n as usize).min(line.len())..];
                }
                other => return Err(format!("writing to stdout: {other:?}")),
            }
        }
        Ok(())
    }
}

impl Kernel {
    fn read_stdin(&mut self) -> Result<Vec<u8>, String> {
        let mut script = Vec::new();
        loop {
            match self.client.call(Request::Fd(FdRequest::Read { fd: 0, len: 1 << 20 })) {
                Ok(Ok(Reply::Data(d))) if d.is_empty() => return Ok(script),
                Ok(Ok(Reply::Data(d))) => script.extend_from_slice(&d),
                other => return Err(format!("reading the script from stdin: {other:?}")),
            }
        }
    }

    fn exit(mut self, code: i32) -> ! {
        if code != EXIT_RUNTIME_FAILURE {
            let _ = self.client.call(Request::Proc(ProcRequest::Exit { code }));
        }
        exit(code)
    }
}

fn runtime_main() -> ! {
    let client = Client::from_inherited_fds()
        .unwrap_or_else(|e| fail(EXIT_RUNTIME_FAILURE, &format!("kernel connection: {e}")));
    if let Err(e) = policies::confine::lock_down(policies::confine::RuntimeProfile::Wasm) {
        fail(EXIT_CANNOT_EXECUTE, &format!("lock-down: {e}"));
    }
    let mut client = client;
    let start = client
        .hello(RuntimeKind::Wasm)
        .unwrap_or_else(|e| fail(EXIT_RUNTIME_FAILURE, &format!("handshake: {e}")));
    let mut kernel = Kernel { client, start: start.clone() };
    let script = match start.argv.get(1).map(Vec::as_slice) {
        Some(b"-") => kernel.read_stdin().map_err(Stop::Broken),
        Some(script) => Ok(script.to_vec()),
        None => Err(Stop::BadScript("no script: argv[1] is the script, or `-` (stdin)".into())),
    };
    let result = script.and_then(|script| execute(&script, &mut kernel));
    let code = status(&result);
    if let Err(Stop::Exit(_)) = result {
        // The script's own exit(2) was answered already.
        exit(code)
    }
    kernel.exit(code)
}

/// `--host`: the same scripts with the host's system calls.
mod host {
    use std::ffi::{CStr, CString, OsString};
    use std::io::Read;
    use std::os::unix::ffi::OsStrExt;
    use std::path::PathBuf;

    use syscall_proto::fd::{
        DirEntry, FdRequest, FdStat, FileStat, FileType, FsStat, SetTime, Whence, AT_FDCWD,
        MAX_IO_CHUNK,
    };
    use syscall_proto::path::{oflags, PathRequest};
    use syscall_proto::proc::ProcRequest;
    use syscall_proto::random::{RandomRequest, MAX_RANDOM};
    use syscall_proto::time::{Clock, TimeRequest};
    use syscall_proto::{Errno, Reply, Request};
    use tests::syscalls::{execute, Outcome, Syscalls, ROOT_FD};

    use super::{fail, status};

    /// Most entries one `ReadDir` returns (the kernel's batch limit).
    const MAX_DIR_BATCH: usize = 4096;

    struct Options {
        root: PathBuf,
        open_files: Option<u64>,
        tmpfs: Vec<PathBuf>,
        /// `(host, sandbox path, writable)`.
        binds: Vec<(PathBuf, PathBuf, bool)>,
    }

    fn parse(args: &[OsString]) -> Result<Options, String> {
        let mut opts = Options {
            root: PathBuf::new(),
            open_files: None,
            tmpfs: Vec::new(),
            binds: Vec::new(),
        };
        let mut it = args.iter();
        while let Some(flag) = it.next() {
            let mut value = || it.next().ok_or_else(|| format!("{flag:?} needs a value"));
            match flag.to_str() {
                Some("--root") => opts.root = PathBuf::from(value()?),
                Some("--open-files") => {
                    let v = value()?;
                    let n = v.to_str().and_then(|s| s.parse().ok());
                    opts.open_files = Some(n.ok_or_else(|| format!("bad --open-files {v:?}"))?);
                }
                Some("--tmpfs") => opts.tmpfs.push(PathBuf::from(value()?)),
                Some(f @ ("--bind" | "--ro-bind")) => {
                    let v = value()?;
                    let bytes = v.as_bytes();
                    let eq = bytes
                        .iter()
                        .rposition(|&b| b == b'=')
                        .ok_or_else(|| format!("{f} wants HOST=PATH, not {v:?}"))?;
                    let host = PathBuf::from(std::ffi::OsStr::from_bytes(&bytes[..eq]));
                    let path = PathBuf::from(std::ffi::OsStr::from_bytes(&bytes[eq + 1..]));
                    opts.binds.push((host, path, f == "--bind"));
                }
                _ => return Err(format!("unknown option {flag:?}")),
            }
        }
        if opts.root.as_os_str().is_empty() {
            return Err("--root is required".into());
        }
        Ok(opts)
    }

    pub fn main(args: &[OsString]) -> ! {
        let opts = parse(args).unwrap_or_else(|e| fail(64, &e));
        let mut script = Vec::new();
        if let Err(e) = std::io::stdin().read_to_end(&mut script) {
            fail(64, &format!("reading the script: {e}"));
        }
        if let Err(e) = enter(&opts) {
            fail(71, &e);
        }
        let result = execute(&script, &mut Host);
        std::process::exit(status(&result))
    }

    fn errno() -> Errno {
        Errno(std::io::Error::last_os_error().raw_os_error().unwrap_or(libc::EIO))
    }

    fn check(r: libc::c_int) -> Result<libc::c_int, Errno> {
        if r < 0 {
            Err(errno())
        } else {
            Ok(r)
        }
    }

    fn check_size(r: isize) -> Result<usize, Errno> {
        if r < 0 {
            Err(errno())
        } else {
            Ok(r as usize)
        }
    }

    fn cstr(bytes: &[u8]) -> Result<CString, Errno> {
        // The protocol's answer for a path a C program could not even pass.
        CString::new(bytes).map_err(|_| Errno::EINVAL)
    }

    fn setup_err(what: &str) -> String {
        format!("{what}: {}", std::io::Error::last_os_error())
    }

    /// Namespaces, mounts, chroot, limits and the descriptor table.
    fn enter(opts: &Options) -> Result<(), String> {
        // SAFETY: geteuid and getegid have no preconditions.
        let (uid, gid) = unsafe { (libc::geteuid(), libc::getegid()) };
        let mut flags = libc::CLONE_NEWNS;
        if uid != 0 {
            flags |= libc::CLONE_NEWUSER;
        }
        // SAFETY: unshare with namespace flags only; this process is single-threaded.
        if unsafe { libc::unshare(flags) } != 0 {
            return Err(setup_err("unshare"));
        }
        if uid != 0 {
            let write = |file: &str, text: String| {
                std::fs::write(file, text).map_err(|e| format!("{file}: {e}"))
            };
            write("/proc/self/setgroups", "deny".into())?;
            write("/proc/self/uid_map", format!("0 {uid} 1"))?;
            write("/proc/self/gid_map", format!("0 {gid} 1"))?;
        }
        let c = |p: &std::path::Path| {
            CString::new(p.as_os_str().as_bytes()).map_err(|_| format!("NUL in {p:?}"))
        };
        let root_slash = c("/".as_ref())?;
        // SAFETY: valid NUL-terminated strings or null pointers, as mount(2) takes them.
        let r = unsafe {
            libc::mount(
                std::ptr::null(),
                root_slash.as_ptr(),
                std::ptr::null(),
                libc::MS_REC | libc::MS_PRIVATE,
                std::ptr::null(),
            )
        };
        if r != 0 {
            return Err(setup_err("making / private"));
        }
        let under_root = |p: &std::path::Path| opts.root.join(p.strip_prefix("/").unwrap_or(p));
        let tmpfs = c("tmpfs".as_ref())?;
        let mode = c("mode=1777".as_ref())?;
        for p in &opts.tmpfs {
            let target = c(&under_root(p))?;
            // SAFETY: valid NUL-terminated strings, as mount(2) takes them.
            let r = unsafe {
                libc::mount(
                    tmpfs.as_ptr(),
                    target.as_ptr(),
                    tmpfs.as_ptr(),
                    libc::MS_NOSUID | libc::MS_NODEV,
                    mode.as_ptr().cast(),
                )
            };
            if r != 0 {
                return Err(setup_err(&format!("tmpfs at {p:?}")));
            }
        }
        for (host, path, writable) in &opts.binds {
            let (src, target) = (c(host)?, c(&under_root(path))?);
            // SAFETY: valid NUL-terminated strings or null pointers, as mount(2) takes them.
            let r = unsafe {
                libc::mount(
                    src.as_ptr(),
                    target.as_ptr(),
                    std::ptr::null(),
                    libc::MS_BIND | libc::MS_REC,
                    std::ptr::null(),
                )
            };
            if r != 0 {
                return Err(setup_err(&format!("bind {host:?} at {path:?}")));
            }
            if !writable {
                remount_read_only(&target).map_err(|e| format!("{e} ({path:?})"))?;
            }
        }
        let root = c(&opts.root)?;
        // SAFETY: valid NUL-terminated paths.
        let r = unsafe { libc::chroot(root.as_ptr()) };
        // SAFETY: as above.
        if r != 0 || unsafe { libc::chdir(root_slash.as_ptr()) } != 0 {
            return Err(setup_err("chroot"));
        }
        if let Some(n) = opts.open_files {
            let mut lim = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
            // SAFETY: `lim` is a valid rlimit to fill and then read.
            let r = unsafe {
                libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim);
                lim.rlim_cur = n.min(lim.rlim_max);
                libc::setrlimit(libc::RLIMIT_NOFILE, &lim)
            };
            if r != 0 {
                return Err(setup_err("RLIMIT_NOFILE"));
            }
        }
        // The descriptor table of a sandboxed program: stdio, then the root at 3.
        // SAFETY: closes descriptors this process does not use (nothing refers to them).
        unsafe { libc::syscall(libc::SYS_close_range, 3u32, u32::MAX, 0u32) };
        // SAFETY: a valid NUL-terminated path.
        let fd = unsafe {
            libc::open(root_slash.as_ptr(), libc::O_RDONLY | libc::O_DIRECTORY | libc::O_CLOEXEC)
        };
        if fd != ROOT_FD {
            return Err(format!("the root directory opened as {fd}, not {ROOT_FD}"));
        }
        Ok(())
    }

    /// Makes a bind mount read-only, keeping the flags a user namespace may not drop.
    fn remount_read_only(target: &CStr) -> Result<(), String> {
        // SAFETY: an all-zero statvfs is a valid value to fill.
        let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
        // SAFETY: a valid path and a statvfs to fill.
        if unsafe { libc::statvfs(target.as_ptr(), &mut st) } != 0 {
            return Err(setup_err("statvfs"));
        }
        let mut flags = libc::MS_REMOUNT | libc::MS_BIND | libc::MS_RDONLY;
        for (st_flag, ms_flag) in [
            (libc::ST_NOSUID, libc::MS_NOSUID),
            (libc::ST_NODEV, libc::MS_NODEV),
            (libc::ST_NOEXEC, libc::MS_NOEXEC),
            (libc::ST_NOATIME, libc::MS_NOATIME),
            (libc::ST_NODIRATIME, libc::MS_NODIRATIME),
            (libc::ST_RELATIME, libc::MS_RELATIME),
        ] {
            if st.f_flag & st_flag != 0 {
                flags |= ms_flag;
            }
        }
        // SAFETY: a valid path; null source, type and data, as a remount takes them.
        let r = unsafe {
            libc::mount(
                std::ptr::null(),
                target.as_ptr(),
                std::ptr::null(),
                flags,
                std::ptr::null(),
            )
        };
        if r != 0 {
            return Err(setup_err("remounting read-only"));
        }
        Ok(())
    }

    /// The host's system calls, one per request.
    struct Host;

    impl Syscalls for Host {
        fn call(&mut self, request: Request) -> Result<Outcome, String> {
            Ok(serve(request))
        }

        fn environment(&mut self) -> Vec<u8> {
            use std::os::unix::ffi::OsStrExt;
            let mut out = Vec::new();
            for (k, v) in std::env::vars_os() {
                out.extend_from_slice(k.as_bytes());
                out.push(b'=');
                out.extend_from_slice(v.as_bytes());
                out.push(0);
            }
            out
        }

        fn arguments(&mut self) -> Vec<u8> {
            use std::os::unix::ffi::OsStrExt;
            let mut out = Vec::new();
            for a in std::env::args_os() {
                out.extend_from_slice(a.as_bytes());
                out.push(0);
            }
            out
        }

        fn emit(&mut self, mut line: &[u8]) -> Result<(), String> {
            while !line.is_empty() {
                // SAFETY: `line` is valid for `line.len()` bytes.
                let n = unsafe { libc::write(1, line.as_ptr().cast(), line.len()) };
                match check_size(n) {
                    Ok(n) => line = &line[n..],
                    Err(Errno::EINTR) => {}
                    Err(e) => return Err(format!("writing to stdout: {e}")),
                }
            }
            Ok(())
        }
    }

    fn serve(request: Request) -> Outcome {
        #[allow(unreachable_patterns)] // families added to the protocol later
        match request {
            Request::Fd(r) => fd(r),
            Request::Path(r) => path(r),
            Request::Proc(r) => proc(r),
            Request::Time(r) => time(r),
            Request::Random(r) => random(r),
            _ => Err(Errno::ENOSYS),
        }
    }

    fn unit(r: libc::c_int) -> Outcome {
        check(r).map(|_| Reply::Unit)
    }

    fn read_into(len: u32, f: impl FnOnce(&mut [u8]) -> isize) -> Outcome {
        // The protocol's cap (Linux's own is 2 GiB): no 4 GiB buffer for a 4 GiB length.
        let mut buf = vec![0u8; len.min(MAX_IO_CHUNK) as usize];
        let n = check_size(f(&mut buf))?;
        buf.truncate(n);
        Ok(Reply::Data(buf))
    }

    fn fd(request: FdRequest) -> Outcome {
        #[allow(unreachable_patterns)] // calls added to the protocol later
        match request {
            FdRequest::Read { fd, len } => read_into(len, |buf| {
                // SAFETY: `buf` is valid for writes of `buf.len()` bytes.
                unsafe { libc::read(fd, buf.as_mut_ptr().cast(), buf.len()) }
            }),
            FdRequest::Pread { fd, len, offset } => read_into(len, |buf| {
                // SAFETY: as above. The offset is passed as the bit pattern the wire
                // carries: above i64::MAX it is negative, and Linux says so.
                unsafe { libc::pread(fd, buf.as_mut_ptr().cast(), buf.len(), offset as i64) }
            }),
            FdRequest::Write { fd, data } => {
                // SAFETY: `data` is valid for `data.len()` bytes.
                let n = unsafe { libc::write(fd, data.as_ptr().cast(), data.len()) };
                check_size(n).map(|n| Reply::Written(n as u64))
            }
            FdRequest::Pwrite { fd, data, offset } => {
                // SAFETY: as above.
                let n =
                    unsafe { libc::pwrite(fd, data.as_ptr().cast(), data.len(), offset as i64) };
                check_size(n).map(|n| Reply::Written(n as u64))
            }
            FdRequest::Seek { fd, offset, whence } => {
                let whence = match whence {
                    Whence::Set => libc::SEEK_SET,
                    Whence::Cur => libc::SEEK_CUR,
                    Whence::End => libc::SEEK_END,
                };
                // SAFETY: lseek on a number; an invalid one is EBADF.
                let n = unsafe { libc::lseek(fd, offset, whence) };
                if n < 0 {
                    Err(errno())
                } else {
                    Ok(Reply::Offset(n as u64))
                }
            }
            // SAFETY: close on a number; an invalid one is EBADF.
            FdRequest::Close { fd } => unit(unsafe { libc::close(fd) }),
            FdRequest::Stat { fd } => fstat(fd).map(|s| Reply::Stat(convert(&s))),
            FdRequest::FdStat { fd } => {
                let st = fstat(fd)?;
                // SAFETY: fcntl(F_GETFL) on a number.
                let flags = check(unsafe { libc::fcntl(fd, libc::F_GETFL) })? as u32;
                // The status flags the protocol reports (not O_LARGEFILE and the like).
                let flags = flags & (oflags::O_ACCMODE | oflags::O_APPEND | oflags::O_NONBLOCK);
                Ok(Reply::FdStat(FdStat { kind: kind(st.st_mode), flags }))
            }
            FdRequest::SetFlags { fd, flags } => {
                let settable = (oflags::O_APPEND | oflags::O_NONBLOCK) as libc::c_int;
                // SAFETY: fcntl(F_GETFL/F_SETFL) on a number.
                unsafe {
                    let old = check(libc::fcntl(fd, libc::F_GETFL))?;
                    unit(libc::fcntl(
                        fd,
                        libc::F_SETFL,
                        (old & !settable) | (flags as i32 & settable),
                    ))
                }
            }
            // SAFETY: ftruncate on a number.
            FdRequest::SetSize { fd, size } => unit(unsafe { libc::ftruncate(fd, size as i64) }),
            FdRequest::SetTimes { fd, atime, mtime } => {
                let times = [timespec(atime), timespec(mtime)];
                // SAFETY: `times` holds the two timespecs futimens reads.
                unit(unsafe { libc::futimens(fd, times.as_ptr()) })
            }
            // SAFETY: fsync on a number.
            FdRequest::Sync { fd } => unit(unsafe { libc::fsync(fd) }),
            FdRequest::ReadDir { fd, cookie, max } => read_dir(fd, cookie, max).map(Reply::Entries),
            FdRequest::Renumber { from, to } => {
                // WASI's fd_renumber: both must be open.
                // SAFETY: fcntl(F_GETFD), dup2 and close on numbers.
                unsafe {
                    check(libc::fcntl(from, libc::F_GETFD))?;
                    check(libc::fcntl(to, libc::F_GETFD))?;
                    if from != to {
                        check(libc::dup2(from, to))?;
                        libc::close(from);
                    }
                }
                Ok(Reply::Unit)
            }
            FdRequest::Dup { fd, min, cloexec } => {
                let cmd = if cloexec { libc::F_DUPFD_CLOEXEC } else { libc::F_DUPFD };
                // SAFETY: fcntl(F_DUPFD[_CLOEXEC]) on numbers.
                check(unsafe { libc::fcntl(fd, cmd, min) }).map(Reply::Fd)
            }
            FdRequest::Dup3 { from, to, flags: None } => {
                // SAFETY: dup2 on numbers.
                check(unsafe { libc::dup2(from, to) }).map(Reply::Fd)
            }
            FdRequest::Dup3 { from, to, flags: Some(flags) } => {
                // SAFETY: dup3 on numbers.
                check(unsafe { libc::dup3(from, to, flags as libc::c_int) }).map(Reply::Fd)
            }
            FdRequest::GetFdFlags { fd } => {
                // SAFETY: fcntl(F_GETFD) on a number.
                check(unsafe { libc::fcntl(fd, libc::F_GETFD) }).map(|f| Reply::Flags(f as u32))
            }
            FdRequest::SetFdFlags { fd, flags } => {
                // SAFETY: fcntl(F_SETFD) on a number.
                unit(unsafe { libc::fcntl(fd, libc::F_SETFD, flags as libc::c_int) })
            }
            FdRequest::Pipe { flags } => {
                let mut ends = [0 as libc::c_int; 2];
                // SAFETY: `ends` holds the two descriptors pipe2 writes.
                check(unsafe { libc::pipe2(ends.as_mut_ptr(), flags as libc::c_int) })?;
                Ok(Reply::FdPair(ends[0], ends[1]))
            }
            FdRequest::Poll { fds, timeout_ms } => {
                let mut polled: Vec<libc::pollfd> = fds
                    .iter()
                    .map(|p| libc::pollfd { fd: p.fd, events: p.events as i16, revents: 0 })
                    .collect();
                // SAFETY: `polled` is a valid array of its length.
                check(unsafe {
                    libc::poll(polled.as_mut_ptr(), polled.len() as libc::nfds_t, timeout_ms)
                })?;
                Ok(Reply::Polled(polled.iter().map(|p| p.revents as u16).collect()))
            }
            // SAFETY: fchmod on a number.
            FdRequest::Chmod { fd, mode } => unit(unsafe { libc::fchmod(fd, mode) }),
            FdRequest::Chown { fd, uid, gid } => {
                // SAFETY: fchown on a number; -1 leaves an id as it is.
                unit(unsafe { libc::fchown(fd, uid.unwrap_or(u32::MAX), gid.unwrap_or(u32::MAX)) })
            }
            _ => Err(Errno::ENOSYS),
        }
    }

    fn fstat(fd: i32) -> Result<libc::stat, Errno> {
        // SAFETY: an all-zero stat is a valid value to fill.
        let mut st: libc::stat = unsafe { std::mem::zeroed() };
        // SAFETY: `st` is a valid stat to fill.
        check(unsafe { libc::fstat(fd, &mut st) })?;
        Ok(st)
    }

    fn kind(mode: u32) -> FileType {
        match mode & libc::S_IFMT {
            libc::S_IFDIR => FileType::Directory,
            libc::S_IFREG => FileType::Regular,
            libc::S_IFLNK => FileType::Symlink,
            libc::S_IFCHR => FileType::CharDevice,
            libc::S_IFBLK => FileType::BlockDevice,
            libc::S_IFIFO => FileType::Fifo,
            libc::S_IFSOCK => FileType::Socket,
            _ => FileType::Unknown,
        }
    }

    fn convert(s: &libc::stat) -> FileStat {
        let ns = |sec: i64, nsec: i64| sec.saturating_mul(1_000_000_000).saturating_add(nsec);
        FileStat {
            dev: s.st_dev,
            ino: s.st_ino,
            kind: kind(s.st_mode),
            mode: s.st_mode & 0o7777,
            nlink: s.st_nlink,
            uid: s.st_uid,
            gid: s.st_gid,
            size: s.st_size.max(0) as u64,
            blksize: s.st_blksize.max(0) as u32,
            blocks: s.st_blocks.max(0) as u64,
            atime: ns(s.st_atime, s.st_atime_nsec),
            mtime: ns(s.st_mtime, s.st_mtime_nsec),
            ctime: ns(s.st_ctime, s.st_ctime_nsec),
        }
    }

    fn timespec(t: SetTime) -> libc::timespec {
        match t {
            SetTime::Omit => libc::timespec { tv_sec: 0, tv_nsec: libc::UTIME_OMIT },
            SetTime::Now => libc::timespec { tv_sec: 0, tv_nsec: libc::UTIME_NOW },
            SetTime::At(ns) => libc::timespec {
                tv_sec: ns.div_euclid(1_000_000_000),
                tv_nsec: ns.rem_euclid(1_000_000_000),
            },
        }
    }

    /// The protocol's listing over Linux's getdents64(2): `.`, `..`, then the names
    /// sorted; a cookie is a position. The directory is read through a new description
    /// of it (`openat(fd, ".")`), so the descriptor's own position is left alone, as the
    /// kernel leaves it. getdents64 is called directly: glibc's readdir hides the
    /// `ENOENT` Linux answers for a directory that was removed.
    fn read_dir(fd: i32, cookie: u64, max: u32) -> Result<Vec<DirEntry>, Errno> {
        // SAFETY: a valid NUL-terminated path relative to a number.
        let dfd = check(unsafe {
            libc::openat(fd, c".".as_ptr(), libc::O_RDONLY | libc::O_DIRECTORY | libc::O_CLOEXEC)
        })?;
        let names = getdents(dfd);
        // SAFETY: `dfd` is ours, closed once.
        unsafe { libc::close(dfd) };
        let mut names = names?;
        names.sort_by(|a, b| a.0.cmp(&b.0));
        let dots =
            [(b".".to_vec(), 0, FileType::Directory), (b"..".to_vec(), 0, FileType::Directory)];
        Ok(dots
            .into_iter()
            .chain(names)
            .enumerate()
            .skip(usize::try_from(cookie).unwrap_or(usize::MAX))
            .take((max as usize).min(MAX_DIR_BATCH))
            .map(|(pos, (name, ino, kind))| DirEntry { next: pos as u64 + 1, ino, kind, name })
            .collect())
    }

    /// Every entry but `.` and `..` of the open directory `fd`, in the file system's order.
    fn getdents(fd: i32) -> Result<Vec<(Vec<u8>, u64, FileType)>, Errno> {
        let mut names = Vec::new();
        let mut buf = vec![0u8; 64 << 10];
        loop {
            // SAFETY: `buf` is valid for writes of its length.
            let n = unsafe { libc::syscall(libc::SYS_getdents64, fd, buf.as_mut_ptr(), buf.len()) };
            let n = check_size(n as isize)?;
            if n == 0 {
                return Ok(names);
            }
            // struct linux_dirent64 { u64 d_ino; i64 d_off; u16 d_reclen; u8 d_type;
            //                         char d_name[]; }
            let mut at = 0;
            while at + 19 <= n {
                let ino = u64::from_ne_bytes(buf[at..at + 8].try_into().expect("8 bytes"));
                let reclen = u16::from_ne_bytes(buf[at + 16..at + 18].try_into().expect("2 bytes"));
                let d_type = buf[at + 18];
                let end = (at + reclen as usize).min(n);
                let raw = &buf[at + 19..end];
                let name = raw[..raw.iter().position(|&b| b == 0).unwrap_or(raw.len())].to_vec();
                at += (reclen as usize).max(1);
                if name == b"." || name == b".." {
                    continue;
                }
                let kind = match d_type {
                    libc::DT_DIR => FileType::Directory,
                    libc::DT_REG => FileType::Regular,
                    libc::DT_LNK => FileType::Symlink,
                    libc::DT_CHR => FileType::CharDevice,
                    libc::DT_BLK => FileType::BlockDevice,
                    libc::DT_FIFO => FileType::Fifo,
                    libc::DT_SOCK => FileType::Socket,
                    _ => FileType::Unknown,
                };
                names.push((name, ino, kind));
            }
        }
    }

    fn path(request: PathRequest) -> Outcome {
        #[allow(unreachable_patterns)] // calls added to the protocol later
        match request {
            PathRequest::Open { dirfd, path, flags, mode } => {
                if flags & !oflags::KNOWN != 0 {
                    return Err(Errno::EINVAL); // the protocol's rule; Linux ignores them
                }
                let p = cstr(&path)?;
                // SAFETY: a valid NUL-terminated path.
                let fd = unsafe { libc::openat(dirfd, p.as_ptr(), flags as libc::c_int, mode) };
                check(fd).map(Reply::Fd)
            }
            PathRequest::Stat { dirfd, path, follow } => {
                let p = cstr(&path)?;
                let flags = if follow { 0 } else { libc::AT_SYMLINK_NOFOLLOW };
                // SAFETY: an all-zero stat is a valid value to fill.
                let mut st: libc::stat = unsafe { std::mem::zeroed() };
                // SAFETY: a valid path and a stat to fill.
                check(unsafe { libc::fstatat(dirfd, p.as_ptr(), &mut st, flags) })?;
                Ok(Reply::Stat(convert(&st)))
            }
            PathRequest::SetTimes { dirfd, path, follow, atime, mtime } => {
                let p = cstr(&path)?;
                let flags = if follow { 0 } else { libc::AT_SYMLINK_NOFOLLOW };
                let times = [timespec(atime), timespec(mtime)];
                // SAFETY: a valid path and the two timespecs utimensat reads.
                unit(unsafe { libc::utimensat(dirfd, p.as_ptr(), times.as_ptr(), flags) })
            }
            PathRequest::Mkdir { dirfd, path, mode } => {
                let p = cstr(&path)?;
                // SAFETY: a valid NUL-terminated path.
                unit(unsafe { libc::mkdirat(dirfd, p.as_ptr(), mode) })
            }
            PathRequest::Unlink { dirfd, path } => {
                let p = cstr(&path)?;
                // SAFETY: a valid NUL-terminated path.
                unit(unsafe { libc::unlinkat(dirfd, p.as_ptr(), 0) })
            }
            PathRequest::Rmdir { dirfd, path } => {
                let p = cstr(&path)?;
                // SAFETY: a valid NUL-terminated path.
                unit(unsafe { libc::unlinkat(dirfd, p.as_ptr(), libc::AT_REMOVEDIR) })
            }
            PathRequest::Rename { old_dirfd, old, new_dirfd, new } => {
                let (o, n) = (cstr(&old)?, cstr(&new)?);
                // SAFETY: valid NUL-terminated paths.
                unit(unsafe { libc::renameat(old_dirfd, o.as_ptr(), new_dirfd, n.as_ptr()) })
            }
            PathRequest::Symlink { target, dirfd, path } => {
                let (t, p) = (cstr(&target)?, cstr(&path)?);
                // SAFETY: valid NUL-terminated strings.
                unit(unsafe { libc::symlinkat(t.as_ptr(), dirfd, p.as_ptr()) })
            }
            PathRequest::Readlink { dirfd, path } => {
                let p = cstr(&path)?;
                let mut buf = vec![0u8; syscall_proto::PATH_MAX];
                // SAFETY: a valid path; `buf` is valid for writes of its length.
                let n = check_size(unsafe {
                    libc::readlinkat(dirfd, p.as_ptr(), buf.as_mut_ptr().cast(), buf.len())
                })?;
                buf.truncate(n);
                Ok(Reply::Data(buf))
            }
            PathRequest::Link { old_dirfd, old, new_dirfd, new, follow } => {
                let (o, n) = (cstr(&old)?, cstr(&new)?);
                let flags = if follow { libc::AT_SYMLINK_FOLLOW } else { 0 };
                // SAFETY: valid NUL-terminated paths.
                unit(unsafe { libc::linkat(old_dirfd, o.as_ptr(), new_dirfd, n.as_ptr(), flags) })
            }
            PathRequest::ReadFile { dirfd, path } => {
                let p = cstr(&path)?;
                // SAFETY: a valid NUL-terminated path.
                let fd = check(unsafe {
                    libc::openat(dirfd, p.as_ptr(), libc::O_RDONLY | libc::O_CLOEXEC)
                })?;
                let mut out = Vec::new();
                let result = loop {
                    let mut buf = vec![0u8; 1 << 20];
                    // SAFETY: `buf` is valid for writes of its length.
                    match check_size(unsafe { libc::read(fd, buf.as_mut_ptr().cast(), buf.len()) })
                    {
                        Ok(0) => break Ok(Reply::Data(out)),
                        Ok(n) => out.extend_from_slice(&buf[..n]),
                        Err(e) => break Err(e),
                    }
                };
                // SAFETY: `fd` is ours, closed once.
                unsafe { libc::close(fd) };
                result
            }
            PathRequest::Chmod { dirfd, path, mode } => {
                let p = cstr(&path)?;
                // SAFETY: a valid NUL-terminated path.
                unit(unsafe { libc::fchmodat(dirfd, p.as_ptr(), mode, 0) })
            }
            PathRequest::Chown { dirfd, path, uid, gid, follow } => {
                let p = cstr(&path)?;
                let flags = if follow { 0 } else { libc::AT_SYMLINK_NOFOLLOW };
                let (u, g) = (uid.unwrap_or(u32::MAX), gid.unwrap_or(u32::MAX));
                // SAFETY: a valid NUL-terminated path; -1 leaves an id as it is.
                unit(unsafe { libc::fchownat(dirfd, p.as_ptr(), u, g, flags) })
            }
            PathRequest::Realpath { dirfd: AT_FDCWD, path } => {
                let p = cstr(&path)?;
                // SAFETY: a valid path; a null buffer makes realpath allocate the
                // answer, freed below.
                let out = unsafe { libc::realpath(p.as_ptr(), std::ptr::null_mut()) };
                if out.is_null() {
                    return Err(errno());
                }
                // SAFETY: realpath returned a NUL-terminated string it allocated.
                let bytes = unsafe { std::ffi::CStr::from_ptr(out) }.to_bytes().to_vec();
                // SAFETY: allocated by realpath with malloc, freed once.
                unsafe { libc::free(out.cast()) };
                Ok(Reply::Data(bytes))
            }
            PathRequest::Chdir { path } => {
                let p = cstr(&path)?;
                // SAFETY: a valid NUL-terminated path.
                unit(unsafe { libc::chdir(p.as_ptr()) })
            }
            PathRequest::Statfs { dirfd, path } => {
                let p = cstr(&path)?;
                // SAFETY: a valid NUL-terminated path.
                let fd = check(unsafe {
                    libc::openat(dirfd, p.as_ptr(), libc::O_PATH | libc::O_CLOEXEC)
                })?;
                // SAFETY: an all-zero statfs is a valid value to fill.
                let mut st: libc::statfs = unsafe { std::mem::zeroed() };
                // SAFETY: all-zero is a valid statvfs to fill (it has the mount flags).
                let mut vfs: libc::statvfs = unsafe { std::mem::zeroed() };
                // SAFETY: an open descriptor and a statfs and statvfs to fill.
                let r = check(unsafe { libc::fstatfs(fd, &mut st) })
                    .and_then(|_| check(unsafe { libc::fstatvfs(fd, &mut vfs) }));
                // SAFETY: `fd` is ours, closed once.
                unsafe { libc::close(fd) };
                r?;
                Ok(Reply::FsStat(FsStat {
                    fs_type: st.f_type as u64,
                    bsize: st.f_bsize as u64,
                    blocks: st.f_blocks,
                    bfree: st.f_bfree,
                    bavail: st.f_bavail,
                    files: st.f_files,
                    ffree: st.f_ffree,
                    namelen: st.f_namelen as u64,
                    read_only: vfs.f_flag & libc::ST_RDONLY != 0,
                }))
            }
            _ => Err(Errno::ENOSYS),
        }
    }

    fn proc(request: ProcRequest) -> Outcome {
        #[allow(unreachable_patterns)] // calls added to the protocol later
        match request {
            ProcRequest::Hello(_) => Err(Errno::EPROTO),
            ProcRequest::Exit { .. } => Ok(Reply::Unit),
            // SAFETY: getpid has no preconditions.
            ProcRequest::GetPid => Ok(Reply::Fd(unsafe { libc::getpid() })),
            ProcRequest::GetCwd => std::env::current_dir()
                .map(|d| Reply::Data(d.into_os_string().into_encoded_bytes()))
                .map_err(|e| Errno(e.raw_os_error().unwrap_or(0))),
            _ => Err(Errno::ENOSYS),
        }
    }

    fn time(request: TimeRequest) -> Outcome {
        let id = |c: Clock| match c {
            Clock::Realtime => libc::CLOCK_REALTIME,
            Clock::Monotonic => libc::CLOCK_MONOTONIC,
            Clock::ProcessCputime => libc::CLOCK_PROCESS_CPUTIME_ID,
            Clock::ThreadCputime => libc::CLOCK_THREAD_CPUTIME_ID,
        };
        let nanos = |t: libc::timespec| (t.tv_sec as u64) * 1_000_000_000 + t.tv_nsec as u64;
        let mut t = libc::timespec { tv_sec: 0, tv_nsec: 0 };
        #[allow(unreachable_patterns)] // calls added to the protocol later
        match request {
            TimeRequest::Now { clock } => {
                // SAFETY: `t` is a valid timespec to fill.
                check(unsafe { libc::clock_gettime(id(clock), &mut t) })?;
                Ok(Reply::Time(nanos(t)))
            }
            TimeRequest::Resolution { clock } => {
                // SAFETY: `t` is a valid timespec to fill.
                check(unsafe { libc::clock_getres(id(clock), &mut t) })?;
                Ok(Reply::Time(nanos(t)))
            }
            TimeRequest::Sleep { nanos } => {
                std::thread::sleep(std::time::Duration::from_nanos(nanos));
                Ok(Reply::Unit)
            }
            _ => Err(Errno::ENOSYS),
        }
    }

    fn random(request: RandomRequest) -> Outcome {
        #[allow(unreachable_patterns)] // calls added to the protocol later
        match request {
            RandomRequest::GetRandom { len } if len > MAX_RANDOM => Err(Errno::EINVAL),
            RandomRequest::GetRandom { len } => {
                let mut buf = vec![0u8; len as usize];
                let mut filled = 0;
                while filled < buf.len() {
                    let rest = &mut buf[filled..];
                    // SAFETY: `rest` is valid for writes of its length.
                    filled += check_size(unsafe {
                        libc::getrandom(rest.as_mut_ptr().cast(), rest.len(), 0)
                    })?;
                }
                Ok(Reply::Data(buf))
            }
            _ => Err(Errno::ENOSYS),
        }
    }
}
