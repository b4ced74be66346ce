//! pipe2(2), and reads and writes on pipe ends (`fd.rs` routes them here).

use std::sync::Arc;

use syscall_proto::path::oflags;
use syscall_proto::{Errno, Reply, Response};

use crate::fd::OpenFile;
use crate::pipe::{self, ReadEnd, WriteEnd, WriteError};
use crate::process::Process;
use crate::vfs::path::VPath;
use crate::vfs::Object;

pub fn create(process: &Process, flags: u32) -> Response {
    if flags & !(oflags::O_CLOEXEC | oflags::O_NONBLOCK) != 0 {
        return Err(Errno::EINVAL);
    }
    let nonblock = flags & oflags::O_NONBLOCK;
    let (r, w) = pipe::pipe();
    // A pipe has no path; `/` is never used for it (only directories are `*at` bases).
    let r =
        Arc::new(OpenFile::new(Object::PipeRead(r), VPath::root(), oflags::O_RDONLY | nonblock));
    let w =
        Arc::new(OpenFile::new(Object::PipeWrite(w), VPath::root(), oflags::O_WRONLY | nonblock));
    let cloexec = flags & oflags::O_CLOEXEC != 0;
    let (r, w) = process.fds().insert_pair(r, w, cloexec)?;
    Ok(Reply::FdPair(r, w))
}

fn nonblocking(file: &OpenFile) -> bool {
    file.state().flags & oflags::O_NONBLOCK != 0
}

pub fn read(
    process: &Process,
    file: &OpenFile,
    end: &ReadEnd,
    len: usize,
) -> Result<Vec<u8>, Errno> {
    if nonblocking(file) {
        return end.read(len, None);
    }
    end.read(len, Some(&process.waiter()?))
}

pub fn write(
    process: &Process,
    file: &OpenFile,
    end: &WriteEnd,
    data: &[u8],
) -> Result<u64, Errno> {
    let result = if nonblocking(file) {
        end.write(data, None)
    } else {
        end.write(data, Some(&process.waiter()?))
    };
    match result {
        Ok(n) => Ok(n as u64),
        Err(WriteError::Errno(e)) => Err(e),
        Err(WriteError::Broken { written }) => {
            process.raise(libc::SIGPIPE);
            if written > 0 {
                Ok(written as u64)
            } else {
                Err(Errno::EPIPE)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::os::unix::process::ExitStatusExt;
    use std::time::Duration;

    use super::*;
    use crate::process::tests::sleeping_process;

    fn ends(process: &Process, flags: u32) -> (Arc<OpenFile>, Arc<OpenFile>) {
        let Ok(Reply::FdPair(r, w)) = create(process, flags) else { panic!("no pipe") };
        let table = process.fds();
        (table.get(r).unwrap(), table.get(w).unwrap())
    }

    #[test]
    fn pipe2_flags() {
        let (process, mut child) = sleeping_process(8);
        assert_eq!(create(&process, oflags::O_APPEND), Err(Errno::EINVAL));
        assert_eq!(
            create(&process, oflags::O_NONBLOCK | oflags::O_CLOEXEC),
            Ok(Reply::FdPair(0, 1))
        );
        assert_eq!(process.fds().cloexec(0), Ok(true));
        assert_eq!(process.fds().cloexec(1), Ok(true));
        assert_eq!(
            process.fds().get(1).unwrap().state().flags,
            oflags::O_WRONLY | oflags::O_NONBLOCK
        );
        assert_eq!(create(&process, 0), Ok(Reply::FdPair(2, 3)));
        assert_eq!(process.fds().cloexec(2), Ok(false));
        child.kill().unwrap();
        child.wait().unwrap();
    }

    #[test]
    fn a_blocked_read_gives_up_when_the_process_dies() {
        let (process, mut child) = sleeping_process(8);
        let (r, _w) = ends(&process, 0);
        let Object::PipeRead(end) = &r.object else { panic!() };
        let pid = nix::unistd::Pid::from_raw(child.id() as i32);
        let killer = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(50));
            nix::sys::signal::kill(pid, nix::sys::signal::SIGKILL).unwrap();
        });
        assert_eq!(read(&process, &r, end, 10), Err(Errno::EINTR));
        killer.join().unwrap();
        child.wait().unwrap();
    }

    #[test]
    fn writing_without_readers_is_epipe_and_sigpipe() {
        let (process, mut child) = sleeping_process(8);
        let (r, w) = ends(&process, oflags::O_NONBLOCK);
        let Object::PipeWrite(end) = &w.object else { panic!() };
        process.fds().close(0).unwrap();
        drop(r);
        assert_eq!(write(&process, &w, end, b"x"), Err(Errno::EPIPE));
        assert_eq!(process.exit_code(), Some(128 + libc::SIGPIPE));
        let status = child.try_wait().unwrap().expect("the runtime was killed");
        assert_eq!(status.signal(), Some(libc::SIGKILL));
    }
}
