//! The wasmtime engine and the limits the runtime enforces itself.
//!
//! The engine is built from trusted configuration before lock-down; modules (untrusted
//! input) are compiled with it only after. Three settings follow from running under the
//! `Wasm` seccomp profile:
//! - compilation is single-threaded: the workspace builds wasmtime without its
//!   `parallel-compilation` feature, so Cranelift never spawns a thread (the profile
//!   forbids `clone`);
//! - a module's initial memory is mapped copy-on-write from its artifact file (the
//!   kernel's cache entry) when it was precompiled, so instantiation neither copies the
//!   data segments nor touches pages the program never reads; a module compiled in the
//!   process copies them instead ([`Images::Copied`]), because wasmtime would put them
//!   in a `memfd` and the profile forbids `memfd_create`;
//! - epoch interruption is on: it is how `limits.cpu_ms` stops a running program
//!   (`cputime.rs`).
//!
//! The same [`config`] builds the engine that precompiles a module (`precompile.rs`)
//! and the one that loads the artifact: wasmtime refuses an artifact whose engine
//! settings differ, and [`fingerprint`] names those settings in the kernel's cache key.

use std::hash::{Hash, Hasher};

use sha2::{Digest, Sha256};
use wasmtime::{Config, Engine, OptLevel, ResourceLimiter};

/// Where an instance's initial memory comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Images {
    /// Mapped copy-on-write from the artifact file (`Module::deserialize_open_file`).
    /// The configuration that precompiles, that loads artifacts, and that names the
    /// cache key: wasmtime refuses an artifact made with another setting.
    FromArtifact,
    /// Copied in at instantiation: for a module compiled in this process, whose code
    /// and data live in anonymous memory.
    Copied,
}

/// The configuration of this runtime's engines; they differ only in [`Images`].
pub fn config(images: Images) -> Config {
    let mut config = Config::new();
    config
        .cranelift_opt_level(OptLevel::Speed)
        .memory_init_cow(images == Images::FromArtifact)
        .epoch_interruption(true)
        // One wasm stack frame per line of a trap message would be noise: the message
        // is one line, and nobody here can symbolise the frames.
        .wasm_backtrace_max_frames(None);
    config
}

/// Builds an engine.
///
/// # Errors
/// When wasmtime rejects the configuration (a bug) or the host lacks what it needs.
pub fn build(images: Images) -> wasmtime::Result<Engine> {
    Engine::new(&config(images))
}

/// What an artifact precompiled by `engine` is compatible with, as 64 hex digits:
/// SHA-256 over wasmtime's `precompile_compatibility_hash` (its version, the target,
/// the Cranelift and ISA flags, the tunables and the wasm features). The kernel keys
/// its module cache by it together with the module's own SHA-256.
pub fn fingerprint(engine: &Engine) -> String {
    /// Feeds everything `Hash` writes into SHA-256, so that the key does not depend on
    /// std's unspecified `DefaultHasher`.
    struct Sha(Sha256);
    impl Hasher for Sha {
        fn finish(&self) -> u64 {
            0
        }
        fn write(&mut self, bytes: &[u8]) {
            self.0.update(bytes);
        }
    }
    let mut sha = Sha(Sha256::new());
    engine.precompile_compatibility_hash().hash(&mut sha);
    sha.0.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Largest table a module may grow to, in elements (each costs the runtime one or two
/// pointers of host memory, outside the linear-memory budget). Big C programs use
/// around a hundred thousand; a million leaves room without letting a module spend
/// gigabytes of host memory on tables.
pub const MAX_TABLE_ELEMENTS: usize = 1 << 20;

/// The store's [`ResourceLimiter`]: total linear memory stays within the policy's
/// `memory_bytes` (from `StartInfo.limits`). Growth past it fails the way wasm says
/// growth may fail: `memory.grow` returns -1, and the program's allocator reports
/// out-of-memory. An initial memory above the limit makes instantiation fail.
///
/// CPU time (`limits.cpu_ms`) is enforced by `cputime.rs`, with epoch interruption.
#[derive(Debug)]
pub struct Limiter {
    /// `None`: only wasm's own 4 GiB bound.
    max_bytes: Option<u64>,
    /// Bytes of linear memory granted so far, over all memories of the store.
    used: u64,
    /// The last grant, taken back if wasmtime then fails to grow.
    last_grant: u64,
    /// A growth was refused for the limit: reported to the kernel (which audits
    /// `limits.memory_mb`) when the program ends.
    pub refused: bool,
}

impl Limiter {
    pub fn new(max_bytes: Option<u64>) -> Limiter {
        Limiter { max_bytes, used: 0, last_grant: 0, refused: false }
    }
}

impl ResourceLimiter for Limiter {
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        let grant = (desired as u64).saturating_sub(current as u64);
        let used = self.used.saturating_add(grant);
        if let Some(max) = self.max_bytes {
            if used > max {
                self.refused = true;
                return Ok(false);
            }
        }
        self.used = used;
        self.last_grant = grant;
        Ok(true)
    }

    fn memory_grow_failed(&mut self, _error: wasmtime::Error) -> wasmtime::Result<()> {
        self.used = self.used.saturating_sub(self.last_grant);
        self.last_grant = 0;
        Ok(())
    }

    fn table_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        Ok(desired <= MAX_TABLE_ELEMENTS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: usize = 64 << 10;

    #[test]
    fn memory_stays_within_the_limit() {
        let mut l = Limiter::new(Some(4 * PAGE as u64));
        assert!(l.memory_growing(0, 2 * PAGE, None).unwrap());
        assert!(l.memory_growing(2 * PAGE, 4 * PAGE, None).unwrap());
        assert!(!l.memory_growing(4 * PAGE, 5 * PAGE, None).unwrap());
        assert!(l.refused);
        // A second memory shares the budget.
        assert!(!l.memory_growing(0, PAGE, None).unwrap());
        assert!(l.memory_growing(0, 0, None).unwrap());
    }

    #[test]
    fn a_failed_growth_is_given_back() {
        let mut l = Limiter::new(Some(2 * PAGE as u64));
        assert!(l.memory_growing(0, 2 * PAGE, Some(PAGE)).unwrap());
        l.memory_grow_failed(wasmtime::Error::msg("over the maximum")).unwrap();
        assert!(l.memory_growing(0, 2 * PAGE, None).unwrap());
    }

    #[test]
    fn no_limit_means_wasm_bounds_only() {
        let mut l = Limiter::new(None);
        assert!(l.memory_growing(0, 1 << 32, None).unwrap());
        assert!(l.table_growing(0, MAX_TABLE_ELEMENTS, None).unwrap());
        assert!(!l.table_growing(0, MAX_TABLE_ELEMENTS + 1, None).unwrap());
    }

    #[test]
    fn the_engines_build() {
        build(Images::FromArtifact).unwrap();
        build(Images::Copied).unwrap();
    }

    #[test]
    fn the_fingerprint_is_stable_and_names_the_settings() {
        let a = fingerprint(&build(Images::FromArtifact).unwrap());
        assert_eq!(a.len(), 64);
        assert_eq!(a, fingerprint(&build(Images::FromArtifact).unwrap()));
        assert_ne!(a, fingerprint(&build(Images::Copied).unwrap()));
        let mut other = config(Images::FromArtifact);
        other.epoch_interruption(false);
        assert_ne!(a, fingerprint(&Engine::new(&other).unwrap()));
    }
}
