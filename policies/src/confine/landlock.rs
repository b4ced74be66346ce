//! Landlock: the runtime gives up the whole file system and TCP, with no exceptions.
//!
//! Every operation the runtime performs on the world goes through the kernel process,
//! so the ruleset *handles* every access right of [`TARGET_ABI`] and *allows* none:
//! no path is readable, writable or executable, no TCP port can be bound or connected,
//! and (ABI ≥ 6) no abstract UNIX socket outside the domain can be reached and no
//! process outside it signalled. Descriptors that are already open (the ring memfd and
//! eventfds) are not affected: Landlock checks at open time.
//!
//! The crate's best-effort mode keeps whatever the running kernel supports;
//! [`restrict_self`] reports exactly what was applied. Whether a host *without*
//! Landlock may run runtimes at all is decided earlier, by the kernel process, from
//! [`detect_abi`] and the policy's `if_unsupported` (see `spawn.rs`).

use landlock::{
    Access, AccessFs, AccessNet, CompatLevel, Compatible, RestrictSelfAttr, Ruleset, RulesetAttr,
    RulesetStatus, Scope, ABI,
};

use super::ConfineError;

/// The Landlock ABI whose access rights are handled: the newest this crate version
/// knows. Rights newer than the running kernel are dropped (best effort) and reported.
/// ABI 8 and 9 add only `all_threads` (TSYNC) and `ResolveUnix` (pathname UNIX
/// sockets), both pure restrictions for a process that opens nothing.
pub const TARGET_ABI: ABI = ABI::V9;

/// `LANDLOCK_CREATE_RULESET_VERSION` (uapi `linux/landlock.h`): return the ABI version.
const LANDLOCK_CREATE_RULESET_VERSION: libc::c_uint = 1;

/// The first ABI with TCP rights (`BindTcp`, `ConnectTcp`).
const NET_ABI: i32 = 4;
/// The first ABI with scopes (abstract UNIX sockets, signals).
const SCOPE_ABI: i32 = 6;

/// What [`restrict_self`] applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Applied {
    /// The running kernel's Landlock ABI; `None` without Landlock (nothing applied).
    pub abi: Option<i32>,
    /// TCP bind/connect denied.
    pub net: bool,
    /// Abstract UNIX socket and signal scopes applied.
    pub scopes: bool,
    /// Applied to every thread at once (ABI ≥ 8); otherwise to the calling thread and
    /// its future children only.
    pub all_threads: bool,
}

/// The running kernel's Landlock ABI version, `None` if Landlock is not built in or not
/// enabled.
///
/// # Examples
/// ```
/// match policies::confine::landlock::detect_abi() {
///     Some(abi) => println!("Landlock ABI {abi}"),
///     None => println!("no Landlock"),
/// }
/// ```
pub fn detect_abi() -> Option<i32> {
    // SAFETY: with a null attribute pointer, size 0 and the VERSION flag, the call only
    // returns the ABI version (or an errno); it reads and writes no memory.
    let abi = unsafe {
        libc::syscall(
            libc::SYS_landlock_create_ruleset,
            std::ptr::null::<libc::c_void>(),
            0usize,
            LANDLOCK_CREATE_RULESET_VERSION,
        )
    };
    (abi > 0).then(|| i32::try_from(abi).unwrap_or(i32::MAX))
}

/// Restricts the calling thread (and, with ABI ≥ 8, all threads) and its future
/// children: no file system access, no TCP, scoped signals and abstract sockets.
/// Also sets `no_new_privs`.
///
/// # Errors
/// [`ConfineError::Landlock`] when the host has Landlock but the ruleset cannot be
/// created or enforced.
pub fn restrict_self() -> Result<Applied, ConfineError> {
    let Some(abi) = detect_abi() else {
        return Ok(Applied { abi: None, net: false, scopes: false, all_threads: false });
    };
    let status = Ruleset::default()
        .set_compatibility(CompatLevel::BestEffort)
        .handle_access(AccessFs::from_all(TARGET_ABI))?
        .handle_access(AccessNet::from_all(TARGET_ABI))?
        .scope(Scope::from_all(TARGET_ABI))?
        .create()?
        .all_threads(true)?
        .restrict_self()?;
    if status.ruleset == RulesetStatus::NotEnforced {
        return Err(ConfineError::Landlock(format!(
            "the kernel reports Landlock ABI {abi} but the ruleset was not enforced"
        )));
    }
    Ok(Applied {
        abi: Some(abi),
        net: abi >= NET_ABI,
        scopes: abi >= SCOPE_ABI,
        all_threads: status.all_threads,
    })
}

impl From<landlock::RulesetError> for ConfineError {
    fn from(e: landlock::RulesetError) -> Self {
        ConfineError::Landlock(e.to_string())
    }
}
