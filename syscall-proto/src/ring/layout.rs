//! Where everything sits in the shared memory of a ring pair.
//!
//! ```text
//! 0      header page (4 KiB)
//!          0  magic        u64   "SBXRING\0"
//!          8  version      u64
//!         16  sub_cap      u64   bytes of the submission ring's data area
//!         24  comp_cap     u64   bytes of the completion ring's data area
//!         32  max_message  u64
//!         40  spin_ns      u64   how long the runtime spins before parking
//!        512  submission ring control block   (runtime produces, kernel consumes)
//!       1024  completion ring control block   (kernel produces, runtime consumes)
//! 4096   submission data area  (sub_cap bytes)
//! 4096 + sub_cap
//!        completion data area  (comp_cap bytes)
//! ```
//!
//! A control block keeps what the producer writes and what the consumer writes on
//! different 128-byte lines (adjacent-line prefetch makes 64 too few), so neither side
//! invalidates the other's line when it publishes:
//!
//! ```text
//!   +0    tail             u64  producer-owned position (bytes ever published)
//!   +8    producer_parked  u32  producer sleeps on its doorbell waiting for space
//!   +128  head             u64  consumer-owned position (bytes ever consumed)
//!   +136  consumer_parked  u32  consumer sleeps on its doorbell waiting for data
//! ```
//!
//! The header is written once by the kernel before it hands the memfd over. The runtime
//! validates it on attach; the kernel never reads it back, because by then the runtime
//! can write to it.

/// Identifies the memory as a ring pair ("SBXRING\0" read as a little-endian u64).
pub const MAGIC: u64 = u64::from_le_bytes(*b"SBXRING\0");
/// Bumped whenever this layout or the frame format changes.
pub const VERSION: u64 = 1;

/// Size of the header page, and offset of the first data area.
pub const HEADER_SIZE: usize = 4096;
pub const OFF_MAGIC: usize = 0;
pub const OFF_VERSION: usize = 8;
pub const OFF_SUB_CAP: usize = 16;
pub const OFF_COMP_CAP: usize = 24;
pub const OFF_MAX_MESSAGE: usize = 32;
pub const OFF_SPIN_NS: usize = 40;

/// Control block of the submission ring (runtime → kernel).
pub const SUB_CTRL: usize = 512;
/// Control block of the completion ring (kernel → runtime).
pub const COMP_CTRL: usize = 1024;

/// Offsets inside a control block.
pub const CTRL_TAIL: usize = 0;
pub const CTRL_PRODUCER_PARKED: usize = 8;
pub const CTRL_HEAD: usize = 128;
pub const CTRL_CONSUMER_PARKED: usize = 136;

/// Smallest ring data area: a page.
pub const MIN_CAPACITY: usize = 4096;
/// Largest ring data area. Fragment lengths must fit the frame header's u32.
pub const MAX_CAPACITY: usize = 1 << 30;
/// Largest `max_message` a ring pair may be configured with.
pub const MAX_MESSAGE_LIMIT: usize = 1 << 40;
/// Longest spin the header may ask the runtime for.
pub const MAX_SPIN_NS: u64 = 1_000_000_000;

// The control words fit the header page, each control block's halves sit on their own
// 128-byte lines, and nothing overlaps the header fields.
const _: () = {
    assert!(OFF_SPIN_NS + 8 <= SUB_CTRL);
    assert!(SUB_CTRL % 128 == 0 && COMP_CTRL % 128 == 0);
    assert!(CTRL_HEAD == 128 && CTRL_CONSUMER_PARKED + 4 <= 256);
    assert!(SUB_CTRL + 256 <= COMP_CTRL);
    assert!(COMP_CTRL + 256 <= HEADER_SIZE);
};

/// The validated geometry of a ring pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    pub sub_cap: usize,
    pub comp_cap: usize,
    pub max_message: usize,
    pub spin_ns: u64,
}

impl Layout {
    /// Checks a geometry, whether it came from the kernel's config or from the header
    /// the runtime found in shared memory.
    ///
    /// # Errors
    /// A description of the first field out of range.
    pub fn new(
        sub_cap: u64,
        comp_cap: u64,
        max_message: u64,
        spin_ns: u64,
    ) -> Result<Layout, String> {
        let cap = |name: &str, v: u64| -> Result<usize, String> {
            match usize::try_from(v) {
                Ok(c) if c.is_power_of_two() && (MIN_CAPACITY..=MAX_CAPACITY).contains(&c) => Ok(c),
                _ => Err(format!(
                    "{name} capacity {v} is not a power of two in {MIN_CAPACITY}..={MAX_CAPACITY}"
                )),
            }
        };
        let sub_cap = cap("submission", sub_cap)?;
        let comp_cap = cap("completion", comp_cap)?;
        let max_message = match usize::try_from(max_message) {
            Ok(m) if m <= MAX_MESSAGE_LIMIT => m,
            _ => return Err(format!("max_message {max_message} exceeds {MAX_MESSAGE_LIMIT}")),
        };
        if spin_ns > MAX_SPIN_NS {
            return Err(format!("spin of {spin_ns} ns exceeds {MAX_SPIN_NS} ns"));
        }
        Ok(Layout { sub_cap, comp_cap, max_message, spin_ns })
    }

    /// Bytes of the whole memfd.
    pub fn total_len(&self) -> usize {
        HEADER_SIZE + self.sub_cap + self.comp_cap
    }

    /// Offset of the submission ring's data area.
    pub fn sub_data(&self) -> usize {
        HEADER_SIZE
    }

    /// Offset of the completion ring's data area.
    pub fn comp_data(&self) -> usize {
        HEADER_SIZE + self.sub_cap
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_bad_geometry() {
        assert!(Layout::new(4096, 4096, 1, 0).is_ok());
        assert!(Layout::new(4095, 4096, 1, 0).is_err());
        assert!(Layout::new(4096, 6000, 1, 0).is_err());
        assert!(Layout::new(2048, 4096, 1, 0).is_err());
        assert!(Layout::new(1 << 31, 4096, 1, 0).is_err());
        assert!(Layout::new(4096, 4096, u64::MAX, 0).is_err());
        assert!(Layout::new(4096, 4096, 1, u64::MAX).is_err());
    }
}
