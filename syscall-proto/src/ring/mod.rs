//! Shared-memory transport: a submission ring (runtime → kernel) and a completion ring
//! (kernel → runtime) in one sealed memfd, with eventfd doorbells.
//!
//! API contract (implementation in progress):
//! - [`create`] (kernel side) makes the memfd + doorbells and returns the kernel's
//!   [`Endpoint`] plus the [`ChildFds`] to hand to the runtime at [`CHILD_FDS`].
//! - [`Endpoint::attach`] (runtime side) maps them.
//! - [`Endpoint::send`] / [`Endpoint::recv`] move whole messages of any size up to
//!   `max_message`, fragmenting through the ring.

use std::os::fd::OwnedFd;
use std::time::Duration;

/// Descriptor numbers at which a runtime finds, in order: the ring memfd, the kernel's
/// doorbell (runtime rings it), the runtime's doorbell (kernel rings it).
pub const CHILD_FDS: [i32; 3] = [3, 4, 5];

/// Sizes and timing of a ring pair, chosen by the kernel.
#[derive(Debug, Clone)]
pub struct RingConfig {
    /// Bytes of each ring's data area; a power of two, at least 4 KiB.
    pub capacity: usize,
    /// Largest whole message either side may send (bigger ones fail with `TooLarge`).
    pub max_message: usize,
    /// How long a waiter spins before parking on its doorbell.
    pub spin: Duration,
}

impl Default for RingConfig {
    fn default() -> Self {
        RingConfig { capacity: 1 << 20, max_message: 128 << 20, spin: Duration::from_micros(50) }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum TransportError {
    #[error("the peer is gone")]
    PeerGone,
    #[error("protocol violation by the peer: {0}")]
    Violation(String),
    #[error("message of {len} bytes exceeds the limit of {max}")]
    TooLarge { len: usize, max: usize },
    #[error("os error: {0}")]
    Os(#[from] std::io::Error),
}

/// The descriptors a runtime needs to attach.
#[derive(Debug)]
pub struct ChildFds {
    pub memfd: OwnedFd,
    pub kernel_bell: OwnedFd,
    pub runtime_bell: OwnedFd,
}

impl ChildFds {
    /// Takes ownership of the descriptors at [`CHILD_FDS`].
    ///
    /// # Errors
    /// When any of them is not open.
    pub fn inherited() -> Result<ChildFds, TransportError> {
        todo!()
    }
}

/// One side of a ring pair.
pub struct Endpoint {}

/// Creates a ring pair; returns the kernel's endpoint and the runtime's descriptors.
///
/// # Errors
/// When the memfd, mapping or eventfds cannot be created.
pub fn create(_config: &RingConfig) -> Result<(Endpoint, ChildFds), TransportError> {
    todo!()
}

impl Endpoint {
    /// Runtime side: map the rings handed over by the kernel.
    ///
    /// # Errors
    /// When the memory is not a valid ring pair.
    pub fn attach(_fds: ChildFds) -> Result<Endpoint, TransportError> {
        todo!()
    }

    /// Kernel side: also wake up (with `PeerGone`) when `fd` (a pidfd) becomes readable.
    pub fn watch_peer(&mut self, _fd: OwnedFd) {
        todo!()
    }

    /// Sends one whole message, blocking while the ring is full.
    ///
    /// # Errors
    /// `TooLarge`, `PeerGone`, or `Violation` when the peer corrupted the indices.
    pub fn send(&mut self, _msg: &[u8]) -> Result<(), TransportError> {
        todo!()
    }

    /// Receives one whole message, blocking until it has fully arrived.
    ///
    /// # Errors
    /// `PeerGone`, or `Violation` for malformed frames or indices.
    pub fn recv(&mut self) -> Result<Vec<u8>, TransportError> {
        todo!()
    }

    /// Receives one whole message if one has started arriving; `None` if the ring is
    /// empty.
    ///
    /// # Errors
    /// As [`Endpoint::recv`].
    pub fn try_recv(&mut self) -> Result<Option<Vec<u8>>, TransportError> {
        todo!()
    }
}
