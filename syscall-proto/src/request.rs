//! The top-level messages: one [`Request`] variant per syscall family, the [`Reply`]
//! payloads, unsolicited [`Event`]s, and the envelopes that carry request ids over the
//! rings.

use serde::{Deserialize, Serialize};

use crate::errno::Errno;
use crate::fd::{DirEntry, FdRequest, FdStat, FileStat, FsStat};
use crate::path::PathRequest;
use crate::proc::{Disposition, ProcRequest, SigSet, StartInfo};
use crate::random::RandomRequest;
use crate::time::TimeRequest;

/// A system call issued by a runtime on behalf of its sandboxed program.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Request {
    /// Process lifecycle: handshake, exit, spawn, wait, signals, groups and sessions.
    Proc(ProcRequest),
    /// Calls on descriptors: read, write, seek, stat, readdir, close, the dup family,
    /// descriptor flags, pipes, poll.
    Fd(FdRequest),
    /// Calls that name a path relative to a directory descriptor (the `*at` family).
    Path(PathRequest),
    /// Clocks and sleeping.
    Time(TimeRequest),
    /// Entropy.
    Random(RandomRequest),
}

/// The successful answer to a [`Request`]. Which variant a request gets is stated on the
/// request's own documentation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reply {
    /// The call succeeded and returns nothing.
    Unit,
    /// Answer to `Proc(Hello)`: everything the runtime needs to start the program.
    Started(Box<StartInfo>),
    /// Bytes: file contents, a symlink target, random bytes.
    Data(Vec<u8>),
    /// A count of bytes written.
    Written(u64),
    /// A file offset (after a seek).
    Offset(u64),
    /// A newly allocated descriptor.
    Fd(i32),
    /// Metadata of a file.
    Stat(FileStat),
    /// Flags and type of an open descriptor.
    FdStat(FdStat),
    /// A batch of directory entries.
    Entries(Vec<DirEntry>),
    /// A time in nanoseconds.
    Time(u64),
    /// Two new descriptors: a pipe's read end and write end (`Fd(Pipe)`).
    FdPair(i32, i32),
    /// The `revents` of each `Fd(Poll)` entry, in order (`fd::poll` bits).
    Polled(Vec<u16>),
    /// Descriptor flags (`Fd(GetFdFlags)`: `fd::FD_CLOEXEC`).
    Flags(u32),
    /// A virtual pid, process group or session id.
    Pid(i32),
    /// Answer to `Proc(Wait)`: the child and its `proc::wait` status (`pid` 0: none
    /// ready under `WNOHANG`).
    Waited { pid: i32, status: i32 },
    /// A previous signal disposition (`Proc(SigAction)`).
    Disposition(Disposition),
    /// A signal set (`Proc(SigProcMask)`, `Proc(SigPending)`).
    SigSet(SigSet),
    /// Size and use of a file system (`Path(Statfs)`).
    FsStat(FsStat),
}

/// What the kernel answers: a [`Reply`] or the errno the program sees.
pub type Response = Result<Reply, Errno>;

/// Something the kernel tells a runtime without being asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Event {
    /// A signal is pending for the process (delivered at the runtime's next safe point).
    Signal { signo: i32 },
    /// The kernel is terminating the process; the runtime should stop at once.
    Terminate { reason: String },
}

/// Envelope of every submission-ring message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ToKernel {
    /// Chosen by the runtime; echoed in the reply so many calls can be in flight.
    pub id: u64,
    pub request: Request,
}

/// Envelope of every completion-ring message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FromKernel {
    /// The answer to the submission with the same `id`.
    Reply { id: u64, response: Response },
    /// An unsolicited event.
    Event(Event),
}
