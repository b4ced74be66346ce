//! Sandbox paths: parsing, validation and the one resolver every call goes through.
//!
//! Resolution walks one component at a time, asking the file system that owns each
//! prefix whether it is a directory, a symlink or missing. Symlinks are spliced into the
//! remaining path and resolved *by us* in the sandbox's namespace (an absolute target
//! restarts at the sandbox root), so a host mount can never be left by a symlink or
//! `..`: the host kernel is only ever asked about single, already-resolved components
//! (see `hostdir.rs`).

use syscall_proto::{Errno, PATH_MAX};

/// Linux's limit on symlinks followed in one resolution (`MAXSYMLINKS`, fs/namei.c).
pub const MAX_SYMLINK_HOPS: u32 = 40;

/// Longest single file name (`NAME_MAX`).
pub const NAME_MAX: usize = 255;

/// An absolute sandbox path as validated components: none empty, `.`, `..`, or
/// containing `/` or NUL.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct VPath(Vec<Vec<u8>>);

impl VPath {
    pub fn root() -> VPath {
        VPath(Vec::new())
    }

    /// A path of already-validated components (a suffix of another `VPath`).
    pub fn from_components(components: &[Vec<u8>]) -> VPath {
        VPath(components.to_vec())
    }

    pub fn components(&self) -> &[Vec<u8>] {
        &self.0
    }

    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    pub fn push(&mut self, name: Vec<u8>) {
        debug_assert!(valid_name(&name));
        self.0.push(name);
    }

    pub fn pop(&mut self) -> Option<Vec<u8>> {
        self.0.pop()
    }

    /// Last component, or `None` for the root.
    pub fn file_name(&self) -> Option<&[u8]> {
        self.0.last().map(Vec::as_slice)
    }

    pub fn parent(&self) -> VPath {
        let mut p = self.clone();
        p.pop();
        p
    }

    pub fn starts_with(&self, prefix: &VPath) -> bool {
        self.0.starts_with(&prefix.0)
    }

    /// Parses an absolute, already-normal path (from a trusted source such as the
    /// policy). `..` and `.` are dropped lexically.
    pub fn parse_trusted(s: &str) -> VPath {
        let mut p = VPath::root();
        for c in s.split('/') {
            match c {
                "" | "." => {}
                ".." => {
                    p.pop();
                }
                c => p.push(c.as_bytes().to_vec()),
            }
        }
        p
    }

    /// `/a/b` as bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        if self.0.is_empty() {
            return b"/".to_vec();
        }
        let mut out = Vec::new();
        for c in &self.0 {
            out.push(b'/');
            out.extend_from_slice(c);
        }
        out
    }
}

impl std::fmt::Display for VPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&String::from_utf8_lossy(&self.to_bytes()))
    }
}

fn valid_name(name: &[u8]) -> bool {
    !name.is_empty() && name != b"." && name != b".." && !name.contains(&b'/') && !name.contains(&0)
}

/// Checks a path exactly as the program sent it: `EINVAL` for NUL bytes (a C program
/// could never send one), `ENOENT` for the empty path, `ENAMETOOLONG` past `PATH_MAX`
/// or a component past `NAME_MAX`.
pub fn check_raw(path: &[u8]) -> Result<(), Errno> {
    if path.contains(&0) {
        return Err(Errno::EINVAL);
    }
    if path.is_empty() {
        return Err(Errno::ENOENT);
    }
    if path.len() >= PATH_MAX {
        return Err(Errno::ENAMETOOLONG);
    }
    if path.split(|&b| b == b'/').any(|c| c.len() > NAME_MAX) {
        return Err(Errno::ENAMETOOLONG);
    }
    Ok(())
}

/// Checks a symlink's target as symlink(2) does: any bytes but NUL, not empty, shorter
/// than `PATH_MAX`. Its components may be longer than `NAME_MAX` (they only matter if
/// the link is ever followed).
pub fn check_target(target: &[u8]) -> Result<(), Errno> {
    if target.contains(&0) {
        return Err(Errno::EINVAL);
    }
    if target.is_empty() {
        return Err(Errno::ENOENT);
    }
    if target.len() >= PATH_MAX {
        return Err(Errno::ENAMETOOLONG);
    }
    Ok(())
}

/// The raw components of a program-supplied path (may contain `.` and `..`).
pub fn raw_components(path: &[u8]) -> impl DoubleEndedIterator<Item = &[u8]> {
    path.split(|&b| b == b'/').filter(|c| !c.is_empty())
}

/// What the resolver needs to know about one already-resolved path.
pub enum Lookup {
    Missing,
    Directory,
    Symlink(Vec<u8>),
    Other,
}

/// The result of resolving a program path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The real location: every symlink on the way replaced by its target.
    pub path: VPath,
    /// Whether the final component exists (a dangling final symlink with `follow`
    /// set is reported missing at the target's location).
    pub exists: bool,
}

/// Resolves `path` relative to `base` (the directory of the `dirfd` or the cwd).
///
/// `follow_last`: whether a symlink in the final position is followed. A trailing `/`
/// forces following and requires a directory, as on Linux.
pub fn resolve(
    base: &VPath,
    path: &[u8],
    follow_last: bool,
    lookup: &dyn Fn(&VPath) -> Result<Lookup, Errno>,
) -> Result<Resolved, Errno> {
    check_raw(path)?;
    let trailing_slash = path.ends_with(b"/");
    let follow_last = follow_last || trailing_slash;
    let mut current = if path.starts_with(b"/") { VPath::root() } else { base.clone() };
    let mut queue: std::collections::VecDeque<Vec<u8>> =
        raw_components(path).map(<[u8]>::to_vec).collect();
    let mut hops = 0u32;
    // `exists` of the last component examined.
    let mut exists = true;
    let mut must_be_dir = trailing_slash;

    while let Some(name) = queue.pop_front() {
        let is_last = queue.is_empty();
        if name == b"." {
            continue;
        }
        if name == b".." {
            // The root's parent is the root, as on Linux.
            current.pop();
            continue;
        }
        let mut candidate = current.clone();
        candidate.push(name);
        match lookup(&candidate)? {
            Lookup::Symlink(target) if !is_last || follow_last => {
                hops += 1;
                if hops > MAX_SYMLINK_HOPS {
                    return Err(Errno::ELOOP);
                }
                if target.is_empty() {
                    return Err(Errno::ENOENT);
                }
                // A stored target may hold a name too long to look up.
                if raw_components(&target).any(|c| c.len() > NAME_MAX) {
                    return Err(Errno::ENAMETOOLONG);
                }
                if target.starts_with(b"/") {
                    current = VPath::root();
                }
                for c in raw_components(&target).rev() {
                    queue.push_front(c.to_vec());
                }
                if is_last && target.ends_with(b"/") {
                    must_be_dir = true;
                }
                // A symlink to "/" or "." leaves nothing to resolve: the current
                // directory itself is the answer.
                exists = true;
            }
            Lookup::Directory => {
                current = candidate;
                exists = true;
            }
            Lookup::Missing if is_last => {
                current = candidate;
                exists = false;
            }
            Lookup::Missing => return Err(Errno::ENOENT),
            Lookup::Symlink(_) | Lookup::Other if is_last => {
                if must_be_dir {
                    return Err(Errno::ENOTDIR);
                }
                current = candidate;
                exists = true;
            }
            Lookup::Symlink(_) | Lookup::Other => return Err(Errno::ENOTDIR),
        }
    }
    Ok(Resolved { path: current, exists })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn fs(entries: &[(&str, Option<&str>)]) -> impl Fn(&VPath) -> Result<Lookup, Errno> {
        // `None` = directory, `Some("->x")` = symlink to x, `Some("")` = file.
        let map: BTreeMap<String, Option<String>> =
            entries.iter().map(|(k, v)| (k.to_string(), v.map(str::to_string))).collect();
        move |p: &VPath| {
            let key = p.to_string();
            if p.is_root() {
                return Ok(Lookup::Directory);
            }
            Ok(match map.get(&key) {
                None => Lookup::Missing,
                Some(None) => Lookup::Directory,
                Some(Some(v)) if v.starts_with("->") => Lookup::Symlink(v.as_bytes()[2..].into()),
                Some(Some(_)) => Lookup::Other,
            })
        }
    }

    fn res(l: &dyn Fn(&VPath) -> Result<Lookup, Errno>, p: &str) -> Result<String, Errno> {
        resolve(&VPath::root(), p.as_bytes(), true, l).map(|r| r.path.to_string())
    }

    #[test]
    fn dotdot_never_climbs_above_root() {
        let l = fs(&[("/app", None), ("/app/x", Some("")), ("/etc", None)]);
        assert_eq!(res(&l, "/app/../../../../app/x").unwrap(), "/app/x");
        assert_eq!(res(&l, "/../../etc/passwd").unwrap(), "/etc/passwd");
        assert_eq!(res(&l, "/app/../../nothing/passwd"), Err(Errno::ENOENT));
    }

    #[test]
    fn absolute_symlinks_restart_at_the_sandbox_root() {
        let l = fs(&[("/app", None), ("/app/l", Some("->/etc/passwd")), ("/etc", None)]);
        let r = resolve(&VPath::root(), b"/app/l", true, &l).unwrap();
        assert_eq!(r.path.to_string(), "/etc/passwd");
        assert!(!r.exists);
    }

    #[test]
    fn relative_symlinks_and_dotdot_resolve_physically() {
        let l = fs(&[
            ("/a", None),
            ("/a/b", None),
            ("/a/b/up", Some("->../../c")),
            ("/c", None),
            ("/c/f", Some("")),
        ]);
        assert_eq!(res(&l, "/a/b/up/f").unwrap(), "/c/f");
        assert_eq!(res(&l, "/a/b/up/../c/f").unwrap(), "/c/f");
    }

    #[test]
    fn symlink_loops_stop_at_forty_hops() {
        let l = fs(&[("/x", Some("->/y")), ("/y", Some("->/x"))]);
        assert_eq!(res(&l, "/x"), Err(Errno::ELOOP));
        let chain: Vec<(String, Option<String>)> =
            (0..41).map(|i| (format!("/l{i}"), Some(format!("->/l{}", i + 1)))).collect();
        let mut entries: Vec<(&str, Option<&str>)> =
            chain.iter().map(|(k, v)| (k.as_str(), v.as_deref())).collect();
        entries.push(("/l41", Some("")));
        let l = fs(&entries);
        assert_eq!(res(&l, "/l1").unwrap(), "/l41"); // 40 hops
        assert_eq!(res(&l, "/l0"), Err(Errno::ELOOP)); // 41 hops
    }

    #[test]
    fn nofollow_keeps_the_final_symlink() {
        let l = fs(&[("/l", Some("->/t"))]);
        let r = resolve(&VPath::root(), b"/l", false, &l).unwrap();
        assert_eq!(r.path.to_string(), "/l");
        assert!(r.exists);
    }

    #[test]
    fn files_in_the_middle_are_enotdir() {
        let l = fs(&[("/f", Some(""))]);
        assert_eq!(res(&l, "/f/x"), Err(Errno::ENOTDIR));
        assert_eq!(res(&l, "/f/"), Err(Errno::ENOTDIR));
        assert_eq!(res(&l, "/missing/x"), Err(Errno::ENOENT));
    }

    #[test]
    fn raw_path_checks() {
        assert_eq!(check_raw(b""), Err(Errno::ENOENT));
        assert_eq!(check_raw(b"/a\0b"), Err(Errno::EINVAL));
        assert_eq!(check_raw(&vec![b'a'; 256]), Err(Errno::ENAMETOOLONG));
        assert_eq!(check_raw(&vec![b'/'; PATH_MAX]), Err(Errno::ENAMETOOLONG));
        assert!(check_raw(&vec![b'a'; 255]).is_ok());
    }
}
