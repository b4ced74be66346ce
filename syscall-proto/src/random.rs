//! The entropy family.

use serde::{Deserialize, Serialize};

/// Largest single `GetRandom` the kernel serves; larger buffers take several calls.
pub const MAX_RANDOM: u32 = 1 << 20;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RandomRequest {
    /// getrandom(2). Replies `Data` with exactly `len` bytes; `EINVAL` above
    /// [`MAX_RANDOM`].
    GetRandom { len: u32 },
}
