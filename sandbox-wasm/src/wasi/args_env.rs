//! `args_*` and `environ_*`: the program's argv and environment, exactly as the
//! kernel's `StartInfo` gave them (the policy already decided which variables pass).
//! Local: no kernel calls.

use super::{CallResult, GuestMemory, WasiCtx};
use crate::errno::WasiErrno;

/// Writes the sizes of a string list: its count, and its bytes with a NUL after each.
fn sizes(list: &[Vec<u8>], mem: &mut GuestMemory<'_>, count_ptr: u32, size_ptr: u32) -> CallResult {
    let count = u32::try_from(list.len()).map_err(|_| WasiErrno::E2BIG)?;
    let size = list.iter().try_fold(0u32, |acc, s| {
        u32::try_from(s.len()).ok().and_then(|n| acc.checked_add(n)?.checked_add(1))
    });
    let size = size.ok_or(WasiErrno::E2BIG)?;
    mem.write_u32(count_ptr, count)?;
    mem.write_u32(size_ptr, size)?;
    Ok(())
}

/// Writes a string list: each string NUL-terminated one after the other at `buf`, and
/// a pointer to each in the array at `ptrs`. The program sized both with the `*_sizes_get`
/// call; every write is still bounds-checked.
fn strings(list: &[Vec<u8>], mem: &mut GuestMemory<'_>, ptrs: u32, buf: u32) -> CallResult {
    let mut at = buf;
    for (i, s) in list.iter().enumerate() {
        let slot = u32::try_from(i)
            .ok()
            .and_then(|i| i.checked_mul(4)?.checked_add(ptrs))
            .ok_or(WasiErrno::EFAULT)?;
        mem.write_u32(slot, at)?;
        mem.write(at, s)?;
        let len = u32::try_from(s.len()).map_err(|_| WasiErrno::EFAULT)?;
        let nul = at.checked_add(len).ok_or(WasiErrno::EFAULT)?;
        mem.write_u8(nul, 0)?;
        at = nul.checked_add(1).ok_or(WasiErrno::EFAULT)?;
    }
    Ok(())
}

pub fn args_sizes_get(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    argc: u32,
    argv_buf_size: u32,
) -> CallResult {
    sizes(&ctx.args, mem, argc, argv_buf_size)
}

pub fn args_get(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    argv: u32,
    argv_buf: u32,
) -> CallResult {
    strings(&ctx.args, mem, argv, argv_buf)
}

pub fn environ_sizes_get(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    count: u32,
    buf_size: u32,
) -> CallResult {
    sizes(&ctx.env, mem, count, buf_size)
}

pub fn environ_get(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory<'_>,
    environ: u32,
    environ_buf: u32,
) -> CallResult {
    strings(&ctx.env, mem, environ, environ_buf)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wasi::testing;

    #[test]
    fn argv_round_trip() {
        let mut ctx = testing::ctx(vec![]);
        let mut bytes = vec![0xffu8; 128];
        let mut mem = GuestMemory::new(&mut bytes);
        args_sizes_get(&mut ctx, &mut mem, 0, 4).unwrap();
        // testing::ctx has argv ["prog", "a b"].
        assert_eq!(mem.read_u32(0), Ok(2));
        assert_eq!(mem.read_u32(4), Ok(9));
        args_get(&mut ctx, &mut mem, 16, 64).unwrap();
        assert_eq!(mem.read_u32(16), Ok(64));
        assert_eq!(mem.read_u32(20), Ok(69));
        assert_eq!(mem.slice(64, 9).unwrap(), b"prog\0a b\0");
    }

    #[test]
    fn environ_is_key_equals_value() {
        let mut ctx = testing::ctx(vec![]);
        let mut bytes = vec![0u8; 128];
        let mut mem = GuestMemory::new(&mut bytes);
        environ_sizes_get(&mut ctx, &mut mem, 0, 4).unwrap();
        // testing::ctx has env [("HOME", "/home/u"), ("EMPTY", "")] and cwd "/".
        assert_eq!(mem.read_u32(0), Ok(3));
        assert_eq!(mem.read_u32(4), Ok(13 + 7 + 6));
        environ_get(&mut ctx, &mut mem, 8, 32).unwrap();
        assert_eq!(mem.slice(32, 26).unwrap(), b"HOME=/home/u\0EMPTY=\0PWD=/\0");
        assert_eq!(mem.read_u32(12), Ok(45));
    }

    #[test]
    fn pwd_is_the_working_directory_whatever_the_environment_said() {
        let mut start = testing::start_info();
        start.cwd = b"/data/sub".to_vec();
        start.env.insert(0, (b"PWD".to_vec(), b"/stale".to_vec()));
        let (mut ctx, _) = testing::capturing(vec![], &start);
        let mut bytes = vec![0u8; 128];
        let mut mem = GuestMemory::new(&mut bytes);
        environ_sizes_get(&mut ctx, &mut mem, 0, 4).unwrap();
        assert_eq!(mem.read_u32(0), Ok(3));
        environ_get(&mut ctx, &mut mem, 8, 32).unwrap();
        let size = mem.read_u32(4).unwrap();
        assert_eq!(mem.slice(32, size).unwrap(), b"HOME=/home/u\0EMPTY=\0PWD=/data/sub\0");
    }

    #[test]
    fn a_short_buffer_is_efault_not_a_panic() {
        let mut ctx = testing::ctx(vec![]);
        let mut bytes = vec![0u8; 70];
        let mut mem = GuestMemory::new(&mut bytes);
        let e = args_get(&mut ctx, &mut mem, 0, 64).unwrap_err();
        assert!(matches!(e, crate::wasi::CallError::Errno(WasiErrno::EFAULT)));
        let e = args_get(&mut ctx, &mut mem, u32::MAX - 2, 0).unwrap_err();
        assert!(matches!(e, crate::wasi::CallError::Errno(WasiErrno::EFAULT)));
    }
}
