//! Frames and positions: the arithmetic of one ring, with no memory access.
//!
//! A ring is a byte stream over a power-of-two data area. Positions (`head`, `tail`)
//! count bytes ever consumed/published and never wrap in practice (2^64 bytes); the
//! offset in the data area is `position & (capacity - 1)`. A message travels as one or
//! more frames:
//!
//! ```text
//!   u64 word: low 32 bits  fragment length in bytes
//!             high 32 bits flags (MORE = 1: another fragment of this message follows)
//!   payload, padded with garbage to a multiple of 8
//! ```
//!
//! Frames start at multiples of 8 and the capacity is a multiple of 8, so the header
//! word never straddles the end of the data area; a payload may, and is then copied in
//! two pieces. A message bigger than a fragment streams through in several; fragments
//! that are not the last carry at least [`Limits::min_fragment`] bytes, which bounds the
//! number of frames (and the work) per message.
//!
//! Every function that takes a value written by the peer returns the violation as a
//! `String` instead of trusting it.

/// Bytes of a frame header.
pub(super) const FRAME_HEADER: usize = 8;
/// Another fragment of the same message follows this one.
pub(super) const FLAG_MORE: u32 = 1;
const KNOWN_FLAGS: u32 = FLAG_MORE;

/// The first word of a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct FrameHeader {
    pub len: u32,
    pub flags: u32,
}

impl FrameHeader {
    pub fn to_word(self) -> u64 {
        u64::from(self.len) | (u64::from(self.flags) << 32)
    }

    pub fn from_word(word: u64) -> FrameHeader {
        // Truncation is the decoding: the word is two u32 halves.
        FrameHeader { len: word as u32, flags: (word >> 32) as u32 }
    }

    pub fn more(self) -> bool {
        self.flags & FLAG_MORE != 0
    }
}

/// Rounds up to the frame alignment.
pub(super) fn align8(n: usize) -> usize {
    (n + 7) & !7
}

/// Bytes a frame with `len` payload bytes occupies in the ring.
pub(super) fn frame_size(len: usize) -> usize {
    FRAME_HEADER + align8(len)
}

/// The sizes one ring works with. Both sides derive them from the capacity alone, so
/// they agree without exchanging anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Limits {
    pub capacity: usize,
    /// Largest fragment payload: half the ring, so a producer can fill one half while
    /// the consumer drains the other.
    pub max_fragment: usize,
    /// Smallest payload of a fragment that is not a message's last.
    pub min_fragment: usize,
    pub max_message: usize,
}

impl Limits {
    /// `capacity` must be a power of two of at least 64 (the layout guarantees 4 KiB).
    pub fn new(capacity: usize, max_message: usize) -> Limits {
        debug_assert!(capacity.is_power_of_two() && capacity >= 64);
        Limits { capacity, max_fragment: capacity / 2, min_fragment: capacity / 8, max_message }
    }

    /// Offset in the data area of a position.
    pub fn offset(&self, pos: u64) -> usize {
        // The mask keeps the value below `capacity`, which is a usize.
        (pos & (self.capacity as u64 - 1)) as usize
    }

    /// The one or two (offset, length) pieces of `len` bytes starting at `pos`.
    /// `len` must not exceed the capacity.
    pub fn pieces(&self, pos: u64, len: usize) -> [(usize, usize); 2] {
        let off = self.offset(pos);
        let first = len.min(self.capacity - off);
        [(off, first), (0, len - first)]
    }
}

/// Consumer side: how many published bytes there are, given the producer's `tail` as
/// read from shared memory and the consumer's own (private) `head`.
pub(super) fn readable(tail: u64, head: u64, capacity: usize) -> Result<usize, String> {
    if tail % 8 != 0 {
        return Err(format!("tail {tail} is not 8-byte aligned"));
    }
    let used = tail.wrapping_sub(head);
    if used > capacity as u64 {
        return Err(format!(
            "tail {tail} is {used} bytes past head {head}, beyond the capacity {capacity}"
        ));
    }
    // Bounded by the capacity, a usize.
    Ok(used as usize)
}

/// Producer side: how many bytes are free, given the consumer's `head` as read from
/// shared memory, the producer's own `tail`, and the `last_head` it saw before (a head
/// may only move forward, and never past the tail).
pub(super) fn writable(
    head: u64,
    last_head: u64,
    tail: u64,
    capacity: usize,
) -> Result<usize, String> {
    if head % 8 != 0 {
        return Err(format!("head {head} is not 8-byte aligned"));
    }
    let advanced = head.wrapping_sub(last_head);
    if advanced > tail.wrapping_sub(last_head) {
        return Err(format!(
            "head {head} moved outside {last_head}..={tail} (last seen head ..= tail)"
        ));
    }
    // `last_head <= head <= tail` and `tail - last_head <= capacity` (our invariant).
    Ok(capacity - (tail.wrapping_sub(head) as usize))
}

/// Consumer side: checks a frame header read from shared memory against what has been
/// published (`readable`) and what the message has accumulated so far.
pub(super) fn check_frame(
    header: FrameHeader,
    readable: usize,
    accumulated: usize,
    limits: &Limits,
) -> Result<usize, String> {
    let unknown = header.flags & !KNOWN_FLAGS;
    if unknown != 0 {
        return Err(format!("unknown frame flags {unknown:#x}"));
    }
    let len = header.len as usize;
    if len > limits.max_fragment {
        return Err(format!("fragment of {len} bytes exceeds {}", limits.max_fragment));
    }
    if frame_size(len) > readable {
        return Err(format!("frame of {len} bytes extends past the {readable} published bytes"));
    }
    if header.more() && len < limits.min_fragment {
        return Err(format!(
            "non-final fragment of {len} bytes is below the minimum {}",
            limits.min_fragment
        ));
    }
    if len > limits.max_message.saturating_sub(accumulated) {
        return Err(format!(
            "message grows to {} bytes, beyond max_message {}",
            accumulated as u128 + len as u128,
            limits.max_message
        ));
    }
    Ok(len)
}

/// Producer side: the payload length of the next fragment of a message with
/// `remaining` bytes left, when `free` bytes of the ring are free; `None` means wait for
/// space. Non-final fragments are multiples of 8 and at least `min_fragment`.
pub(super) fn next_fragment(remaining: usize, free: usize, limits: &Limits) -> Option<usize> {
    let room = free.checked_sub(FRAME_HEADER)? & !7;
    let want = remaining.min(limits.max_fragment);
    if want <= room {
        Some(want)
    } else if room >= limits.min_fragment {
        Some(room)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> Limits {
        Limits::new(4096, 1 << 20)
    }

    #[test]
    fn header_word_round_trips() {
        let h = FrameHeader { len: 0xdead_beef, flags: FLAG_MORE };
        assert_eq!(FrameHeader::from_word(h.to_word()), h);
        assert!(h.more());
    }

    #[test]
    fn pieces_split_at_the_end_of_the_area() {
        let l = limits();
        assert_eq!(l.pieces(4096 + 8, 100), [(8, 100), (0, 0)]);
        assert_eq!(l.pieces(4090, 100), [(4090, 6), (0, 94)]);
        assert_eq!(l.pieces(4096 * 3, 4096), [(0, 4096), (0, 0)]);
    }

    #[test]
    fn readable_rejects_lying_tails() {
        assert_eq!(readable(64, 0, 4096), Ok(64));
        assert_eq!(readable(0, 0, 4096), Ok(0));
        assert!(readable(3, 0, 4096).is_err());
        assert!(readable(4104, 0, 4096).is_err());
        assert!(readable(0, 8, 4096).is_err(), "tail behind head");
        assert_eq!(readable((u64::MAX - 7).wrapping_add(16), u64::MAX - 7, 4096), Ok(16), "wraps");
    }

    #[test]
    fn writable_rejects_heads_outside_the_window() {
        assert_eq!(writable(0, 0, 0, 4096), Ok(4096));
        assert_eq!(writable(8, 0, 64, 4096), Ok(4096 - 56));
        assert!(writable(72, 0, 64, 4096).is_err(), "past tail");
        assert!(writable(0, 8, 64, 4096).is_err(), "backwards");
        assert!(writable(4, 0, 64, 4096).is_err(), "misaligned");
    }

    #[test]
    fn check_frame_catches_each_lie() {
        let l = limits();
        let ok = FrameHeader { len: 10, flags: 0 };
        assert_eq!(check_frame(ok, 24, 0, &l), Ok(10));
        assert!(check_frame(ok, 16, 0, &l).is_err(), "longer than published");
        assert!(check_frame(FrameHeader { len: 10, flags: 2 }, 24, 0, &l).is_err());
        assert!(check_frame(FrameHeader { len: 2049, flags: 0 }, 4096, 0, &l).is_err());
        assert!(check_frame(FrameHeader { len: 8, flags: FLAG_MORE }, 16, 0, &l).is_err());
        assert!(check_frame(ok, 24, (1 << 20) - 9, &l).is_err(), "beyond max_message");
        assert_eq!(check_frame(ok, 24, (1 << 20) - 10, &l), Ok(10));
        assert!(check_frame(ok, 24, usize::MAX, &l).is_err(), "no overflow");
    }

    #[test]
    fn next_fragment_never_makes_tiny_non_final_fragments() {
        let l = limits();
        assert_eq!(next_fragment(0, 8, &l), Some(0), "empty message fits a bare header");
        assert_eq!(next_fragment(0, 7, &l), None);
        assert_eq!(next_fragment(100, 4096, &l), Some(100));
        assert_eq!(next_fragment(10_000, 4096, &l), Some(2048), "capped at max_fragment");
        assert_eq!(next_fragment(10_000, 1000, &l), Some(992));
        assert_eq!(next_fragment(10_000, 500, &l), None, "below min_fragment: wait");
        assert_eq!(next_fragment(300, 300, &l), None, "final 300 needs 312");
        for remaining in [1usize, 7, 511, 512, 513, 5000] {
            for free in (0..=4096).step_by(8) {
                if let Some(n) = next_fragment(remaining, free, &l) {
                    assert!(frame_size(n) <= free);
                    if n < remaining {
                        assert!(n >= l.min_fragment && n % 8 == 0);
                    }
                    let header = FrameHeader { len: n as u32, flags: u32::from(n < remaining) };
                    assert_eq!(check_frame(header, frame_size(n), 0, &l), Ok(n));
                }
            }
        }
    }
}
