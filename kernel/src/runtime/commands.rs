//! The commands installed in every sandbox: an install tree `<dir>/bin/<name>` (one
//! WebAssembly multicall module and a link per utility, laid out by
//! `sandbox-wasm/commands/build.sh`) that the kernel mounts read-only at the `PATH`
//! directories, `/bin` and `/usr/bin`, so that `kernel run ls /app` finds `ls` as a
//! shell would. A policy that mounts something of its own at (or around, or inside)
//! one of them keeps it: the policy wins, for that directory only.

use std::path::{Path, PathBuf};

use policies::{Mount, MountMode, MountSource, Policy};

use super::program::PATH;

/// The install tree's default place: `commands` next to the runtime binaries.
pub fn default_dir(runtime_dir: &Path) -> PathBuf {
    runtime_dir.join("commands")
}

/// Adds a read-only mount of `<dir>/bin` to `policy` at each `PATH` directory the
/// policy leaves alone, and returns where.
///
/// # Errors
/// When `<dir>/bin` is not a directory that can be resolved.
pub fn install(policy: &mut Policy, dir: &Path) -> std::io::Result<Vec<String>> {
    let bin = std::fs::canonicalize(dir.join("bin"))?;
    if !bin.is_dir() {
        return Err(std::io::Error::other(format!("{} is not a directory", bin.display())));
    }
    let mut added = Vec::new();
    for point in PATH {
        if policy.mounts.iter().any(|m| overlaps(&m.path, point)) {
            continue;
        }
        policy.mounts.push(Mount {
            source: MountSource::Host(bin.clone()),
            path: (*point).to_owned(),
            mode: MountMode::ReadOnly,
        });
        added.push((*point).to_owned());
    }
    Ok(added)
}

/// `a` and `b` (absolute, normalised sandbox paths) are the same or one holds the other.
fn overlaps(a: &str, b: &str) -> bool {
    let within = |inner: &str, outer: &str| {
        inner.strip_prefix(outer).is_some_and(|rest| rest.starts_with('/'))
    };
    a == b || within(a, b) || within(b, a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_paths() {
        assert!(overlaps("/bin", "/bin"));
        assert!(overlaps("/bin/x", "/bin"));
        assert!(overlaps("/usr", "/usr/bin"));
        assert!(!overlaps("/binaries", "/bin"));
        assert!(!overlaps("/usr/lib", "/usr/bin"));
    }

    #[test]
    fn the_policy_keeps_its_own_mounts() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("bin")).unwrap();
        let toml = "[[mount]]\nhost = \".\"\npath = \"/usr\"\n";
        std::fs::write(dir.path().join("p.toml"), toml).unwrap();
        let mut policy = policies::load(&dir.path().join("p.toml")).unwrap();
        let added = install(&mut policy, dir.path()).unwrap();
        assert_eq!(added, vec!["/bin".to_owned()]);
        let bin = policy.mounts.iter().find(|m| m.path == "/bin").unwrap();
        assert_eq!(bin.mode, MountMode::ReadOnly);
        assert!(install(&mut policy, &dir.path().join("missing")).is_err());
    }
}
