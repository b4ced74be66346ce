//! `wasi-e2e`: one action per subcommand, so that end-to-end tests can assert exactly
//! what a WASI program sees when sandbox-wasm runs it under the kernel.
//!
//! ```text
//! wasi-e2e cat <path>            print the file to stdout, byte for byte
//! wasi-e2e write <path> <text>   create/truncate, write <text>, read it back, print it
//! wasi-e2e append <path> <text>  open for appending, write <text>, print the whole file
//! wasi-e2e ls <dir>              the entries' names, sorted, one per line
//! wasi-e2e stdin                 copy stdin to stdout
//! wasi-e2e stderr <text>         print <text> and a newline to stderr
//! wasi-e2e env                   every environment variable, sorted, as KEY=VALUE
//! wasi-e2e args                  every argument, argv[0] included, one per line
//! wasi-e2e exit <code>           exit with <code>
//! wasi-e2e stat <path>           `type=<file|dir|symlink|other> size=<bytes>`, following symlinks
//! wasi-e2e lstat <path>          the same, not following a final symlink
//! wasi-e2e mkdir <path>          create a directory
//! wasi-e2e rmdir <path>          remove an empty directory
//! wasi-e2e rm <path>             remove a file
//! wasi-e2e rename <from> <to>    rename
//! wasi-e2e symlink <target> <link>  create <link> pointing at <target>
//! wasi-e2e readlink <path>       print a symlink's target
//! wasi-e2e sleep <ms>            sleep (poll_oneoff on a clock), then print `slept`
//! wasi-e2e poll-stdin <ms>       poll_oneoff on stdin (fd_read) and a <ms> clock: print
//!                                `ready`, `ready hangup`, or `timeout`
//! wasi-e2e alloc <mib>           try to reserve <mib> MiB: print `ok` or `failed`
//! wasi-e2e abort                 abort: a wasm trap
//! ```
//!
//! On an I/O error it prints `error: <ErrorKind> (os error <N>)` to stderr and exits 1;
//! a wrong command line prints `usage: ...` and exits 2.
//!
//! `N` is a WASI errno, not a Linux one: Rust std on wasm32-wasip1 reports wasi-libc's
//! `errno`, whose values are WASI's (`typenames.witx`). Match on `N`, not on the kind:
//! Rust std names only some WASI errnos (55 ENOTEMPTY prints as `Uncategorized`). The
//! ones tests meet most:
//!
//! | N | errno | N | errno |
//! | --- | --- | --- | --- |
//! | 2 | EACCES (permission denied) | 44 | ENOENT (no such file or directory) |
//! | 8 | EBADF | 52 | ENOSYS |
//! | 20 | EEXIST | 54 | ENOTDIR |
//! | 28 | EINVAL | 55 | ENOTEMPTY |
//! | 29 | EIO | 58 | ENOTSUP |
//! | 31 | EISDIR | 63 | EPERM (operation not permitted) |
//! | 32 | ELOOP | 69 | EROFS (read-only file system) |
//! | 37 | ENAMETOOLONG | 75 | EXDEV |
//! | 51 | ENOSPC | 76 | ENOTCAPABLE |

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fs;
use std::io::{self, Read, Write};
use std::process;
use std::time::Duration;

enum Failure {
    Io(io::Error),
    Usage(&'static str),
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Io(e)
    }
}

const USAGE: &str = "usage: wasi-e2e <cat|write|append|ls|stdin|stderr|env|args|exit|stat|lstat|mkdir|rmdir|rm|rename|symlink|readlink|link|sleep|poll-stdin|alloc|abort> [args...]";

fn main() {
    let args: Vec<OsString> = std::env::args_os().collect();
    let code = match run(&args) {
        Ok(()) => 0,
        Err(Failure::Io(e)) => {
            match e.raw_os_error() {
                Some(n) => eprintln!("error: {:?} (os error {n})", e.kind()),
                None => eprintln!("error: {:?} (no os error: {e})", e.kind()),
            }
            1
        }
        Err(Failure::Usage(usage)) => {
            eprintln!("{usage}");
            2
        }
    };
    exit(code)
}

/// Flushes stdout (a buffered `print!` would be lost by `process::exit`), then exits.
fn exit(code: i32) -> ! {
    let _ = io::stdout().flush();
    process::exit(code)
}

fn arg<'a>(args: &'a [OsString], i: usize, usage: &'static str) -> Result<&'a OsString, Failure> {
    args.get(i).ok_or(Failure::Usage(usage))
}

fn text(s: &OsString) -> String {
    s.to_string_lossy().into_owned()
}

/// `symlink(2)` from wasi-libc, which Rust std links into every wasm32-wasip1 program
/// (`std::os::wasi::fs::symlink_path` is unstable). wasi-libc resolves both paths
/// against its preopens and cwd as it does for every call Rust std makes.
fn symlink(target: &OsString, link: &OsString) -> io::Result<()> {
    extern "C" {
        fn symlink(
            target: *const std::ffi::c_char,
            link: *const std::ffi::c_char,
        ) -> std::ffi::c_int;
    }
    let c = |s: &OsString| {
        std::ffi::CString::new(text(s)).map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))
    };
    let (target, link) = (c(target)?, c(link)?);
    // SAFETY: both are valid NUL-terminated strings that outlive the call.
    if unsafe { symlink(target.as_ptr(), link.as_ptr()) } == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

fn describe(meta: &fs::Metadata) -> String {
    let ft = meta.file_type();
    let kind = if ft.is_file() {
        "file"
    } else if ft.is_dir() {
        "dir"
    } else if ft.is_symlink() {
        "symlink"
    } else {
        "other"
    };
    format!("type={kind} size={}", meta.len())
}

fn run(args: &[OsString]) -> Result<(), Failure> {
    let command = args.get(1).map(text).ok_or(Failure::Usage(USAGE))?;
    let mut out = io::stdout().lock();
    match command.as_str() {
        "cat" => {
            let path = arg(args, 2, "usage: wasi-e2e cat <path>")?;
            out.write_all(&fs::read(path)?)?;
        }
        "write" => {
            let path = arg(args, 2, "usage: wasi-e2e write <path> <text>")?;
            let data = arg(args, 3, "usage: wasi-e2e write <path> <text>")?;
            fs::write(path, text(data))?;
            out.write_all(fs::read_to_string(path)?.as_bytes())?;
        }
        "append" => {
            let path = arg(args, 2, "usage: wasi-e2e append <path> <text>")?;
            let data = arg(args, 3, "usage: wasi-e2e append <path> <text>")?;
            let mut f = fs::OpenOptions::new().append(true).create(true).open(path)?;
            f.write_all(text(data).as_bytes())?;
            drop(f);
            out.write_all(&fs::read(path)?)?;
        }
        "ls" => {
            let dir = arg(args, 2, "usage: wasi-e2e ls <dir>")?;
            let mut names = fs::read_dir(dir)?
                .map(|e| e.map(|e| text(&e.file_name())))
                .collect::<Result<Vec<_>, _>>()?;
            names.sort();
            for name in names {
                writeln!(out, "{name}")?;
            }
        }
        "stdin" => {
            let mut data = Vec::new();
            io::stdin().lock().read_to_end(&mut data)?;
            out.write_all(&data)?;
        }
        "stderr" => {
            let message = arg(args, 2, "usage: wasi-e2e stderr <text>")?;
            writeln!(io::stderr(), "{}", text(message))?;
        }
        "env" => {
            let vars: BTreeMap<String, String> =
                std::env::vars_os().map(|(k, v)| (text(&k), text(&v))).collect();
            for (k, v) in vars {
                writeln!(out, "{k}={v}")?;
            }
        }
        "args" => {
            for a in args {
                writeln!(out, "{}", text(a))?;
            }
        }
        "exit" => {
            let code = arg(args, 2, "usage: wasi-e2e exit <code>")?;
            let code =
                text(code).parse().map_err(|_| Failure::Usage("usage: wasi-e2e exit <code>"))?;
            drop(out);
            exit(code);
        }
        "stat" => {
            let path = arg(args, 2, "usage: wasi-e2e stat <path>")?;
            writeln!(out, "{}", describe(&fs::metadata(path)?))?;
        }
        "lstat" => {
            let path = arg(args, 2, "usage: wasi-e2e lstat <path>")?;
            writeln!(out, "{}", describe(&fs::symlink_metadata(path)?))?;
        }
        "mkdir" => {
            arg(args, 2, "usage: wasi-e2e mkdir <path>...")?;
            for path in &args[2..] {
                fs::create_dir(path)?;
            }
        }
        "rmdir" => fs::remove_dir(arg(args, 2, "usage: wasi-e2e rmdir <path>")?)?,
        "rm" => fs::remove_file(arg(args, 2, "usage: wasi-e2e rm <path>")?)?,
        "rename" => {
            let from = arg(args, 2, "usage: wasi-e2e rename <from> <to>")?;
            let to = arg(args, 3, "usage: wasi-e2e rename <from> <to>")?;
            fs::rename(from, to)?;
        }
        "symlink" => {
            let target = arg(args, 2, "usage: wasi-e2e symlink <target> <link>")?;
            let link = arg(args, 3, "usage: wasi-e2e symlink <target> <link>")?;
            symlink(target, link)?;
        }
        "readlink" => {
            let path = arg(args, 2, "usage: wasi-e2e readlink <path>")?;
            writeln!(out, "{}", fs::read_link(path)?.display())?;
        }
        "link" => {
            let from = arg(args, 2, "usage: wasi-e2e link <existing> <new>")?;
            let to = arg(args, 3, "usage: wasi-e2e link <existing> <new>")?;
            fs::hard_link(from, to)?;
        }
        "sleep" => {
            let ms = arg(args, 2, "usage: wasi-e2e sleep <ms>")?;
            let ms = text(ms).parse().map_err(|_| Failure::Usage("usage: wasi-e2e sleep <ms>"))?;
            std::thread::sleep(Duration::from_millis(ms));
            writeln!(out, "slept")?;
        }
        "poll-stdin" => {
            let usage = "usage: wasi-e2e poll-stdin <ms>";
            let ms: u64 = text(arg(args, 2, usage)?).parse().map_err(|_| Failure::Usage(usage))?;
            writeln!(out, "{}", poll_stdin(ms)?)?;
        }
        "alloc" => {
            let mib = arg(args, 2, "usage: wasi-e2e alloc <mib>")?;
            let mib: usize =
                text(mib).parse().map_err(|_| Failure::Usage("usage: wasi-e2e alloc <mib>"))?;
            let mut v: Vec<u8> = Vec::new();
            let ok = mib.checked_mul(1 << 20).is_some_and(|n| v.try_reserve_exact(n).is_ok());
            writeln!(out, "{}", if ok { "ok" } else { "failed" })?;
        }
        "abort" => {
            drop(out);
            let _ = io::stdout().flush();
            process::abort();
        }
        _ => return Err(Failure::Usage(USAGE)),
    }
    Ok(())
}

/// `poll_oneoff` with two subscriptions: `fd_read` on stdin and a relative
/// `CLOCK_MONOTONIC` timeout of `ms`. Rust std has no poll, so this calls the import.
fn poll_stdin(ms: u64) -> io::Result<&'static str> {
    #[link(wasm_import_module = "wasi_snapshot_preview1")]
    extern "C" {
        fn poll_oneoff(subs: *const u8, events: *mut u8, nsubs: u32, nevents: *mut u32) -> u16;
    }
    const FD_READ: u8 = 1;
    const CLOCK: u8 = 0;
    const MONOTONIC: u32 = 1;
    // Two 48-byte subscriptions: userdata @0, tag @8, then the union @16.
    let mut subs = [0u8; 96];
    subs[0..8].copy_from_slice(&1u64.to_le_bytes());
    subs[8] = FD_READ;
    subs[16..20].copy_from_slice(&0u32.to_le_bytes());
    subs[48..56].copy_from_slice(&2u64.to_le_bytes());
    subs[56] = CLOCK;
    subs[64..68].copy_from_slice(&MONOTONIC.to_le_bytes());
    subs[72..80].copy_from_slice(&(ms * 1_000_000).to_le_bytes());
    // Two 32-byte events: userdata @0, error @8, type @10, fd_readwrite.flags @24.
    let mut events = [0u8; 64];
    let mut n = 0u32;
    // SAFETY: `subs` holds two subscriptions and `events` room for two events, as the
    // count says; `n` is a valid u32 to write. The import reads and writes only those.
    let errno = unsafe { poll_oneoff(subs.as_ptr(), events.as_mut_ptr(), 2, &mut n) };
    if errno != 0 {
        return Err(io::Error::from_raw_os_error(i32::from(errno)));
    }
    let event = |i: usize| &events[i * 32..(i + 1) * 32];
    let fd_event = (0..n as usize).map(event).find(|e| e[0] == 1);
    Ok(match fd_event {
        Some(e) if e[24] & 1 != 0 => "ready hangup",
        Some(_) => "ready",
        None => "timeout",
    })
}
