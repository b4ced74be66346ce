//! The POSIX directory skeleton of every sandbox's in-memory root: what a minimal
//! container image has, so that programs find the places they expect (`/bin` and
//! `/usr/bin` on the `PATH`, `/etc/passwd` for the user's name, `/tmp`).
//!
//! The kernel makes these past the inode limit; they belong to root (uid 0). Only
//! `/tmp` is writable by the program's baseline permissions (`crate::perm::fs`);
//! `/dev` and `/proc` are placeholders that `devfs.rs` and `procfs.rs` answer for.

/// Directories and their modes, parents first.
pub const DIRS: &[(&str, u32)] = &[
    ("/bin", 0o755),
    ("/dev", 0o755),
    ("/etc", 0o755),
    ("/home", 0o755),
    ("/mnt", 0o755),
    ("/opt", 0o755),
    ("/proc", 0o555),
    ("/root", 0o700),
    ("/run", 0o755),
    ("/sbin", 0o755),
    ("/tmp", 0o1777),
    ("/usr", 0o755),
    ("/usr/bin", 0o755),
    ("/usr/lib", 0o755),
    ("/usr/local", 0o755),
    ("/usr/local/bin", 0o755),
    ("/usr/sbin", 0o755),
    ("/usr/share", 0o755),
    ("/var", 0o755),
];

/// The one user every sandboxed process runs as (not root: see `docs/vfs.md`).
pub const SANDBOX_UID: u32 = 1000;
pub const SANDBOX_GID: u32 = 1000;

/// Small files of `/etc` (mode 0644, owned by root).
pub const FILES: &[(&str, &str)] = &[
    (
        "/etc/passwd",
        "root:x:0:0:root:/root:/bin/sh\nsandbox:x:1000:1000:sandbox:/tmp:/bin/sh\n\
         nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n",
    ),
    ("/etc/group", "root:x:0:\nsandbox:x:1000:\nnogroup:x:65534:\n"),
    ("/etc/hostname", "sandbox\n"),
    ("/etc/hosts", "127.0.0.1\tlocalhost\n::1\tlocalhost\n127.0.1.1\tsandbox\n"),
];
