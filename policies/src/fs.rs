//! `[[fs]]` rules: which operations a pattern of sandbox paths allows or denies.
//!
//! A [`PathPattern`] is an absolute sandbox path whose components may use two
//! wildcards: `*` inside a component matches any run of bytes that stays within the
//! component (including none, and including a leading `.`), and a component that is
//! exactly `**` matches zero or more whole components. So `/data/**` matches `/data`
//! itself and everything below it, `/src/*.rs` matches `/src/main.rs` but not
//! `/src/a/b.rs`, and `/**/.git/**` matches every `.git` directory and its contents.
//! `?`, `[`, `{` and `\` are reserved (an error today), so that they can become
//! wildcards later without silently changing what an existing policy means.
//!
//! Patterns are matched against *resolved* sandbox paths (every symlink replaced by its
//! target, `.` and `..` gone), so neither a symlink nor `..` can route around a rule.
//! How the kernel combines rules with the mounts is in `docs/policy.md` and
//! `kernel/src/perm/fs.rs`.

use std::fmt;

/// Longest pattern accepted, in bytes: a sandbox path is at most `PATH_MAX` (4096).
pub const MAX_PATTERN: usize = 4096;

/// One operation an `[[fs]]` rule can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FsOp {
    /// `"read"`: open for reading, list a directory, read a symlink.
    Read,
    /// `"write"`: open an existing file for writing or truncation, change its times.
    Write,
    /// `"create"`: make a new file, directory, symlink or hard link at the path.
    Create,
    /// `"delete"`: unlink or rmdir the path, or rename it away.
    Delete,
}

impl FsOp {
    /// Every operation, in the order they are printed.
    pub const ALL: [FsOp; 4] = [FsOp::Read, FsOp::Write, FsOp::Create, FsOp::Delete];

    /// The name used in `policy.toml`.
    pub fn name(self) -> &'static str {
        match self {
            FsOp::Read => "read",
            FsOp::Write => "write",
            FsOp::Create => "create",
            FsOp::Delete => "delete",
        }
    }

    fn bit(self) -> u8 {
        match self {
            FsOp::Read => 1,
            FsOp::Write => 2,
            FsOp::Create => 4,
            FsOp::Delete => 8,
        }
    }
}

impl fmt::Display for FsOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A set of [`FsOp`]s.
///
/// # Examples
/// ```
/// use policies::fs::{FsOp, FsOps};
/// let ops = FsOps::READ.with(FsOp::Create);
/// assert!(ops.contains(FsOp::Create) && !ops.contains(FsOp::Write));
/// assert_eq!(ops.to_string(), "read, create");
/// assert!(ops.is_subset(FsOps::ALL));
/// ```
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct FsOps(u8);

impl FsOps {
    /// No operation.
    pub const NONE: FsOps = FsOps(0);
    /// `read` only.
    pub const READ: FsOps = FsOps(1);
    /// `read`, `write`, `create` and `delete`.
    pub const ALL: FsOps = FsOps(15);

    /// The set holding `op` alone.
    pub fn of(op: FsOp) -> FsOps {
        FsOps(op.bit())
    }

    /// The set with `op` added.
    pub fn with(self, op: FsOp) -> FsOps {
        FsOps(self.0 | op.bit())
    }

    /// Whether `op` is in the set.
    pub fn contains(self, op: FsOp) -> bool {
        self.0 & op.bit() != 0
    }

    /// The operations in either set.
    pub fn union(self, other: FsOps) -> FsOps {
        FsOps(self.0 | other.0)
    }

    /// The operations of `self` that are not in `other`.
    pub fn minus(self, other: FsOps) -> FsOps {
        FsOps(self.0 & !other.0)
    }

    /// Whether the set holds no operation.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Whether every operation of `self` is in `other`.
    pub fn is_subset(self, other: FsOps) -> bool {
        self.minus(other).is_empty()
    }

    /// The operations in the set, in [`FsOp::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = FsOp> {
        FsOp::ALL.into_iter().filter(move |op| self.contains(*op))
    }
}

impl fmt::Debug for FsOps {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl fmt::Display for FsOps {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return f.write_str("nothing");
        }
        for (i, op) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(op.name())?;
        }
        Ok(())
    }
}

/// `[[fs]]`: one rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FsRule {
    /// `path`: which resolved sandbox paths the rule is about.
    pub path: PathPattern,
    /// `allow`: operations granted on matching paths (beyond the mounts' baseline).
    pub allow: FsOps,
    /// `deny`: operations refused on matching paths, whatever anything else says.
    pub deny: FsOps,
    /// The line of the rule's `path` (for messages).
    pub line: usize,
}

/// One component of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    /// `**`: zero or more whole components.
    AnyDepth,
    /// A component with no `*`.
    Literal(Vec<u8>),
    /// A component with at least one `*`: the literal pieces around the stars, so
    /// `a*b*c` is `["a", "b", "c"]` and `*` is `["", ""]`.
    Glob(Vec<Vec<u8>>),
}

impl Part {
    fn matches(&self, name: &[u8]) -> bool {
        match self {
            Part::AnyDepth => true,
            Part::Literal(l) => l == name,
            Part::Glob(pieces) => glob_matches(pieces, name),
        }
    }
}

/// `pieces` joined by `*` matches `name` (a single component).
fn glob_matches(pieces: &[Vec<u8>], name: &[u8]) -> bool {
    let (Some(first), Some(last)) = (pieces.first(), pieces.last()) else {
        return name.is_empty();
    };
    if pieces.len() == 1 {
        return name == first.as_slice();
    }
    if name.len() < first.len() + last.len() || !name.starts_with(first) || !name.ends_with(last) {
        return false;
    }
    // Leftmost placement of every middle piece is optimal: it leaves the most room.
    let mut rest = &name[first.len()..name.len() - last.len()];
    for piece in &pieces[1..pieces.len() - 1] {
        if piece.is_empty() {
            continue;
        }
        match rest.windows(piece.len()).position(|w| w == piece.as_slice()) {
            Some(at) => rest = &rest[at + piece.len()..],
            None => return false,
        }
    }
    true
}

/// A validated path pattern (see the module documentation for the syntax).
///
/// # Examples
/// ```
/// use policies::fs::PathPattern;
/// let p = PathPattern::parse("/data//**/*.key/").unwrap();
/// assert_eq!(p.as_str(), "/data/**/*.key");
/// let path = |s: &str| -> Vec<Vec<u8>> {
///     s.split('/').filter(|c| !c.is_empty()).map(|c| c.as_bytes().to_vec()).collect()
/// };
/// assert!(p.matches(&path("/data/id.key")));
/// assert!(p.matches(&path("/data/a/b/.key")));
/// assert!(!p.matches(&path("/data/id.pub")));
/// assert!(PathPattern::parse("data/*").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathPattern {
    text: String,
    parts: Vec<Part>,
}

/// What a pattern can still match below a directory (see [`PathPattern::below`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Below {
    /// No path strictly below the directory matches.
    Nothing,
    /// Every path strictly below the directory matches.
    Everything,
    /// Some may: the pattern positions still alive (equal values match exactly the
    /// same relative paths).
    Some(Vec<usize>),
}

impl PathPattern {
    /// Parses and validates a pattern. Repeated and trailing slashes are tidied away.
    ///
    /// # Errors
    /// A message saying what is wrong: not absolute, NUL, `.` or `..` components, `**`
    /// inside a longer component, a reserved character, or longer than
    /// [`MAX_PATTERN`].
    pub fn parse(raw: &str) -> Result<PathPattern, String> {
        if !raw.starts_with('/') {
            return Err(format!("`{raw}` is not absolute (sandbox paths start with `/`)"));
        }
        if raw.contains('\0') {
            return Err("a pattern cannot contain NUL".to_owned());
        }
        if raw.len() > MAX_PATTERN {
            return Err(format!("the pattern is longer than {MAX_PATTERN} bytes"));
        }
        if let Some(c) = raw.chars().find(|c| matches!(c, '?' | '[' | '{' | '\\')) {
            return Err(format!(
                "`{c}` is reserved in patterns: only `*` (within a component) and `**` \
                 (whole components) are wildcards"
            ));
        }
        let mut text = String::with_capacity(raw.len());
        let mut parts = Vec::new();
        for component in raw.split('/').filter(|c| !c.is_empty()) {
            if component == "." || component == ".." {
                return Err(format!("`{raw}` contains `{component}`; write the path it means"));
            }
            let part = if component == "**" {
                // `/**/**` means the same as `/**`.
                if parts.last() == Some(&Part::AnyDepth) {
                    continue;
                }
                Part::AnyDepth
            } else if component.contains("**") {
                return Err(format!(
                    "`{component}`: `**` must be a whole component (`/a/**/b`); use `*` \
                     within a name"
                ));
            } else if component.contains('*') {
                Part::Glob(component.split('*').map(|s| s.as_bytes().to_vec()).collect())
            } else {
                Part::Literal(component.as_bytes().to_vec())
            };
            text.push('/');
            text.push_str(component);
            parts.push(part);
        }
        if text.is_empty() {
            text.push('/');
        }
        Ok(PathPattern { text, parts })
    }

    /// The pattern as written, tidied.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether the path with these components (from the root) matches.
    pub fn matches(&self, components: &[Vec<u8>]) -> bool {
        self.run(components).contains(&self.parts.len())
    }

    /// What the pattern can match strictly below the directory `dir`. Two directories
    /// with equal answers are matched alike for every relative path below them, so
    /// moving a tree from one to the other changes nothing this rule decides.
    pub fn below(&self, dir: &[Vec<u8>]) -> Below {
        let n = self.parts.len();
        let mut alive: Vec<usize> = self.run(dir).into_iter().filter(|&i| i < n).collect();
        if alive.iter().any(|&i| self.parts[i..].iter().all(|p| *p == Part::AnyDepth)) {
            return Below::Everything;
        }
        if alive.is_empty() {
            return Below::Nothing;
        }
        alive.sort_unstable();
        Below::Some(alive)
    }

    /// The pattern positions reachable after matching `components`: a small NFA whose
    /// states are indices into `parts` (`parts.len()` = matched completely).
    fn run(&self, components: &[Vec<u8>]) -> Vec<usize> {
        let mut states = self.closure(vec![0]);
        for name in components {
            let mut next = Vec::new();
            for &i in &states {
                match self.parts.get(i) {
                    Some(Part::AnyDepth) => next.push(i),
                    Some(p) if p.matches(name) => next.push(i + 1),
                    _ => {}
                }
            }
            states = self.closure(next);
            if states.is_empty() {
                break;
            }
        }
        states
    }

    /// Adds the states reachable by letting `**` match nothing.
    fn closure(&self, mut states: Vec<usize>) -> Vec<usize> {
        let mut k = 0;
        while k < states.len() {
            let i = states[k];
            if self.parts.get(i) == Some(&Part::AnyDepth) && !states.contains(&(i + 1)) {
                states.push(i + 1);
            }
            k += 1;
        }
        states.sort_unstable();
        states.dedup();
        states
    }
}

impl fmt::Display for PathPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(s: &str) -> Vec<Vec<u8>> {
        s.split('/').filter(|c| !c.is_empty()).map(|c| c.as_bytes().to_vec()).collect()
    }

    fn m(pattern: &str, p: &str) -> bool {
        PathPattern::parse(pattern).unwrap().matches(&path(p))
    }

    #[test]
    fn literal_patterns_match_exactly() {
        assert!(m("/", "/"));
        assert!(!m("/", "/a"));
        assert!(m("/a/b", "/a/b"));
        assert!(!m("/a/b", "/a"));
        assert!(!m("/a/b", "/a/b/c"));
        assert!(!m("/a/b", "/a/bc"));
    }

    #[test]
    fn star_stays_within_a_component() {
        assert!(m("/src/*.rs", "/src/main.rs"));
        assert!(m("/src/*.rs", "/src/.rs"));
        assert!(!m("/src/*.rs", "/src/a/main.rs"));
        assert!(!m("/src/*.rs", "/src/main.rsx"));
        assert!(m("/*", "/tmp"));
        assert!(!m("/*", "/"));
        assert!(!m("/*", "/tmp/x"));
        assert!(m("/a/*b*c*", "/a/xbycz"));
        assert!(m("/a/*b*c*", "/a/bc"));
        assert!(!m("/a/*b*c*", "/a/cb"));
        assert!(!m("/a/ab*ba", "/a/aba"));
        assert!(m("/a/ab*ba", "/a/abba"));
    }

    #[test]
    fn double_star_spans_zero_or_more_components() {
        assert!(m("/data/**", "/data"));
        assert!(m("/data/**", "/data/x"));
        assert!(m("/data/**", "/data/x/y/z"));
        assert!(!m("/data/**", "/database"));
        assert!(!m("/data/**", "/"));
        assert!(m("/**", "/"));
        assert!(m("/**", "/any/thing"));
        assert!(m("/**/.git/**", "/.git"));
        assert!(m("/**/.git/**", "/a/b/.git/config"));
        assert!(!m("/**/.git/**", "/a/b/git/config"));
        assert!(m("/a/**/z", "/a/z"));
        assert!(m("/a/**/z", "/a/b/c/z"));
        assert!(!m("/a/**/z", "/a/b/c/z/d"));
        assert!(m("/a/**/*.log", "/a/x/y.log"));
        assert!(m("/a/**/**/b", "/a/b"));
    }

    #[test]
    fn bad_patterns_say_why() {
        for (p, want) in [
            ("data", "not absolute"),
            ("/a/../b", "contains `..`"),
            ("/a/./b", "contains `.`"),
            ("/a/x**", "whole component"),
            ("/a/?", "reserved"),
            ("/a/[ab]", "reserved"),
            ("/a/{b,c}", "reserved"),
            ("/a/\\*", "reserved"),
            ("/a\0", "NUL"),
        ] {
            let err = PathPattern::parse(p).unwrap_err();
            assert!(err.contains(want), "{p:?}: {err}");
        }
        assert!(PathPattern::parse(&format!("/{}", "a".repeat(MAX_PATTERN))).is_err());
    }

    #[test]
    fn patterns_are_tidied() {
        assert_eq!(PathPattern::parse("//a///b/").unwrap().as_str(), "/a/b");
        assert_eq!(PathPattern::parse("/").unwrap().as_str(), "/");
        assert_eq!(PathPattern::parse("/a/**/**/b").unwrap().as_str(), "/a/**/b");
    }

    #[test]
    fn below_tells_whether_a_tree_is_matched_alike() {
        let p = PathPattern::parse("/data/secret/**").unwrap();
        assert_eq!(p.below(&path("/data/secret")), Below::Everything);
        assert_eq!(p.below(&path("/data/secret/x")), Below::Everything);
        assert_eq!(p.below(&path("/tmp")), Below::Nothing);
        assert!(matches!(p.below(&path("/data")), Below::Some(_)));
        let q = PathPattern::parse("/**/*.key").unwrap();
        assert_eq!(q.below(&path("/a")), q.below(&path("/b/c")));
        let r = PathPattern::parse("/a/*/x").unwrap();
        assert_eq!(r.below(&path("/a/1")), r.below(&path("/a/2")));
        assert_eq!(r.below(&path("/a/1/x")), Below::Nothing);
        assert_ne!(r.below(&path("/a/1")), r.below(&path("/b/1")));
    }

    #[test]
    fn ops_sets() {
        let s = FsOps::of(FsOp::Write).with(FsOp::Delete);
        assert_eq!(format!("{s:?}"), "{Write, Delete}");
        assert_eq!(s.to_string(), "write, delete");
        assert_eq!(FsOps::NONE.to_string(), "nothing");
        assert_eq!(FsOps::ALL.minus(s), FsOps::READ.with(FsOp::Create));
        assert!(!FsOps::ALL.is_subset(s));
    }
}
