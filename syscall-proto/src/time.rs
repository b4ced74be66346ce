//! The clock family.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Clock {
    /// Wall-clock time since the Unix epoch.
    Realtime,
    /// Monotonic time since an arbitrary point.
    Monotonic,
    /// CPU time consumed by the process.
    ProcessCputime,
    /// CPU time consumed by the calling thread.
    ThreadCputime,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum TimeRequest {
    /// clock_gettime(2). Replies `Time` in nanoseconds.
    Now { clock: Clock },
    /// clock_getres(2). Replies `Time` in nanoseconds.
    Resolution { clock: Clock },
    /// nanosleep(2) on the monotonic clock. Replies `Unit` when the time has passed.
    Sleep { nanos: u64 },
}
