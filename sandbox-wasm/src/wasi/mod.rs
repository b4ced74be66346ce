//! `wasi_snapshot_preview1` implemented over the kernel.
//!
//! Every WASI function is a plain Rust function `(ctx, memory, args...) -> Result<(),
//! CallError>` in the file of its family ([`args_env`], [`clock`], [`fd`], [`path`],
//! [`poll`], [`proc`], [`random`], [`sock`]); [`add_to_linker`] registers them all with
//! wasmtime. A function reads its arguments out of guest memory through [`GuestMemory`]
//! (every pointer bounds-checked, a bad one is `EFAULT`), sends one or more requests to
//! the kernel through [`WasiCtx`], and writes its results back. It never touches the
//! host.
//!
//! Two kinds of failure are kept apart, as in wasmtime's own WASI:
//! - [`CallError::Errno`]: the call failed and the program sees a WASI errno;
//! - [`CallError::Stop`]: the program must stop ([`Stop`]: it called `proc_exit`, or the
//!   kernel connection failed). The program never sees these; `run.rs` does.

pub mod abi;
pub mod args_env;
pub mod clock;
pub mod fd;
pub mod fs_ext;
pub mod path;
pub mod poll;
pub mod proc;
pub mod process_ext;
pub mod random;
pub mod sock;

use std::collections::BTreeMap;
use std::ops::Range;

use syscall_proto::client::ClientError;
use syscall_proto::fd::{DirEntry, FdStat, FileStat, FsStat};
use syscall_proto::proc::StartInfo;
use syscall_proto::{Event, Reply, Request, Response};
use wasmtime::{Caller, Extern, Linker};

use crate::engine::Limiter;
use crate::errno::{self, WasiErrno};

/// The import module every WASI preview 1 program links against.
pub const MODULE: &str = "wasi_snapshot_preview1";

pub use syscall_proto::client::Kernel;

/// Why the program must stop. Never seen by the program.
#[derive(Debug, thiserror::Error)]
pub enum Stop {
    /// The program called `proc_exit` with this status.
    #[error("the program exited with status {0}")]
    Exit(u32),
    /// The kernel connection failed.
    #[error("kernel connection failed: {0}")]
    Transport(#[from] ClientError),
    /// The kernel answered with a reply that does not fit the request.
    #[error("the kernel answered {request} with {reply:?}")]
    UnexpectedReply { request: &'static str, reply: Box<Reply> },
    /// The kernel sent a reply that breaks the request's contract.
    #[error("the kernel broke the contract of {0}")]
    BadReply(&'static str),
    /// The kernel is terminating the process.
    #[error("terminated by the kernel: {0}")]
    Terminated(String),
}

/// Why a WASI call did not succeed.
#[derive(Debug)]
pub enum CallError {
    /// The program sees this errno.
    Errno(WasiErrno),
    /// The program stops.
    Stop(Stop),
}

impl From<WasiErrno> for CallError {
    fn from(e: WasiErrno) -> Self {
        CallError::Errno(e)
    }
}

impl From<Stop> for CallError {
    fn from(s: Stop) -> Self {
        CallError::Stop(s)
    }
}

/// What every WASI function returns.
pub type CallResult = Result<(), CallError>;

/// The state behind the WASI functions: the kernel connection and what the kernel's
/// `StartInfo` said. Also the wasmtime `Store`'s data.
pub struct WasiCtx {
    kernel: Box<dyn Kernel>,
    /// `argv`, each string without its NUL.
    args: Vec<Vec<u8>>,
    /// `KEY=VALUE` strings without their NUL.
    env: Vec<Vec<u8>>,
    /// Preopened directories by descriptor (kept in step with `fd_close`/`fd_renumber`).
    preopens: BTreeMap<i32, Vec<u8>>,
    /// The memory limit of the store (see [`Limiter`]).
    pub limiter: Limiter,
    /// Handled signals delivered by the kernel, for `sandbox_process_v1.signal_next`.
    pub signals: process_ext::SignalQueue,
}

impl WasiCtx {
    /// A context for the program described by `start`.
    pub fn new(kernel: Box<dyn Kernel>, start: &StartInfo) -> WasiCtx {
        // WASI has no working directory: wasi-libc starts every program in `/`. The
        // convention programs follow (Go's wasip1 port, our commands and shell) is to
        // start in `$PWD`, so `PWD` is always the process's real working directory.
        let pwd = (b"PWD".as_slice(), start.cwd.as_slice());
        let env = start
            .env
            .iter()
            .map(|(k, v)| (k.as_slice(), v.as_slice()))
            .filter(|(k, _)| *k != pwd.0)
            .chain(std::iter::once(pwd))
            .map(|(k, v)| [k, b"=", v].concat())
            .collect();
        WasiCtx {
            kernel,
            args: start.argv.clone(),
            env,
            preopens: start.preopens.iter().map(|p| (p.fd, p.path.clone())).collect(),
            limiter: Limiter::new(start.limits.memory_bytes),
            signals: process_ext::SignalQueue::default(),
        }
    }

    /// Sends `request` and returns the kernel's response with its Linux errno intact
    /// (for messages the runtime prints itself, like "no such file").
    ///
    /// # Errors
    /// [`Stop`] when the transport fails or the kernel terminates the process.
    pub fn call_raw(&mut self, request: Request) -> Result<Response, Stop> {
        let response = self.kernel.call(request)?;
        while let Some(event) = self.kernel.take_event() {
            match event {
                Event::Terminate { reason } => return Err(Stop::Terminated(reason)),
                // A handled signal (the kernel acts on the others itself): the program
                // takes it at its delivery point (`process_ext::signal_next`).
                Event::Signal { signo } => self.signals.push(signo),
            }
        }
        Ok(response)
    }

    /// Sends `request`; a kernel errno becomes the WASI errno the program sees.
    ///
    /// # Errors
    /// The errno, or a [`Stop`].
    pub fn call(&mut self, request: Request) -> Result<Reply, CallError> {
        self.call_raw(request)?.map_err(|e| CallError::Errno(errno::from_kernel(e)))
    }

    /// Sends a request answered by `Reply::Unit`.
    ///
    /// # Errors
    /// As [`WasiCtx::call`], and a [`Stop`] for any other reply.
    pub fn call_unit(&mut self, request: Request) -> CallResult {
        match self.call(request)? {
            Reply::Unit => Ok(()),
            other => Err(unexpected("a Unit request", other)),
        }
    }
}

fn unexpected(request: &'static str, reply: Reply) -> CallError {
    CallError::Stop(Stop::UnexpectedReply { request, reply: Box::new(reply) })
}

macro_rules! typed_calls {
    ($($(#[$doc:meta])* $name:ident -> $variant:ident($ty:ty);)*) => {
        impl WasiCtx {
            $(
                $(#[$doc])*
                ///
                /// # Errors
                /// As [`WasiCtx::call`], and a [`Stop`] for any other reply.
                pub fn $name(&mut self, request: Request) -> Result<$ty, CallError> {
                    match self.call(request)? {
                        Reply::$variant(value) => Ok(value),
                        other => Err(unexpected(concat!("a ", stringify!($variant), " request"), other)),
                    }
                }
            )*
        }
    };
}

typed_calls! {
    /// Sends a request answered by `Reply::Data`.
    call_data -> Data(Vec<u8>);
    /// Sends a request answered by `Reply::Written`.
    call_written -> Written(u64);
    /// Sends a request answered by `Reply::Offset`.
    call_offset -> Offset(u64);
    /// Sends a request answered by `Reply::Fd`.
    call_fd -> Fd(i32);
    /// Sends a request answered by `Reply::Stat`.
    call_stat -> Stat(FileStat);
    /// Sends a request answered by `Reply::FdStat`.
    call_fdstat -> FdStat(FdStat);
    /// Sends a request answered by `Reply::Entries`.
    call_entries -> Entries(Vec<DirEntry>);
    /// Sends a request answered by `Reply::Time`.
    call_time -> Time(u64);
    /// Sends a request answered by `Reply::Polled`.
    call_polled -> Polled(Vec<u16>);
    /// Sends a request answered by `Reply::FsStat`.
    call_fsstat -> FsStat(FsStat);
}

/// A WASI descriptor (`u32`) as the kernel numbers it (`i32`). Numbers above `i32::MAX`
/// cannot name an open descriptor, and must never alias `AT_FDCWD` (-100).
pub fn kernel_fd(fd: u32) -> Result<i32, WasiErrno> {
    i32::try_from(fd).map_err(|_| WasiErrno::EBADF)
}

/// One `iovec`/`ciovec`, already checked to lie inside guest memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IoVec {
    pub buf: u32,
    pub len: u32,
}

/// The guest's linear memory during one WASI call. Every access is bounds-checked; an
/// address outside the memory is `EFAULT`, never a panic.
pub struct GuestMemory<'a> {
    bytes: &'a mut [u8],
}

impl<'a> GuestMemory<'a> {
    pub fn new(bytes: &'a mut [u8]) -> GuestMemory<'a> {
        GuestMemory { bytes }
    }

    fn range(&self, ptr: u32, len: u32) -> Result<Range<usize>, WasiErrno> {
        let start = ptr as usize;
        let end = start.checked_add(len as usize).ok_or(WasiErrno::EFAULT)?;
        if end > self.bytes.len() {
            return Err(WasiErrno::EFAULT);
        }
        Ok(start..end)
    }

    /// Fails with `EFAULT` unless `len` bytes at `ptr` are inside the memory.
    pub fn check(&self, ptr: u32, len: u32) -> Result<(), WasiErrno> {
        self.range(ptr, len).map(|_| ())
    }

    pub fn slice(&self, ptr: u32, len: u32) -> Result<&[u8], WasiErrno> {
        let r = self.range(ptr, len)?;
        Ok(&self.bytes[r])
    }

    pub fn slice_mut(&mut self, ptr: u32, len: u32) -> Result<&mut [u8], WasiErrno> {
        let r = self.range(ptr, len)?;
        Ok(&mut self.bytes[r])
    }

    fn array<const N: usize>(&self, ptr: u32) -> Result<[u8; N], WasiErrno> {
        let mut out = [0; N];
        out.copy_from_slice(self.slice(ptr, N as u32)?);
        Ok(out)
    }

    pub fn read_u8(&self, ptr: u32) -> Result<u8, WasiErrno> {
        Ok(self.array::<1>(ptr)?[0])
    }

    pub fn read_u16(&self, ptr: u32) -> Result<u16, WasiErrno> {
        self.array(ptr).map(u16::from_le_bytes)
    }

    pub fn read_u32(&self, ptr: u32) -> Result<u32, WasiErrno> {
        self.array(ptr).map(u32::from_le_bytes)
    }

    pub fn read_u64(&self, ptr: u32) -> Result<u64, WasiErrno> {
        self.array(ptr).map(u64::from_le_bytes)
    }

    pub fn write(&mut self, ptr: u32, data: &[u8]) -> Result<(), WasiErrno> {
        let len = u32::try_from(data.len()).map_err(|_| WasiErrno::EFAULT)?;
        self.slice_mut(ptr, len)?.copy_from_slice(data);
        Ok(())
    }

    pub fn write_u8(&mut self, ptr: u32, v: u8) -> Result<(), WasiErrno> {
        self.write(ptr, &[v])
    }

    #[cfg(test)]
    pub fn write_u16(&mut self, ptr: u32, v: u16) -> Result<(), WasiErrno> {
        self.write(ptr, &v.to_le_bytes())
    }

    pub fn write_u32(&mut self, ptr: u32, v: u32) -> Result<(), WasiErrno> {
        self.write(ptr, &v.to_le_bytes())
    }

    pub fn write_u64(&mut self, ptr: u32, v: u64) -> Result<(), WasiErrno> {
        self.write(ptr, &v.to_le_bytes())
    }

    /// Reads `count` `iovec`s at `ptr`, checking that each buffer lies inside the
    /// memory, so a call can fail with `EFAULT` before it asks the kernel anything.
    pub fn iovecs(&self, ptr: u32, count: u32) -> Result<Vec<IoVec>, WasiErrno> {
        let total = count.checked_mul(abi::IOVEC_SIZE).ok_or(WasiErrno::EFAULT)?;
        self.check(ptr, total)?;
        (0..count)
            .map(|i| {
                // In bounds (checked above), so no overflow.
                let at = ptr + i * abi::IOVEC_SIZE;
                let v = IoVec { buf: self.read_u32(at)?, len: self.read_u32(at + 4)? };
                self.check(v.buf, v.len)?;
                Ok(v)
            })
            .collect()
    }

    /// Copies `data` into `iovs` in order, as `readv(2)` fills its buffers. `data` is
    /// never longer than the buffers together (the caller asked for at most that).
    pub fn scatter(&mut self, iovs: &[IoVec], mut data: &[u8]) -> Result<(), WasiErrno> {
        for v in iovs {
            if data.is_empty() {
                break;
            }
            let n = data.len().min(v.len as usize);
            self.write(v.buf, &data[..n])?;
            data = &data[n..];
        }
        Ok(())
    }

    /// Concatenates `iovs`, stopping after `cap` bytes (the rest makes a short write, as
    /// `writev(2)` may).
    pub fn gather(&self, iovs: &[IoVec], cap: usize) -> Result<Vec<u8>, WasiErrno> {
        let mut out = Vec::with_capacity(iovecs_len(iovs).min(cap as u64) as usize);
        for v in iovs {
            let room = cap - out.len();
            if room == 0 {
                break;
            }
            let bytes = self.slice(v.buf, v.len)?;
            out.extend_from_slice(&bytes[..bytes.len().min(room)]);
        }
        Ok(out)
    }
}

/// The total length of `iovs`.
pub fn iovecs_len(iovs: &[IoVec]) -> u64 {
    iovs.iter().map(|v| u64::from(v.len)).sum()
}

/// Runs one WASI function against the caller's memory and turns its result into what
/// wasmtime expects: `Ok(errno)` for the program, `Err` to unwind with a [`Stop`].
fn dispatch(
    caller: &mut Caller<'_, WasiCtx>,
    f: impl FnOnce(&mut WasiCtx, &mut GuestMemory<'_>) -> CallResult,
) -> wasmtime::Result<i32> {
    // A module without an exported memory gets an empty one: every pointer it passes
    // is then EFAULT, and the calls that take none still work.
    let (bytes, ctx): (&mut [u8], &mut WasiCtx) = match caller.get_export("memory") {
        Some(Extern::Memory(memory)) => memory.data_and_store_mut(&mut *caller),
        _ => (&mut [], caller.data_mut()),
    };
    let mut memory = GuestMemory::new(bytes);
    match f(ctx, &mut memory) {
        Ok(()) => Ok(i32::from(WasiErrno::SUCCESS.0)),
        Err(CallError::Errno(e)) => Ok(i32::from(e.0)),
        Err(CallError::Stop(stop)) => Err(wasmtime::Error::new(stop)),
    }
}

/// Generates `register`, which defines the listed functions through [`dispatch`], and
/// (for the tests) `FUNCTIONS`, the names of everything [`add_to_linker`] defines.
macro_rules! wasi_functions {
    ($($module:ident :: $name:ident ( $($arg:ident : $ty:ty),* );)*) => {
        #[cfg(test)]
        const FUNCTIONS: &[&str] = &["proc_exit", $(stringify!($name)),*];

        fn register(linker: &mut Linker<WasiCtx>) -> wasmtime::Result<()> {
            $(
                linker.func_wrap(
                    MODULE,
                    stringify!($name),
                    |mut caller: Caller<'_, WasiCtx>, $($arg: $ty),*| -> wasmtime::Result<i32> {
                        dispatch(&mut caller, |ctx, mem| $module::$name(ctx, mem, $($arg),*))
                    },
                )?;
            )*
            Ok(())
        }
    };
}

/// Defines every `wasi_snapshot_preview1` function in `linker`. Parameter types are the
/// witx ones lowered to core wasm: pointers, lengths, descriptors and 32-bit flags are
/// `u32`, 64-bit values `u64`; narrower enums and flags arrive as `u32` and are
/// narrowed (and checked) by the function.
///
/// # Errors
/// Only if a name is defined twice, which would be a bug here.
pub fn add_to_linker(linker: &mut Linker<WasiCtx>) -> wasmtime::Result<()> {
    // proc_exit returns nothing, so it does not go through `dispatch`.
    linker.func_wrap(
        MODULE,
        "proc_exit",
        |_: Caller<'_, WasiCtx>, code: u32| -> wasmtime::Result<()> {
            Err(wasmtime::Error::new(proc::proc_exit(code)))
        },
    )?;
    register(linker)?;
    fs_ext::add_to_linker(linker)?;
    process_ext::add_to_linker(linker)
}

wasi_functions! {
    args_env::args_get(argv: u32, argv_buf: u32);
    args_env::args_sizes_get(argc: u32, argv_buf_size: u32);
    args_env::environ_get(environ: u32, environ_buf: u32);
    args_env::environ_sizes_get(count: u32, buf_size: u32);
    clock::clock_res_get(id: u32, out: u32);
    clock::clock_time_get(id: u32, precision: u64, out: u32);
    fd::fd_advise(fd: u32, offset: u64, len: u64, advice: u32);
    fd::fd_allocate(fd: u32, offset: u64, len: u64);
    fd::fd_close(fd: u32);
    fd::fd_datasync(fd: u32);
    fd::fd_fdstat_get(fd: u32, out: u32);
    fd::fd_fdstat_set_flags(fd: u32, flags: u32);
    fd::fd_fdstat_set_rights(fd: u32, base: u64, inheriting: u64);
    fd::fd_filestat_get(fd: u32, out: u32);
    fd::fd_filestat_set_size(fd: u32, size: u64);
    fd::fd_filestat_set_times(fd: u32, atim: u64, mtim: u64, fst_flags: u32);
    fd::fd_pread(fd: u32, iovs: u32, iovs_len: u32, offset: u64, nread: u32);
    fd::fd_prestat_get(fd: u32, out: u32);
    fd::fd_prestat_dir_name(fd: u32, path: u32, path_len: u32);
    fd::fd_pwrite(fd: u32, iovs: u32, iovs_len: u32, offset: u64, nwritten: u32);
    fd::fd_read(fd: u32, iovs: u32, iovs_len: u32, nread: u32);
    fd::fd_readdir(fd: u32, buf: u32, buf_len: u32, cookie: u64, bufused: u32);
    fd::fd_renumber(fd: u32, to: u32);
    fd::fd_seek(fd: u32, offset: u64, whence: u32, newoffset: u32);
    fd::fd_sync(fd: u32);
    fd::fd_tell(fd: u32, out: u32);
    fd::fd_write(fd: u32, iovs: u32, iovs_len: u32, nwritten: u32);
    path::path_create_directory(fd: u32, path: u32, path_len: u32);
    path::path_filestat_get(fd: u32, flags: u32, path: u32, path_len: u32, out: u32);
    path::path_filestat_set_times(
        fd: u32, flags: u32, path: u32, path_len: u32, atim: u64, mtim: u64, fst_flags: u32
    );
    path::path_link(
        old_fd: u32, old_flags: u32, old_path: u32, old_len: u32,
        new_fd: u32, new_path: u32, new_len: u32
    );
    path::path_open(
        fd: u32, dirflags: u32, path: u32, path_len: u32, oflags: u32,
        rights_base: u64, rights_inheriting: u64, fdflags: u32, opened: u32
    );
    path::path_readlink(fd: u32, path: u32, path_len: u32, buf: u32, buf_len: u32, bufused: u32);
    path::path_remove_directory(fd: u32, path: u32, path_len: u32);
    path::path_rename(
        fd: u32, old_path: u32, old_len: u32, new_fd: u32, new_path: u32, new_len: u32
    );
    path::path_symlink(old_path: u32, old_len: u32, fd: u32, new_path: u32, new_len: u32);
    path::path_unlink_file(fd: u32, path: u32, path_len: u32);
    poll::poll_oneoff(subs: u32, events: u32, nsubs: u32, nevents: u32);
    poll::sched_yield();
    proc::proc_raise(sig: u32);
    random::random_get(buf: u32, len: u32);
    sock::sock_accept(fd: u32, flags: u32, out: u32);
    sock::sock_recv(
        fd: u32, ri_data: u32, ri_data_len: u32, ri_flags: u32, ro_datalen: u32, ro_flags: u32
    );
    sock::sock_send(fd: u32, si_data: u32, si_data_len: u32, si_flags: u32, so_datalen: u32);
    sock::sock_shutdown(fd: u32, how: u32);
}

#[cfg(test)]
pub(crate) mod testing;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preview1_function_is_defined() {
        // The 46 functions of wasi_snapshot_preview1.witx.
        let mut want = vec![
            "args_get",
            "args_sizes_get",
            "environ_get",
            "environ_sizes_get",
            "clock_res_get",
            "clock_time_get",
            "fd_advise",
            "fd_allocate",
            "fd_close",
            "fd_datasync",
            "fd_fdstat_get",
            "fd_fdstat_set_flags",
            "fd_fdstat_set_rights",
            "fd_filestat_get",
            "fd_filestat_set_size",
            "fd_filestat_set_times",
            "fd_pread",
            "fd_prestat_get",
            "fd_prestat_dir_name",
            "fd_pwrite",
            "fd_read",
            "fd_readdir",
            "fd_renumber",
            "fd_seek",
            "fd_sync",
            "fd_tell",
            "fd_write",
            "path_create_directory",
            "path_filestat_get",
            "path_filestat_set_times",
            "path_link",
            "path_open",
            "path_readlink",
            "path_remove_directory",
            "path_rename",
            "path_symlink",
            "path_unlink_file",
            "poll_oneoff",
            "proc_exit",
            "proc_raise",
            "sched_yield",
            "random_get",
            "sock_accept",
            "sock_recv",
            "sock_send",
            "sock_shutdown",
        ];
        let engine = wasmtime::Engine::default();
        let mut linker = Linker::new(&engine);
        add_to_linker(&mut linker).unwrap();
        let mut defined: Vec<&str> = FUNCTIONS.to_vec();
        defined.sort_unstable();
        want.sort_unstable();
        assert_eq!(defined, want);
        let mut store = wasmtime::Store::new(&engine, testing::ctx(vec![]));
        for name in &want {
            assert!(linker.get(&mut store, MODULE, name).is_ok(), "{name} not in the linker");
        }
    }

    #[test]
    fn bad_pointers_are_efault() {
        let mut bytes = vec![0u8; 16];
        let mut mem = GuestMemory::new(&mut bytes);
        assert_eq!(mem.read_u32(12), Ok(0));
        assert_eq!(mem.read_u32(13), Err(WasiErrno::EFAULT));
        assert_eq!(mem.read_u64(u32::MAX), Err(WasiErrno::EFAULT));
        assert_eq!(mem.slice(16, 0).map(<[u8]>::len), Ok(0));
        assert_eq!(mem.slice(17, 0).map(<[u8]>::len), Err(WasiErrno::EFAULT));
        assert_eq!(mem.write_u64(9, 1), Err(WasiErrno::EFAULT));
        assert_eq!(mem.slice_mut(u32::MAX, u32::MAX).map(|s| s.len()), Err(WasiErrno::EFAULT));
        let mut empty: [u8; 0] = [];
        let mem = GuestMemory::new(&mut empty);
        assert_eq!(mem.read_u8(0), Err(WasiErrno::EFAULT));
        assert_eq!(mem.check(0, 0), Ok(()));
    }

    #[test]
    fn iovecs_are_checked_before_use() {
        let mut bytes = vec![0u8; 64];
        let mut mem = GuestMemory::new(&mut bytes);
        // iovecs at 0: (32, 4), (40, 8)
        mem.write_u32(0, 32).unwrap();
        mem.write_u32(4, 4).unwrap();
        mem.write_u32(8, 40).unwrap();
        mem.write_u32(12, 8).unwrap();
        let iovs = mem.iovecs(0, 2).unwrap();
        assert_eq!(iovs, vec![IoVec { buf: 32, len: 4 }, IoVec { buf: 40, len: 8 }]);
        assert_eq!(iovecs_len(&iovs), 12);
        // A buffer past the end.
        mem.write_u32(12, 25).unwrap();
        assert_eq!(mem.iovecs(0, 2), Err(WasiErrno::EFAULT));
        // The array itself past the end, and a count that overflows.
        assert_eq!(mem.iovecs(60, 1), Err(WasiErrno::EFAULT));
        assert_eq!(mem.iovecs(0, u32::MAX), Err(WasiErrno::EFAULT));
    }

    #[test]
    fn scatter_and_gather() {
        let mut bytes = vec![0u8; 32];
        let mut mem = GuestMemory::new(&mut bytes);
        let iovs = [IoVec { buf: 0, len: 3 }, IoVec { buf: 8, len: 0 }, IoVec { buf: 10, len: 4 }];
        mem.scatter(&iovs, b"abcdef").unwrap();
        assert_eq!(mem.slice(0, 3).unwrap(), b"abc");
        assert_eq!(mem.slice(10, 4).unwrap(), b"def\0");
        assert_eq!(mem.gather(&iovs, usize::MAX).unwrap(), b"abcdef\0");
        assert_eq!(mem.gather(&iovs, 5).unwrap(), b"abcde");
        assert_eq!(mem.gather(&iovs, 0).unwrap(), b"");
        // Short data leaves later buffers alone.
        mem.scatter(&iovs, b"xy").unwrap();
        assert_eq!(mem.slice(0, 3).unwrap(), b"xyc");
        assert_eq!(mem.slice(10, 4).unwrap(), b"def\0");
    }

    #[test]
    fn descriptors_never_alias_at_fdcwd() {
        assert_eq!(kernel_fd(3), Ok(3));
        assert_eq!(kernel_fd(i32::MAX as u32), Ok(i32::MAX));
        assert_eq!(kernel_fd(-100i32 as u32), Err(WasiErrno::EBADF));
        assert_eq!(kernel_fd(u32::MAX), Err(WasiErrno::EBADF));
    }
}
