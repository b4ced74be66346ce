//! The process extension: the host import module [`MODULE`] (`sandbox_process_v1`),
//! through which a WASI program spawns programs, waits for them, signals them, makes
//! pipes and moves descriptors — what a shell needs for pipelines. Every function is a
//! thin translation to one `ProcRequest` or `FdRequest` of the kernel's process model
//! (`docs/processes.md`); the ABI, with its record layouts, is `docs/wasm-abi.md`.
//!
//! Functions return a WASI errno (0 on success) and write results through pointers, as
//! `wasi_snapshot_preview1` does. The version is in the module name: an incompatible
//! change is a new module (`sandbox_process_v2`), so old programs keep linking.

use std::collections::VecDeque;

use syscall_proto::fd::FdRequest;
use syscall_proto::path::oflags as linux;
use syscall_proto::proc::{Disposition, FdAction, ProcRequest, SigHow, SpawnRequest};
use syscall_proto::{Reply, Request};
use wasmtime::{Caller, Linker};

use super::{dispatch, kernel_fd, unexpected, CallResult, GuestMemory, WasiCtx};
use crate::errno::WasiErrno;

/// The import module name; the version is part of it.
pub const MODULE: &str = "sandbox_process_v1";

/// Bytes of a spawn request record (see `docs/wasm-abi.md`).
pub const SPAWN_REQUEST_SIZE: u32 = 48;
/// Bytes of a string list entry: `ptr`, `len`.
pub const STRING_SIZE: u32 = 8;
/// Bytes of a file action record.
pub const ACTION_SIZE: u32 = 28;
/// Most arguments, variables or file actions one spawn takes (the kernel's byte limits
/// apply as well).
pub const MAX_ITEMS: u32 = 1 << 16;
/// Most handled signals kept for [`signal_next`]; a signal already queued is not
/// queued again (standard signals do not queue on Linux either).
const MAX_QUEUED_SIGNALS: usize = 64;

/// File action kinds.
pub mod action {
    pub const DUP2: u32 = 0;
    pub const CLOSE: u32 = 1;
    pub const OPEN: u32 = 2;
}

/// Open flags of a file action (this ABI's own bits, not wasi-libc's `O_*`).
pub mod open {
    pub const READ: u32 = 1 << 0;
    pub const WRITE: u32 = 1 << 1;
    pub const CREATE: u32 = 1 << 2;
    pub const TRUNCATE: u32 = 1 << 3;
    pub const APPEND: u32 = 1 << 4;
    pub const EXCLUSIVE: u32 = 1 << 5;
    pub const CLOEXEC: u32 = 1 << 6;
    pub const ALL: u32 = (1 << 7) - 1;
}

/// `pipe` flags.
pub mod pipe_flags {
    pub const CLOEXEC: u32 = 1 << 0;
    pub const NONBLOCK: u32 = 1 << 1;
}

/// Spawn request flags.
pub mod spawn_flags {
    pub const SETSID: u32 = 1 << 0;
}

/// The handled signals the kernel delivered, oldest first, for [`signal_next`].
#[derive(Debug, Default)]
pub struct SignalQueue(VecDeque<i32>);

impl SignalQueue {
    pub fn push(&mut self, signo: i32) {
        if !self.0.contains(&signo) && self.0.len() < MAX_QUEUED_SIGNALS {
            self.0.push_back(signo);
        }
    }

    pub fn pop(&mut self) -> Option<i32> {
        self.0.pop_front()
    }
}

fn pid_reply(ctx: &mut WasiCtx, request: ProcRequest) -> Result<i32, super::CallError> {
    match ctx.call(Request::Proc(request))? {
        Reply::Pid(p) | Reply::Fd(p) => Ok(p),
        other => Err(unexpected("a Pid request", other)),
    }
}

fn write_i32(mem: &mut GuestMemory<'_>, ptr: u32, v: i32) -> Result<(), WasiErrno> {
    mem.write_u32(ptr, v as u32)
}

pub fn getpid(ctx: &mut WasiCtx, mem: &mut GuestMemory<'_>, out: u32) -> CallResult {
    mem.check(out, 4)?;
    let pid = pid_reply(ctx, ProcRequest::GetPid)?;
    Ok(write_i32(mem, out, pid)?)
}

pub fn getppid(ctx: &mut WasiCtx, mem: &mut GuestMemory<'_>, out: u32) -> CallResult {
    mem.check(out, 4)?;
    let pid = pid_reply(ctx, ProcRequest::GetPpid)?;
    Ok(write_i32(mem, out, pid)?)
}

/// Reads a list of `count` strings (`ptr`, `len` pairs) at `at`.
fn strings(mem: &GuestMemory<'_>, at: u32, count: u32) -> Result<Vec<Vec<u8>>, WasiErrno> {
    if count > MAX_ITEMS {
        return Err(WasiErrno::E2BIG);
    }
    mem.check(at, count.checked_mul(STRING_SIZE).ok_or(WasiErrno::EFAULT)?)?;
    (0..count)
        .map(|i| {
            let e = at + i * STRING_SIZE;
            Ok(mem.slice(mem.read_u32(e)?, mem.read_u32(e + 4)?)?.to_vec())
        })
        .collect()
}

/// A file action's open flags as Linux's.
fn open_flags(bits: u32) -> Result<u32, WasiErrno> {
    if bits & !open::ALL != 0 {
        return Err(WasiErrno::EINVAL);
    }
    let mut flags = match (bits & open::READ != 0, bits & open::WRITE != 0) {
        (_, false) => linux::O_RDONLY,
        (false, true) => linux::O_WRONLY,
        (true, true) => linux::O_RDWR,
    };
    for (bit, f) in [
        (open::CREATE, linux::O_CREAT),
        (open::TRUNCATE, linux::O_TRUNC),
        (open::APPEND, linux::O_APPEND),
        (open::EXCLUSIVE, linux::O_EXCL),
        (open::CLOEXEC, linux::O_CLOEXEC),
    ] {
        if bits & bit != 0 {
            flags |= f;
        }
    }
    Ok(flags)
}

/// Reads the spawn request record at `req`.
fn spawn_request(mem: &GuestMemory<'_>, req: u32) -> Result<SpawnRequest, WasiErrno> {
    mem.check(req, SPAWN_REQUEST_SIZE)?;
    let u = |off: u32| mem.read_u32(req + off);
    let program = mem.slice(u(0)?, u(4)?)?.to_vec();
    let argv = strings(mem, u(8)?, u(12)?)?;
    let env = strings(mem, u(16)?, u(20)?)?
        .into_iter()
        .map(|kv| match kv.iter().position(|&b| b == b'=') {
            Some(eq) => Ok((kv[..eq].to_vec(), kv[eq + 1..].to_vec())),
            None => Err(WasiErrno::EINVAL),
        })
        .collect::<Result<_, _>>()?;
    let cwd = match u(28)? {
        0 => None,
        len => Some(mem.slice(u(24)?, len)?.to_vec()),
    };
    let (at, count) = (u(32)?, u(36)?);
    if count > MAX_ITEMS {
        return Err(WasiErrno::E2BIG);
    }
    mem.check(at, count.checked_mul(ACTION_SIZE).ok_or(WasiErrno::EFAULT)?)?;
    let mut fd_actions = Vec::with_capacity(count as usize);
    for i in 0..count {
        let a = |off: u32| mem.read_u32(at + i * ACTION_SIZE + off);
        let fd = a(4)? as i32;
        fd_actions.push(match a(0)? {
            action::DUP2 => FdAction::Dup2 { from: a(8)? as i32, to: fd },
            action::CLOSE => FdAction::Close { fd },
            action::OPEN => FdAction::Open {
                fd,
                path: mem.slice(a(12)?, a(16)?)?.to_vec(),
                flags: open_flags(a(20)?)?,
                mode: a(24)? & 0o7777,
            },
            _ => return Err(WasiErrno::EINVAL),
        });
    }
    let pgroup = match u(40)? as i32 {
        -1 => None,
        g => Some(g),
    };
    let flags = u(44)?;
    if flags & !spawn_flags::SETSID != 0 {
        return Err(WasiErrno::EINVAL);
    }
    Ok(SpawnRequest {
        program,
        argv,
        env,
        cwd,
        fd_actions,
        pgroup,
        setsid: flags & spawn_flags::SETSID != 0,
    })
}

pub fn spawn(ctx: &mut WasiCtx, mem: &mut GuestMemory<'_>, req: u32, pid_out: u32) -> CallResult {
    mem.check(pid_out, 4)?;
    let request = spawn_request(mem, req)?;
    let pid = pid_reply(ctx, ProcRequest::Spawn(Box::new(request)))?;
    Ok(write_i32(mem, pid_out, pid)?)
}

pub fn waitpid(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    pid: i32,
    options: u32,
    pid_out: u32,
    status_out: u32,
) -> CallResult {
    mem.check(pid_out, 4)?;
    mem.check(status_out, 4)?;
    match ctx.call(Request::Proc(ProcRequest::Wait { pid, options }))? {
        Reply::Waited { pid, status } => {
            write_i32(mem, pid_out, pid)?;
            Ok(write_i32(mem, status_out, status)?)
        }
        other => Err(unexpected("Wait", other)),
    }
}

pub fn kill(ctx: &mut WasiCtx, _mem: &mut GuestMemory<'_>, pid: i32, sig: u32) -> CallResult {
    let signo = i32::try_from(sig).map_err(|_| WasiErrno::EINVAL)?;
    ctx.call_unit(Request::Proc(ProcRequest::Kill { pid, signo }))
}

pub fn pipe(ctx: &mut WasiCtx, mem: &mut GuestMemory<'_>, flags: u32, fds_out: u32) -> CallResult {
    mem.check(fds_out, 8)?;
    if flags & !(pipe_flags::CLOEXEC | pipe_flags::NONBLOCK) != 0 {
        return Err(WasiErrno::EINVAL.into());
    }
    let mut kflags = 0;
    if flags & pipe_flags::CLOEXEC != 0 {
        kflags |= linux::O_CLOEXEC;
    }
    if flags & pipe_flags::NONBLOCK != 0 {
        kflags |= linux::O_NONBLOCK;
    }
    match ctx.call(Request::Fd(FdRequest::Pipe { flags: kflags }))? {
        Reply::FdPair(r, w) => {
            write_i32(mem, fds_out, r)?;
            Ok(write_i32(mem, fds_out + 4, w)?)
        }
        other => Err(unexpected("Pipe", other)),
    }
}

pub fn dup2(ctx: &mut WasiCtx, _mem: &mut GuestMemory<'_>, from: u32, to: u32) -> CallResult {
    let (from, to) = (kernel_fd(from)?, kernel_fd(to)?);
    ctx.call_fd(Request::Fd(FdRequest::Dup3 { from, to, flags: None }))?;
    Ok(())
}

pub fn set_cloexec(ctx: &mut WasiCtx, _mem: &mut GuestMemory<'_>, fd: u32, on: u32) -> CallResult {
    let fd = kernel_fd(fd)?;
    let flags = if on != 0 { syscall_proto::fd::FD_CLOEXEC } else { 0 };
    ctx.call_unit(Request::Fd(FdRequest::SetFdFlags { fd, flags }))
}

pub fn sigaction(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    sig: u32,
    disposition: u32,
    old_out: u32,
) -> CallResult {
    mem.check(old_out, 4)?;
    let action = match disposition {
        0 => Disposition::Default,
        1 => Disposition::Ignore,
        2 => Disposition::Handle,
        _ => return Err(WasiErrno::EINVAL.into()),
    };
    let signo = i32::try_from(sig).map_err(|_| WasiErrno::EINVAL)?;
    match ctx.call(Request::Proc(ProcRequest::SigAction { signo, action }))? {
        Reply::Disposition(old) => {
            let old = match old {
                Disposition::Default => 0,
                Disposition::Ignore => 1,
                Disposition::Handle => 2,
            };
            Ok(mem.write_u32(old_out, old)?)
        }
        other => Err(unexpected("SigAction", other)),
    }
}

pub fn sigprocmask(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    how: u32,
    set: u64,
    old_out: u32,
) -> CallResult {
    mem.check(old_out, 8)?;
    let how = match how {
        0 => SigHow::Block,
        1 => SigHow::Unblock,
        2 => SigHow::SetMask,
        _ => return Err(WasiErrno::EINVAL.into()),
    };
    match ctx.call(Request::Proc(ProcRequest::SigProcMask { how, set }))? {
        Reply::SigSet(old) => Ok(mem.write_u64(old_out, old)?),
        other => Err(unexpected("SigProcMask", other)),
    }
}

/// The delivery point: the oldest handled signal delivered and not yet taken, or 0.
pub fn signal_next(ctx: &mut WasiCtx, mem: &mut GuestMemory<'_>, out: u32) -> CallResult {
    mem.check(out, 4)?;
    let signo = ctx.signals.pop().unwrap_or(0);
    Ok(write_i32(mem, out, signo)?)
}

pub fn setpgid(ctx: &mut WasiCtx, _mem: &mut GuestMemory<'_>, pid: i32, pgid: i32) -> CallResult {
    ctx.call_unit(Request::Proc(ProcRequest::SetPgid { pid, pgid }))
}

pub fn getpgid(ctx: &mut WasiCtx, mem: &mut GuestMemory<'_>, pid: i32, out: u32) -> CallResult {
    mem.check(out, 4)?;
    let pgid = pid_reply(ctx, ProcRequest::GetPgid { pid })?;
    Ok(write_i32(mem, out, pgid)?)
}

pub fn setsid(ctx: &mut WasiCtx, mem: &mut GuestMemory<'_>, out: u32) -> CallResult {
    mem.check(out, 4)?;
    let sid = pid_reply(ctx, ProcRequest::SetSid)?;
    Ok(write_i32(mem, out, sid)?)
}

pub fn getsid(ctx: &mut WasiCtx, mem: &mut GuestMemory<'_>, pid: i32, out: u32) -> CallResult {
    mem.check(out, 4)?;
    let sid = pid_reply(ctx, ProcRequest::GetSid { pid })?;
    Ok(write_i32(mem, out, sid)?)
}

macro_rules! process_functions {
    ($($name:ident ( $($arg:ident : $ty:ty),* );)*) => {
        /// Every function of the module, by name.
        #[cfg(test)]
        pub const FUNCTIONS: &[&str] = &[$(stringify!($name)),*];

        /// Registers the module's functions with wasmtime.
        ///
        /// # Errors
        /// When wasmtime refuses a definition.
        pub fn add_to_linker(linker: &mut Linker<WasiCtx>) -> wasmtime::Result<()> {
            $(
                linker.func_wrap(
                    MODULE,
                    stringify!($name),
                    |mut caller: Caller<'_, WasiCtx>, $($arg: $ty),*| -> wasmtime::Result<i32> {
                        dispatch(&mut caller, |ctx, mem| $name(ctx, mem, $($arg),*))
                    },
                )?;
            )*
            Ok(())
        }
    };
}

process_functions! {
    getpid(out: u32);
    getppid(out: u32);
    spawn(req: u32, pid_out: u32);
    waitpid(pid: i32, options: u32, pid_out: u32, status_out: u32);
    kill(pid: i32, sig: u32);
    pipe(flags: u32, fds_out: u32);
    dup2(from: u32, to: u32);
    set_cloexec(fd: u32, on: u32);
    sigaction(sig: u32, disposition: u32, old_out: u32);
    sigprocmask(how: u32, set: u64, old_out: u32);
    signal_next(out: u32);
    setpgid(pid: i32, pgid: i32);
    getpgid(pid: i32, out: u32);
    setsid(out: u32);
    getsid(pid: i32, out: u32);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lays out a spawn request in `mem` at 0 with its strings after it.
    fn layout(mem: &mut Vec<u8>, program: &[u8], argv: &[&[u8]], env: &[&[u8]]) {
        mem.resize(4096, 0);
        let mut next = 512u32;
        let mut put = |mem: &mut Vec<u8>, bytes: &[u8]| {
            let at = next;
            mem[at as usize..at as usize + bytes.len()].copy_from_slice(bytes);
            next += bytes.len() as u32;
            at
        };
        let w = |mem: &mut Vec<u8>, at: u32, v: u32| {
            mem[at as usize..at as usize + 4].copy_from_slice(&v.to_le_bytes())
        };
        let p = put(mem, program);
        w(mem, 0, p);
        w(mem, 4, program.len() as u32);
        for (list, off, base) in [(argv, 8u32, 64u32), (env, 16, 256)] {
            w(mem, off, base);
            w(mem, off + 4, list.len() as u32);
            for (i, s) in list.iter().enumerate() {
                let at = put(mem, s);
                w(mem, base + i as u32 * 8, at);
                w(mem, base + i as u32 * 8 + 4, s.len() as u32);
            }
        }
        // One action at 384: open "out" for writing at fd 1.
        let path = put(mem, b"out");
        w(mem, 32, 384);
        w(mem, 36, 1);
        for (i, v) in
            [action::OPEN, 1, 0, path, 3, open::WRITE | open::CREATE, 0o644].into_iter().enumerate()
        {
            w(mem, 384 + 4 * i as u32, v);
        }
        w(mem, 40, -1i32 as u32);
    }

    #[test]
    fn spawn_records_decode() {
        let mut bytes = Vec::new();
        layout(&mut bytes, b"/bin/x", &[b"x", b"-v"], &[b"A=1", b"B=x=y"]);
        let mem = GuestMemory::new(&mut bytes);
        let r = spawn_request(&mem, 0).unwrap();
        assert_eq!(r.program, b"/bin/x");
        assert_eq!(r.argv, vec![b"x".to_vec(), b"-v".to_vec()]);
        assert_eq!(r.env, vec![(b"A".to_vec(), b"1".to_vec()), (b"B".to_vec(), b"x=y".to_vec())]);
        assert_eq!(r.cwd, None);
        assert_eq!(
            r.fd_actions,
            vec![FdAction::Open {
                fd: 1,
                path: b"out".to_vec(),
                flags: linux::O_WRONLY | linux::O_CREAT,
                mode: 0o644
            }]
        );
        assert_eq!((r.pgroup, r.setsid), (None, false));
    }

    #[test]
    fn bad_records_are_errnos_not_panics() {
        let mut bytes = Vec::new();
        layout(&mut bytes, b"p", &[b"p"], &[b"NOEQUALS"]);
        let mem = GuestMemory::new(&mut bytes);
        assert_eq!(spawn_request(&mem, 0).unwrap_err(), WasiErrno::EINVAL);
        let mut bytes = Vec::new();
        layout(&mut bytes, b"p", &[b"p"], &[]);
        bytes[12..16].copy_from_slice(&u32::MAX.to_le_bytes());
        let mem = GuestMemory::new(&mut bytes);
        assert_eq!(spawn_request(&mem, 0).unwrap_err(), WasiErrno::E2BIG);
        let mut bytes = Vec::new();
        layout(&mut bytes, b"p", &[b"p"], &[]);
        bytes[12..16].copy_from_slice(&1000u32.to_le_bytes());
        let mem = GuestMemory::new(&mut bytes);
        assert_eq!(spawn_request(&mem, 0).unwrap_err(), WasiErrno::EFAULT);
        let mut bytes = vec![0u8; 16];
        let mem = GuestMemory::new(&mut bytes);
        assert_eq!(spawn_request(&mem, 0).unwrap_err(), WasiErrno::EFAULT);
        assert_eq!(open_flags(1 << 9), Err(WasiErrno::EINVAL));
        assert_eq!(
            open_flags(open::READ | open::WRITE | open::APPEND),
            Ok(linux::O_RDWR | linux::O_APPEND)
        );
    }

    #[test]
    fn every_function_is_linked_under_the_versioned_module() {
        let engine = wasmtime::Engine::default();
        let mut linker = Linker::new(&engine);
        super::super::add_to_linker(&mut linker).unwrap();
        let mut store = wasmtime::Store::new(&engine, super::super::testing::ctx(vec![]));
        assert_eq!(FUNCTIONS.len(), 15);
        for name in FUNCTIONS {
            assert!(linker.get(&mut store, MODULE, name).is_ok(), "{name} not linked");
        }
    }

    /// The guests' declarations (sandbox-wasm/guest-abi) are a second copy of this
    /// ABI; it must not drift from the host's. (Its record layouts are asserted at
    /// compile time on wasm32 against the same sizes.)
    #[test]
    fn the_guest_bindings_declare_this_abi() {
        use sandbox_guest_abi::process as guest;
        assert_eq!(guest::MODULE, MODULE);
        let sorted = |names: &[&'static str]| {
            let mut v = names.to_vec();
            v.sort_unstable();
            v
        };
        assert_eq!(sorted(guest::FUNCTIONS), sorted(FUNCTIONS));
        assert_eq!(
            [guest::SPAWN_REQUEST_SIZE, guest::STRING_SIZE, guest::ACTION_SIZE, guest::MAX_ITEMS],
            [SPAWN_REQUEST_SIZE, STRING_SIZE, ACTION_SIZE, MAX_ITEMS]
        );
        assert_eq!(
            [guest::ACTION_DUP2, guest::ACTION_CLOSE, guest::ACTION_OPEN],
            [action::DUP2, action::CLOSE, action::OPEN]
        );
        let guest_open = [
            guest::OPEN_READ,
            guest::OPEN_WRITE,
            guest::OPEN_CREATE,
            guest::OPEN_TRUNCATE,
            guest::OPEN_APPEND,
            guest::OPEN_EXCLUSIVE,
            guest::OPEN_CLOEXEC,
        ];
        let host_open = [
            open::READ,
            open::WRITE,
            open::CREATE,
            open::TRUNCATE,
            open::APPEND,
            open::EXCLUSIVE,
            open::CLOEXEC,
        ];
        assert_eq!(guest_open, host_open);
        assert_eq!(guest_open.iter().fold(0, |all, bit| all | bit), open::ALL);
        assert_eq!(
            [guest::PIPE_CLOEXEC, guest::PIPE_NONBLOCK],
            [pipe_flags::CLOEXEC, pipe_flags::NONBLOCK]
        );
        assert_eq!(guest::SPAWN_SETSID, spawn_flags::SETSID);
    }

    #[test]
    fn signals_queue_once_each() {
        let mut q = SignalQueue::default();
        q.push(10);
        q.push(10);
        q.push(17);
        assert_eq!((q.pop(), q.pop(), q.pop()), (Some(10), Some(17), None));
    }
}
