//! The atomics and spin hint the rings use, gathered in one place.
//!
//! Everything that orders memory between the two processes is named here, so a model
//! checker (`loom`) can be swapped in for a test build later. loom's atomics cannot live
//! in an mmap'd file, so such a build would run the same ring logic over a heap buffer;
//! that is why nothing else in `ring/` names `std::sync::atomic` directly.

pub(super) use std::hint::spin_loop;
pub(super) use std::sync::atomic::{fence, AtomicBool, AtomicU32, AtomicU64, Ordering};
