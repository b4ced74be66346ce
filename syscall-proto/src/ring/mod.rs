//! Shared-memory transport: a submission ring (runtime → kernel) and a completion ring
//! (kernel → runtime) in one sealed memfd, with eventfd doorbells.
//!
//! - [`create`] (kernel side) makes the memfd and doorbells and returns the kernel's
//!   [`Endpoint`] plus the [`ChildFds`] to hand to the runtime at [`CHILD_FDS`].
//! - [`Endpoint::attach`] (runtime side) maps them.
//! - [`Endpoint::send`] / [`Endpoint::recv`] move whole messages of any size up to
//!   `max_message`, fragmenting through the ring.
//!
//! Files: [`layout`] says where everything sits in the memfd, `frame.rs` holds the
//! frame format and every check on a position or length (pure arithmetic), `sys.rs` every
//! OS call and `unsafe` block, `sync.rs` the atomics. This file is the protocol.
//!
//! # Trust
//!
//! The kernel treats the runtime as hostile. Everything the runtime can write is read
//! once, into a private copy, and validated before use: the producer's tail, the
//! consumer's head, each frame header, each payload. The kernel keeps its own copies of
//! the capacities, its own positions and `max_message`, and never reads them back from
//! shared memory. A lie is a [`TransportError::Violation`]; no input makes this module
//! panic, allocate more than `max_message` for a message, or loop without the peer's
//! help. The memfd is sealed against shrinking and growing before the runtime gets it, so
//! the kernel's mapping cannot fault.
//!
//! # Waking
//!
//! A side that must wait (no data to receive, no space to send) spins on the ring for
//! up to [`RingConfig::spin`] (less while spinning keeps failing: `spin.rs`), then sets
//! its parked flag for that ring, re-checks, and sleeps in `poll` on its own doorbell
//! (plus the pidfd given to [`Endpoint::watch_peer`]). A side
//! that publishes data or frees space issues a SeqCst fence and rings the peer's
//! doorbell only if the peer's parked flag is set: with both sides fenced, either the
//! sleeper sees the progress on its re-check or the other side sees the flag. On the hot
//! path, with the peer spinning, no system call is made at all.
//!
//! # Examples
//!
//! Both ends in one process; normally [`ChildFds`] go to a runtime process.
//!
//! ```
//! use syscall_proto::ring::{self, Endpoint, RingConfig};
//!
//! let (mut kernel, child_fds) = ring::create(&RingConfig::default())?;
//! let mut runtime = Endpoint::attach(child_fds)?;
//! runtime.send(b"ping")?;
//! assert_eq!(kernel.recv()?, b"ping");
//! kernel.send(b"pong")?;
//! assert_eq!(runtime.try_recv()?.as_deref(), Some(&b"pong"[..]));
//! assert_eq!(runtime.try_recv()?, None);
//! # Ok::<(), ring::TransportError>(())
//! ```

mod frame;
#[doc(hidden)]
pub mod layout;
mod spin;
mod sync;
mod sys;
#[cfg(test)]
mod tests;

use std::os::fd::{AsFd, OwnedFd};
use std::time::{Duration, Instant};

use frame::{FrameHeader, Limits, FLAG_MORE, FRAME_HEADER};
use layout::Layout;
use spin::SpinPolicy;
use sync::{fence, AtomicBool, Ordering};

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

/// Why a transport operation failed.
#[derive(Debug, thiserror::Error)]
pub enum TransportError {
    /// The other process exited (its pidfd is readable) or its doorbell broke.
    #[error("the peer is gone")]
    PeerGone,
    /// The peer wrote something no correct peer writes; for the kernel this ends the
    /// runtime.
    #[error("protocol violation by the peer: {0}")]
    Violation(String),
    /// A wait passed the endpoint's deadline ([`Endpoint::set_deadline`]).
    #[error("the peer did not answer in time")]
    TimedOut,
    /// The message is larger than the ring pair's `max_message`.
    #[error("message of {len} bytes exceeds the limit of {max}")]
    TooLarge { len: usize, max: usize },
    /// A system call failed (or, from [`create`], the configuration is out of range).
    #[error("os error: {0}")]
    Os(#[from] std::io::Error),
}

/// The descriptors a runtime needs to attach.
#[derive(Debug)]
pub struct ChildFds {
    /// The sealed memfd holding both rings.
    pub memfd: OwnedFd,
    /// The eventfd the kernel sleeps on; the runtime writes it.
    pub kernel_bell: OwnedFd,
    /// The eventfd the runtime sleeps on; the kernel writes it.
    pub runtime_bell: OwnedFd,
}

/// Set once [`ChildFds::inherited`] has taken the descriptors, so a second call cannot
/// create a second owner of the same numbers.
static INHERITED_TAKEN: AtomicBool = AtomicBool::new(false);

impl ChildFds {
    /// Takes ownership of the descriptors at [`CHILD_FDS`].
    ///
    /// # Errors
    /// When any of them is not open, or they were already taken by an earlier call.
    ///
    /// # Examples
    ///
    /// In a runtime process started by the kernel:
    ///
    /// ```no_run
    /// use syscall_proto::ring::{ChildFds, Endpoint};
    /// let endpoint = Endpoint::attach(ChildFds::inherited()?)?;
    /// # Ok::<(), syscall_proto::ring::TransportError>(())
    /// ```
    pub fn inherited() -> Result<ChildFds, TransportError> {
        let names = ["ring memfd", "kernel doorbell", "runtime doorbell"];
        let describe = |raw: i32, name: &str, e: std::io::Error| {
            std::io::Error::new(e.kind(), format!("descriptor {raw} ({name}): {e}"))
        };
        // Check all three before owning any, so a missing one closes nothing.
        for (raw, name) in CHILD_FDS.into_iter().zip(names) {
            sys::check_open(raw).map_err(|e| describe(raw, name, e))?;
        }
        if INHERITED_TAKEN.swap(true, Ordering::SeqCst) {
            return Err(
                std::io::Error::other("the inherited ring descriptors were already taken").into()
            );
        }
        let take = |i: usize| {
            sys::take_inherited(CHILD_FDS[i]).map_err(|e| describe(CHILD_FDS[i], names[i], e))
        };
        Ok(ChildFds { memfd: take(0)?, kernel_bell: take(1)?, runtime_bell: take(2)? })
    }
}

/// Opens a pidfd for `pid`, to pass to [`Endpoint::watch_peer`].
///
/// # Errors
/// When the process does not exist or pidfds are unsupported (Linux < 5.3).
///
/// # Examples
///
/// ```
/// let me = syscall_proto::ring::pidfd_open(std::process::id() as i32)?;
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn pidfd_open(pid: i32) -> std::io::Result<OwnedFd> {
    sys::pidfd_open(pid)
}

/// One ring as seen by one side: where it is, and the limits it runs under (private
/// copies, never re-read from shared memory).
#[derive(Debug, Clone, Copy)]
struct Ring {
    ctrl: usize,
    data: usize,
    limits: Limits,
}

impl Ring {
    fn tail(&self) -> usize {
        self.ctrl + layout::CTRL_TAIL
    }
    fn head(&self) -> usize {
        self.ctrl + layout::CTRL_HEAD
    }
    fn producer_parked(&self) -> usize {
        self.ctrl + layout::CTRL_PRODUCER_PARKED
    }
    fn consumer_parked(&self) -> usize {
        self.ctrl + layout::CTRL_CONSUMER_PARKED
    }
}

/// What a waiter is waiting for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Need {
    /// Something to receive on `rx`.
    Data,
    /// Room to send on `tx`.
    Space,
}

/// Spins between clock reads: reading the clock (vDSO, no system call) is far slower
/// than checking the ring.
const SPIN_BATCH: u32 = 64;

/// One side of a ring pair: the kernel's (from [`create`]) or a runtime's (from
/// [`Endpoint::attach`]). It sends on one ring and receives on the other; it is meant
/// for one thread at a time (`&mut self`), and may move between threads.
pub struct Endpoint {
    map: sys::SharedMap,
    /// The ring this side produces into, and its private tail / last seen head.
    tx: Ring,
    tx_tail: u64,
    tx_head_seen: u64,
    /// The ring this side consumes from, and its private head.
    rx: Ring,
    rx_head: u64,
    /// This side sleeps on `bell`; it rings `peer_bell`.
    bell: OwnedFd,
    peer_bell: OwnedFd,
    watched: Option<OwnedFd>,
    /// Waits past this instant fail with `TimedOut` (see [`Endpoint::set_deadline`]).
    deadline: Option<Instant>,
    max_message: usize,
    spin: SpinPolicy,
    /// Fragments of a message that has not fully arrived.
    partial: Vec<u8>,
    /// Set by the first violation: a peer caught lying once is not believed again, and
    /// a half-consumed frame must not be read as a fresh one.
    poisoned: Option<String>,
}

// The kernel hands endpoints to worker threads.
const _: fn() = || {
    fn assert_send<T: Send>() {}
    assert_send::<Endpoint>();
};

impl std::fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Endpoint")
            .field("tx_tail", &self.tx_tail)
            .field("rx_head", &self.rx_head)
            .field("partial", &self.partial.len())
            .field("poisoned", &self.poisoned)
            .finish_non_exhaustive()
    }
}

/// Creates a ring pair; returns the kernel's endpoint and the runtime's descriptors.
///
/// # Errors
/// When the configuration is out of range (`Os` with `InvalidInput`), or the memfd,
/// mapping or eventfds cannot be created.
///
/// # Examples
///
/// ```
/// use syscall_proto::ring::{self, RingConfig};
/// let config = RingConfig { capacity: 256 << 10, ..RingConfig::default() };
/// let (kernel_end, child_fds) = ring::create(&config)?;
/// // spawn the runtime with child_fds at ring::CHILD_FDS ...
/// # Ok::<(), ring::TransportError>(())
/// ```
pub fn create(config: &RingConfig) -> Result<(Endpoint, ChildFds), TransportError> {
    let spin_ns = u64::try_from(config.spin.as_nanos()).unwrap_or(u64::MAX);
    let cap = config.capacity as u64;
    let lay = Layout::new(cap, cap, config.max_message as u64, spin_ns)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;

    let memfd = sys::sealed_memfd(lay.total_len())?;
    let map = sys::SharedMap::map(memfd.as_fd(), lay.total_len())?;
    // The memfd starts zeroed: positions and parked flags are already 0.
    for (off, v) in [
        (layout::OFF_VERSION, layout::VERSION),
        (layout::OFF_SUB_CAP, lay.sub_cap as u64),
        (layout::OFF_COMP_CAP, lay.comp_cap as u64),
        (layout::OFF_MAX_MESSAGE, lay.max_message as u64),
        (layout::OFF_SPIN_NS, lay.spin_ns),
    ] {
        map.u64_at(off).store(v, Ordering::Relaxed);
    }
    // Magic last: a header with the magic is complete.
    map.u64_at(layout::OFF_MAGIC).store(layout::MAGIC, Ordering::Release);

    let kernel_bell = sys::eventfd()?;
    let runtime_bell = sys::eventfd()?;
    let child = ChildFds {
        memfd,
        kernel_bell: kernel_bell.try_clone()?,
        runtime_bell: runtime_bell.try_clone()?,
    };
    let endpoint = Endpoint::new(map, lay, Side::Kernel, kernel_bell, runtime_bell);
    Ok((endpoint, child))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Kernel,
    Runtime,
}

impl Endpoint {
    fn new(
        map: sys::SharedMap,
        lay: Layout,
        side: Side,
        bell: OwnedFd,
        peer_bell: OwnedFd,
    ) -> Endpoint {
        let sub = Ring {
            ctrl: layout::SUB_CTRL,
            data: lay.sub_data(),
            limits: Limits::new(lay.sub_cap, lay.max_message),
        };
        let comp = Ring {
            ctrl: layout::COMP_CTRL,
            data: lay.comp_data(),
            limits: Limits::new(lay.comp_cap, lay.max_message),
        };
        let (tx, rx) = match side {
            Side::Kernel => (comp, sub),
            Side::Runtime => (sub, comp),
        };
        Endpoint {
            map,
            tx,
            tx_tail: 0,
            tx_head_seen: 0,
            rx,
            rx_head: 0,
            bell,
            peer_bell,
            watched: None,
            deadline: None,
            max_message: lay.max_message,
            spin: SpinPolicy::new(Duration::from_nanos(lay.spin_ns)),
            partial: Vec::new(),
            poisoned: None,
        }
    }

    /// Runtime side: map the rings handed over by the kernel.
    ///
    /// # Errors
    /// `Violation` when the memory is not a valid ring pair (wrong magic, version, sizes),
    /// `Os` when it cannot be mapped.
    ///
    /// # Examples
    ///
    /// ```
    /// use syscall_proto::ring::{self, Endpoint, RingConfig};
    /// let (_kernel, child_fds) = ring::create(&RingConfig::default())?;
    /// let runtime = Endpoint::attach(child_fds)?;
    /// # Ok::<(), ring::TransportError>(())
    /// ```
    pub fn attach(fds: ChildFds) -> Result<Endpoint, TransportError> {
        let size = sys::file_size(fds.memfd.as_fd())?;
        let max = (layout::HEADER_SIZE + 2 * layout::MAX_CAPACITY) as u64;
        if !(layout::HEADER_SIZE as u64..=max).contains(&size) {
            return Err(TransportError::Violation(format!(
                "ring memory of {size} bytes cannot hold a ring pair"
            )));
        }
        // In range just above, so it fits a usize.
        let map = sys::SharedMap::map(fds.memfd.as_fd(), size as usize)?;
        let word = |off| map.u64_at(off).load(Ordering::Acquire);
        if word(layout::OFF_MAGIC) != layout::MAGIC {
            return Err(TransportError::Violation("ring memory has no ring magic".into()));
        }
        if word(layout::OFF_VERSION) != layout::VERSION {
            return Err(TransportError::Violation(format!(
                "ring layout version {} is not {}",
                word(layout::OFF_VERSION),
                layout::VERSION
            )));
        }
        let lay = Layout::new(
            word(layout::OFF_SUB_CAP),
            word(layout::OFF_COMP_CAP),
            word(layout::OFF_MAX_MESSAGE),
            word(layout::OFF_SPIN_NS),
        )
        .map_err(TransportError::Violation)?;
        if lay.total_len() != map.len() {
            return Err(TransportError::Violation(format!(
                "ring memory is {} bytes but its header describes {}",
                map.len(),
                lay.total_len()
            )));
        }
        // The runtime attaches before anything is sent, so its positions start at 0 like
        // the kernel's.
        Ok(Endpoint::new(map, lay, Side::Runtime, fds.runtime_bell, fds.kernel_bell))
    }

    /// Kernel side: also wake up (with `PeerGone`) when `fd` (a pidfd) becomes readable.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # use syscall_proto::ring::{self, RingConfig};
    /// # let (mut kernel_end, child_fds) = ring::create(&RingConfig::default())?;
    /// # let runtime_pid = 1234;
    /// kernel_end.watch_peer(ring::pidfd_open(runtime_pid)?);
    /// # Ok::<(), ring::TransportError>(())
    /// ```
    pub fn watch_peer(&mut self, fd: OwnedFd) {
        self.watched = Some(fd);
    }

    /// Kernel side: a blocking [`send`](Endpoint::send) or [`recv`](Endpoint::recv)
    /// that would still be waiting at `deadline` fails with
    /// [`TransportError::TimedOut`] instead (the kernel bounds how long a runtime may
    /// take to greet it). `None` waits without end.
    pub fn set_deadline(&mut self, deadline: Option<Instant>) {
        self.deadline = deadline;
    }

    /// Sends one whole message, blocking while the ring is full.
    ///
    /// # Errors
    /// `TooLarge`, `PeerGone`, or `Violation` when the peer corrupted the indices.
    ///
    /// # Examples
    ///
    /// See the [module documentation](self).
    pub fn send(&mut self, msg: &[u8]) -> Result<(), TransportError> {
        self.check_poisoned()?;
        if msg.len() > self.max_message {
            return Err(TransportError::TooLarge { len: msg.len(), max: self.max_message });
        }
        let mut rest = msg;
        loop {
            let free = self.tx_free()?;
            match frame::next_fragment(rest.len(), free, &self.tx.limits) {
                Some(n) => {
                    let (chunk, after) = rest.split_at(n);
                    let flags = if after.is_empty() { 0 } else { FLAG_MORE };
                    self.publish(chunk, flags)?;
                    if after.is_empty() {
                        return Ok(());
                    }
                    rest = after;
                }
                None => self.wait(Need::Space)?,
            }
        }
    }

    /// Receives one whole message, blocking until it has fully arrived.
    ///
    /// # Errors
    /// `PeerGone`, or `Violation` for malformed frames or indices.
    ///
    /// # Examples
    ///
    /// See the [module documentation](self).
    pub fn recv(&mut self) -> Result<Vec<u8>, TransportError> {
        loop {
            if let Some(msg) = self.try_recv()? {
                return Ok(msg);
            }
            self.wait(Need::Data)?;
        }
    }

    /// Receives one whole message if it has fully arrived; `None` otherwise. Never
    /// blocks: the fragments of a message still streaming in are consumed (freeing ring
    /// space for the rest) and kept until its last fragment arrives, so a peer that
    /// stops half-way cannot stall the caller.
    ///
    /// # Errors
    /// As [`Endpoint::recv`].
    ///
    /// # Examples
    ///
    /// See the [module documentation](self).
    pub fn try_recv(&mut self) -> Result<Option<Vec<u8>>, TransportError> {
        self.check_poisoned()?;
        let rx = self.rx;
        loop {
            let tail = self.map.u64_at(rx.tail()).load(Ordering::Acquire);
            let readable = frame::readable(tail, self.rx_head, rx.limits.capacity)
                .map_err(|e| self.poison(e))?;
            if readable == 0 {
                return Ok(None);
            }
            // `readable` is a non-zero multiple of 8 and frames start 8-aligned, so the
            // header word is published and does not straddle the end of the area.
            let word =
                self.map.u64_at(rx.data + rx.limits.offset(self.rx_head)).load(Ordering::Relaxed);
            let header = FrameHeader::from_word(word);
            let len = frame::check_frame(header, readable, self.partial.len(), &rx.limits)
                .map_err(|e| self.poison(e))?;
            self.reserve_partial(len);
            for (off, n) in rx.limits.pieces(self.rx_head.wrapping_add(FRAME_HEADER as u64), len) {
                self.map.append_to(rx.data + off, n, &mut self.partial);
            }
            self.rx_head = self.rx_head.wrapping_add(frame::frame_size(len) as u64);
            self.map.u64_at(rx.head()).store(self.rx_head, Ordering::Release);
            self.notify(rx.producer_parked())?;
            if !header.more() {
                return Ok(Some(std::mem::take(&mut self.partial)));
            }
        }
    }

    fn poison(&mut self, reason: String) -> TransportError {
        self.partial = Vec::new();
        self.poisoned = Some(reason.clone());
        TransportError::Violation(reason)
    }

    fn check_poisoned(&self) -> Result<(), TransportError> {
        match &self.poisoned {
            Some(reason) => Err(TransportError::Violation(format!("earlier: {reason}"))),
            None => Ok(()),
        }
    }

    /// Grows `partial` for `len` more bytes, doubling for amortised cost but never past
    /// `max_message` (`check_frame` has bounded `partial.len() + len` by it).
    fn reserve_partial(&mut self, len: usize) {
        let needed = self.partial.len() + len;
        if needed > self.partial.capacity() {
            let target = needed.max(self.partial.capacity() * 2).min(self.max_message);
            self.partial.reserve_exact(target.max(needed) - self.partial.len());
        }
    }

    /// Free bytes in `tx`, after checking the consumer's head.
    fn tx_free(&mut self) -> Result<usize, TransportError> {
        let head = self.map.u64_at(self.tx.head()).load(Ordering::Acquire);
        let free = frame::writable(head, self.tx_head_seen, self.tx_tail, self.tx.limits.capacity)
            .map_err(|e| self.poison(e))?;
        self.tx_head_seen = head;
        Ok(free)
    }

    /// Writes one frame at the tail (the caller checked it fits) and publishes it.
    fn publish(&mut self, payload: &[u8], flags: u32) -> Result<(), TransportError> {
        let tx = self.tx;
        // Fits in u32: payloads are bounded by max_fragment, at most half of 1 GiB.
        let header = FrameHeader { len: payload.len() as u32, flags };
        self.map
            .u64_at(tx.data + tx.limits.offset(self.tx_tail))
            .store(header.to_word(), Ordering::Relaxed);
        let [(o1, n1), (o2, n2)] =
            tx.limits.pieces(self.tx_tail.wrapping_add(FRAME_HEADER as u64), payload.len());
        self.map.write(tx.data + o1, &payload[..n1]);
        self.map.write(tx.data + o2, &payload[n1..n1 + n2]);
        self.tx_tail = self.tx_tail.wrapping_add(frame::frame_size(payload.len()) as u64);
        // Release: the header and payload written above are visible before the tail.
        self.map.u64_at(tx.tail()).store(self.tx_tail, Ordering::Release);
        self.notify(tx.consumer_parked())
    }

    /// Rings the peer's doorbell if the peer said, through the flag at `parked`, that it
    /// is going to sleep.
    fn notify(&self, parked: usize) -> Result<(), TransportError> {
        // Pairs with the fence in `wait`: either the peer's re-check sees what we just
        // published, or we see its flag here.
        fence(Ordering::SeqCst);
        if self.map.u32_at(parked).load(Ordering::Relaxed) != 0 {
            sys::ring(self.peer_bell.as_fd())?;
        }
        Ok(())
    }

    /// Whether the ring moved since we last looked. A lying peer makes this true, and
    /// the caller's validation turns the lie into a `Violation`.
    fn ready(&self, need: Need) -> bool {
        match need {
            Need::Data => self.map.u64_at(self.rx.tail()).load(Ordering::Acquire) != self.rx_head,
            Need::Space => {
                self.map.u64_at(self.tx.head()).load(Ordering::Acquire) != self.tx_head_seen
            }
        }
    }

    /// Spins, then parks, until [`Endpoint::ready`].
    fn wait(&mut self, need: Need) -> Result<(), TransportError> {
        let budget = self.spin.budget();
        if budget.is_zero() {
            if self.ready(need) {
                return Ok(());
            }
        } else {
            let caught = self.spin_until(need, budget);
            self.spin.record(caught);
            if caught.is_some() {
                return Ok(());
            }
        }
        self.park(need)
    }

    /// Checks the ring until it is ready (returning how long that took) or `budget`
    /// has passed.
    fn spin_until(&self, need: Need, budget: Duration) -> Option<Duration> {
        let start = Instant::now();
        loop {
            for _ in 0..SPIN_BATCH {
                if self.ready(need) {
                    return Some(start.elapsed());
                }
                sync::spin_loop();
            }
            if start.elapsed() >= budget {
                return None;
            }
        }
    }

    /// Sleeps on the doorbell until [`Endpoint::ready`], with the parked-flag handshake.
    fn park(&mut self, need: Need) -> Result<(), TransportError> {
        let flag = match need {
            Need::Data => self.rx.consumer_parked(),
            Need::Space => self.tx.producer_parked(),
        };
        loop {
            self.map.u32_at(flag).store(1, Ordering::SeqCst);
            // Pairs with the fence in `notify`.
            fence(Ordering::SeqCst);
            if self.ready(need) {
                self.map.u32_at(flag).store(0, Ordering::Relaxed);
                return Ok(());
            }
            let timeout = match self.deadline {
                None => None,
                Some(d) => match d.checked_duration_since(Instant::now()) {
                    Some(left) if !left.is_zero() => Some(left),
                    _ => {
                        self.map.u32_at(flag).store(0, Ordering::Relaxed);
                        return Err(TransportError::TimedOut);
                    }
                },
            };
            let woken =
                sys::sleep(self.bell.as_fd(), self.watched.as_ref().map(AsFd::as_fd), timeout);
            self.map.u32_at(flag).store(0, Ordering::Relaxed);
            // What the peer published before it went away is still delivered.
            if self.ready(need) {
                return Ok(());
            }
            match woken? {
                sys::Woken::PeerGone => return Err(TransportError::PeerGone),
                sys::Woken::TimedOut => return Err(TransportError::TimedOut),
                sys::Woken::Bell => {}
            }
        }
    }

    /// Test and fuzzing hook: overwrite shared memory at `offset` as a hostile peer
    /// would (clamped to the mapping). Offsets are in [`layout`].
    #[doc(hidden)]
    pub fn poke_shared_for_testing(&self, offset: usize, bytes: &[u8]) {
        let len = self.map.len();
        let offset = offset.min(len);
        let n = bytes.len().min(len - offset);
        self.map.write(offset, &bytes[..n]);
    }

    /// Test and fuzzing hook: read shared memory at `offset` (clamped to the mapping).
    #[doc(hidden)]
    pub fn peek_shared_for_testing(&self, offset: usize, out: &mut [u8]) {
        let len = self.map.len();
        let offset = offset.min(len);
        let n = out.len().min(len - offset);
        self.map.read(offset, &mut out[..n]);
    }

    /// Test and fuzzing hook: bytes of the shared mapping.
    #[doc(hidden)]
    pub fn shared_len_for_testing(&self) -> usize {
        self.map.len()
    }
}
