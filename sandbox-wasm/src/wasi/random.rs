//! `random_get`: the kernel's entropy (`RandomRequest`), in chunks of at most
//! [`MAX_RANDOM`] bytes.

use syscall_proto::random::{RandomRequest, MAX_RANDOM};
use syscall_proto::Request;

use super::{CallResult, GuestMemory, Stop, WasiCtx};

pub fn random_get(ctx: &mut WasiCtx, mem: &mut GuestMemory<'_>, buf: u32, len: u32) -> CallResult {
    // The whole buffer is checked first so that a bad one costs no kernel call.
    mem.check(buf, len)?;
    let mut done = 0;
    while done < len {
        let chunk = (len - done).min(MAX_RANDOM);
        let bytes = ctx.call_data(Request::Random(RandomRequest::GetRandom { len: chunk }))?;
        if bytes.len() != chunk as usize {
            return Err(Stop::BadReply("GetRandom (wrong length)").into());
        }
        mem.write(buf + done, &bytes)?;
        done += chunk;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use syscall_proto::Reply;

    use super::*;
    use crate::wasi::{testing, CallError};

    #[test]
    fn large_buffers_take_several_calls() {
        let len = MAX_RANDOM + 3;
        let mut ctx = testing::ctx(vec![
            (
                Request::Random(RandomRequest::GetRandom { len: MAX_RANDOM }),
                Ok(Reply::Data(vec![1; MAX_RANDOM as usize])),
            ),
            (Request::Random(RandomRequest::GetRandom { len: 3 }), Ok(Reply::Data(vec![2; 3]))),
        ]);
        let mut bytes = vec![0u8; len as usize + 1];
        let mut mem = GuestMemory::new(&mut bytes);
        random_get(&mut ctx, &mut mem, 1, len).unwrap();
        assert_eq!(mem.read_u8(0), Ok(0));
        assert_eq!(mem.read_u8(1), Ok(1));
        assert_eq!(mem.slice(len - 2, 3).unwrap(), &[2, 2, 2]);
    }

    #[test]
    fn a_short_reply_stops_the_program() {
        let mut ctx = testing::ctx(vec![(
            Request::Random(RandomRequest::GetRandom { len: 8 }),
            Ok(Reply::Data(vec![0; 4])),
        )]);
        let mut bytes = vec![0u8; 8];
        let mut mem = GuestMemory::new(&mut bytes);
        assert!(matches!(random_get(&mut ctx, &mut mem, 0, 8), Err(CallError::Stop(_))));
    }

    #[test]
    fn zero_bytes_ask_nothing() {
        let mut ctx = testing::ctx(vec![]);
        let mut bytes = vec![0u8; 8];
        let mut mem = GuestMemory::new(&mut bytes);
        random_get(&mut ctx, &mut mem, 8, 0).unwrap();
    }
}
