//! The contents of an in-memory regular file, in fixed chunks.
//!
//! A write touches only the chunks it covers, so appending to or patching a large file
//! never copies or reallocates the whole of it. Chunks that were never written are holes:
//! they read as zeros and hold no memory (nor quota). A chunk's buffer grows only as far
//! as its highest written byte, so small files cost what they hold.

use std::collections::BTreeMap;

use syscall_proto::Errno;

/// Bytes per chunk.
pub const CHUNK: usize = 64 * 1024;

#[derive(Debug, Default)]
pub struct Chunks {
    size: u64,
    /// Chunk index → the chunk's bytes from its start (shorter than `CHUNK` when its
    /// tail was never written).
    map: BTreeMap<u64, Vec<u8>>,
    /// Bytes held by all chunks: what the file costs against the quota.
    stored: u64,
}

/// The chunk index and offset within it of a file position.
fn split(pos: u64) -> (u64, usize) {
    (pos / CHUNK as u64, (pos % CHUNK as u64) as usize)
}

impl Chunks {
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Bytes held in memory (holes excluded).
    pub fn stored(&self) -> u64 {
        self.stored
    }

    /// Up to `len` bytes from `offset` (fewer at the end of the file).
    pub fn read(&self, offset: u64, len: usize) -> Vec<u8> {
        let end = offset.saturating_add(len as u64).min(self.size);
        if offset >= end {
            return Vec::new();
        }
        let mut out = vec![0u8; (end - offset) as usize];
        let mut pos = offset;
        while pos < end {
            let (idx, within) = split(pos);
            let n = (CHUNK - within).min((end - pos) as usize);
            if let Some(chunk) = self.map.get(&idx) {
                let at = (pos - offset) as usize;
                let avail = chunk.len().saturating_sub(within).min(n);
                out[at..at + avail].copy_from_slice(&chunk[within..within + avail]);
            }
            pos += n as u64;
        }
        out
    }

    /// How many more bytes would be stored after writing `len` bytes at `offset`.
    pub fn growth(&self, offset: u64, len: usize) -> u64 {
        let end = offset.saturating_add(len as u64);
        let mut pos = offset;
        let mut grow = 0u64;
        while pos < end {
            let (idx, within) = split(pos);
            let n = (CHUNK - within).min((end - pos) as usize);
            let have = self.map.get(&idx).map_or(0, Vec::len);
            grow += (within + n).saturating_sub(have) as u64;
            pos += n as u64;
        }
        grow
    }

    /// Writes `data` at `offset`, growing the file as needed. `ENOSPC` when memory for
    /// a chunk cannot be had (nothing is written then... except chunks already done,
    /// which a caller that checked [`Chunks::growth`] against its quota never sees).
    pub fn write(&mut self, offset: u64, data: &[u8]) -> Result<(), Errno> {
        let mut pos = offset;
        let mut rest = data;
        while !rest.is_empty() {
            let (idx, within) = split(pos);
            let n = (CHUNK - within).min(rest.len());
            let chunk = self.map.entry(idx).or_default();
            if chunk.len() < within + n {
                let more = within + n - chunk.len();
                chunk.try_reserve(more).map_err(|_| Errno::ENOSPC)?;
                chunk.resize(within + n, 0);
                self.stored += more as u64;
            }
            chunk[within..within + n].copy_from_slice(&rest[..n]);
            rest = &rest[n..];
            pos += n as u64;
            self.size = self.size.max(pos);
        }
        Ok(())
    }

    /// Sets the size: shrinking frees the chunks past it, growing makes a hole.
    pub fn set_size(&mut self, size: u64) {
        if size < self.size {
            let (idx, within) = split(size);
            let first_gone = if within == 0 { idx } else { idx + 1 };
            let gone = self.map.split_off(&first_gone);
            self.stored -= gone.values().map(|c| c.len() as u64).sum::<u64>();
            if within > 0 {
                if let Some(chunk) = self.map.get_mut(&idx) {
                    if chunk.len() > within {
                        self.stored -= (chunk.len() - within) as u64;
                        chunk.truncate(within);
                        chunk.shrink_to_fit();
                    }
                }
            }
        }
        self.size = size;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holes_read_as_zeros_and_hold_nothing() {
        let mut c = Chunks::default();
        c.write(10 * CHUNK as u64 + 5, b"abc").unwrap();
        assert_eq!(c.size(), 10 * CHUNK as u64 + 8);
        assert_eq!(c.stored(), 8, "only the written chunk, up to its last byte");
        assert_eq!(c.read(0, 4), vec![0; 4]);
        assert_eq!(c.read(10 * CHUNK as u64 + 3, 10), b"\0\0abc");
        c.set_size(1 << 40);
        assert_eq!(c.stored(), 8);
        assert_eq!(c.read((1 << 40) - 2, 10), vec![0; 2]);
    }

    #[test]
    fn writes_across_chunk_edges_and_truncation() {
        let mut c = Chunks::default();
        let data: Vec<u8> = (0..3 * CHUNK + 7).map(|i| i as u8).collect();
        c.write(0, &data).unwrap();
        assert_eq!(c.read(0, data.len() + 10), data);
        assert_eq!(c.growth(CHUNK as u64 - 1, 2), 0);
        c.write(CHUNK as u64 - 1, b"XY").unwrap();
        assert_eq!(
            &c.read(CHUNK as u64 - 2, 4)[..],
            &[data[CHUNK - 2], b'X', b'Y', data[CHUNK + 1]]
        );
        c.set_size(CHUNK as u64 + 1);
        assert_eq!(c.stored(), CHUNK as u64 + 1);
        c.set_size(2 * CHUNK as u64);
        assert_eq!(c.read(CHUNK as u64, 3), vec![b'Y', 0, 0], "a regrown tail is zeros");
        c.set_size(0);
        assert_eq!(c.stored(), 0);
        assert!(c.read(0, 10).is_empty());
    }
}
