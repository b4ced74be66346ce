//! File-system permissions: may this process do this operation on this resolved path?
//!
//! The decision for operation `op` (read, write, create, delete) on a resolved sandbox
//! path `p`, first answer wins (`docs/policy.md` has the same procedure for operators):
//!
//! 1. `p` lies on a read-only mount and `op` is not `read`: `EROFS`, rule
//!    `mount[i].mode = "ro"`. No rule can lift this (Linux, too, checks a read-only
//!    file system before permissions).
//! 2. Some `[[fs]]` rule whose `path` matches `p` denies `op`: `EACCES`, rule
//!    `fs[i].deny` (the first such rule in the file). Deny wins, whatever the order or
//!    how specific the patterns are.
//! 3. Some matching rule allows `op`: allowed.
//! 4. The baseline of where `p` lies allows `op`: allowed. A `ro` mount gives read; a
//!    `rw` mount all four; the in-memory `/tmp` (everything strictly below it) all
//!    four; the entries of `/dev` and the caller's `/proc/<pid>/fd/N` read and write
//!    (never create or delete); the rest of the in-memory root (`/`, `/tmp` itself,
//!    the skeleton, the directories that hold mount points, the rest of `/proc`) read
//!    only. (A `tmpfs` mount is a `rw` mount.)
//! 5. Otherwise `EACCES`, rule `default deny`.
//!
//! What each call needs (always of the *resolved* path, after symlinks):
//!
//! | call | operations |
//! | --- | --- |
//! | `openat` | `read` for `O_RDONLY`/`O_RDWR` (and `O_PATH`), `write` for `O_WRONLY`/`O_RDWR` or `O_TRUNC` of an existing file; a missing file with `O_CREAT` needs `create` only (the new, empty file may then be written through that descriptor); an existing one with `O_CREAT | O_EXCL` nothing (it is `EEXIST`) |
//! | `fstatat` | nothing: as on Linux, what can be found can be stat'ed |
//! | `readlinkat`, `read_file`, listing a directory (it is opened) | `read` |
//! | `mkdirat`, `symlinkat` | `create` |
//! | `linkat` | `create` on the new name, and the new name may not grant anything the old one does not (`EXDEV` otherwise) |
//! | `unlinkat`, `rmdir` | `delete` |
//! | `renameat` | `delete` on the old name, `create` on the new one (and `delete` on it when it exists: it is replaced); and the move may not grant anything the old name did not, for a directory anywhere in the tree it carries (`EXDEV` otherwise, so that `mv` copies instead and every copy is checked) |
//! | `utimensat` | `write`; refused as `EPERM` rather than `EACCES` when explicit times are set, as Linux does for a file the caller does not own |
//! | `fchmodat`, `fchownat` | `write` |
//!
//! Every refusal is audited (`crate::audit`) with the rule that decided.

use policies::fs::Below;
use policies::{FsOp, FsOps, FsRule, MountMode, Policy};
use syscall_proto::fd::{FileType, SetTime};
use syscall_proto::path::oflags;
use syscall_proto::Errno;

use super::{Caller, CheckedPath, Denial};
use crate::sandbox::Sandbox;
use crate::vfs::path::{Resolved, VPath};

/// The rule string for a refusal no rule or baseline lifts.
pub const DEFAULT_DENY: &str = "default deny";

/// The file-system half of a policy, ready to answer questions about paths.
#[derive(Debug)]
pub struct FsPermissions {
    /// Mount points, deepest first (so the innermost mount decides).
    mounts: Vec<MountArea>,
    rules: Vec<FsRule>,
}

#[derive(Debug)]
struct MountArea {
    at: VPath,
    /// Index in `[[mount]]`.
    index: usize,
    read_only: bool,
}

/// Where a path lies, which decides its baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Region {
    Mount {
        index: usize,
        read_only: bool,
    },
    /// Strictly below `/tmp` (in memory).
    Tmp,
    /// Below `/dev`, and the caller's descriptors in `/proc/<pid>/fd/`: read and
    /// write (a device, or a descriptor already granted what it is opened for again).
    Devices,
    /// The rest of the in-memory root.
    Root,
}

impl Region {
    /// The operations the region grants without any rule.
    fn baseline(self) -> FsOps {
        match self {
            Region::Mount { read_only: true, .. } | Region::Root => FsOps::READ,
            Region::Mount { read_only: false, .. } | Region::Tmp => FsOps::ALL,
            Region::Devices => FsOps::READ.with(FsOp::Write),
        }
    }
}

impl FsPermissions {
    pub fn new(policy: &Policy) -> FsPermissions {
        let mut mounts: Vec<MountArea> = policy
            .mounts
            .iter()
            .enumerate()
            .map(|(index, m)| MountArea {
                at: VPath::parse_trusted(&m.path),
                index,
                read_only: m.mode == MountMode::ReadOnly,
            })
            .collect();
        mounts.sort_by_key(|m| std::cmp::Reverse(m.at.components().len()));
        FsPermissions { mounts, rules: policy.fs.clone() }
    }

    fn region(&self, p: &VPath) -> Region {
        if let Some(m) = self.mounts.iter().find(|m| p.starts_with(&m.at)) {
            return Region::Mount { index: m.index, read_only: m.read_only };
        }
        match p.components() {
            [first, _, ..] if first == b"tmp" => Region::Tmp,
            [first, _, ..] if first == b"dev" => Region::Devices,
            [first, _, fd, _] if first == b"proc" && fd == b"fd" => Region::Devices,
            _ => Region::Root,
        }
    }

    /// The `[[mount]]` index `p` lies in, if any.
    pub fn mount_index(&self, p: &VPath) -> Option<usize> {
        match self.region(p) {
            Region::Mount { index, .. } => Some(index),
            _ => None,
        }
    }

    /// The decision for `op` on `p` (see the module documentation).
    ///
    /// # Errors
    /// The [`Denial`] naming the rule that refused.
    pub fn decide(&self, p: &VPath, op: FsOp) -> Result<(), Denial> {
        let region = self.region(p);
        if let Region::Mount { index, read_only: true } = region {
            if op != FsOp::Read {
                return Err(Denial {
                    errno: Errno::EROFS,
                    rule: format!("mount[{index}].mode = \"ro\""),
                });
            }
        }
        let mut allowed = false;
        for (i, rule) in self.rules.iter().enumerate() {
            let relevant = rule.deny.contains(op) || rule.allow.contains(op) && !allowed;
            if !relevant || !rule.path.matches(p.components()) {
                continue;
            }
            if rule.deny.contains(op) {
                return Err(Denial { errno: Errno::EACCES, rule: format!("fs[{i}].deny") });
            }
            allowed = true;
        }
        if allowed || region.baseline().contains(op) {
            Ok(())
        } else {
            Err(Denial { errno: Errno::EACCES, rule: DEFAULT_DENY.to_owned() })
        }
    }

    /// [`FsPermissions::decide`] for every operation of `ops`; the first refusal.
    ///
    /// # Errors
    /// The [`Denial`] of the first operation refused.
    pub fn decide_all(&self, p: &VPath, ops: FsOps) -> Result<(), Denial> {
        ops.iter().try_for_each(|op| self.decide(p, op))
    }

    /// Every operation allowed on `p`.
    pub fn effective(&self, p: &VPath) -> FsOps {
        FsOp::ALL
            .into_iter()
            .filter(|op| self.decide(p, *op).is_ok())
            .fold(FsOps::NONE, FsOps::with)
    }

    /// Whether moving `from` to `to` (a file, or a whole tree when `tree`) would make
    /// anything allowed that was not: the refusal naming the rule that would be
    /// escaped, if so.
    fn moving_grants(&self, from: &VPath, to: &VPath, tree: bool) -> Option<Denial> {
        let exdev = |rule: String| Some(Denial { errno: Errno::EXDEV, rule });
        let gained = self.effective(to).minus(self.effective(from));
        if let Some(op) = gained.iter().next() {
            let rule = self.decide(from, op).err().map_or(DEFAULT_DENY.to_owned(), |d| d.rule);
            return exdev(rule);
        }
        if !tree {
            return None;
        }
        // Everything below moves too. Each rule must be at least as strict below `to`
        // as below `from`: it judges both trees alike (equal `below` states match
        // exactly the same relative paths), or it only denies and denies everything
        // below `to`, or it only allows and allows nothing there. The baseline below may
        // only shrink. (Conservative: a move this cannot prove harmless is refused.)
        for (i, rule) in self.rules.iter().enumerate() {
            let below_to = rule.path.below(to.components());
            let stricter = rule.allow.is_empty() && below_to == Below::Everything
                || rule.deny.is_empty() && below_to == Below::Nothing;
            if !stricter && rule.path.below(from.components()) != below_to {
                return exdev(format!("fs[{i}].path"));
            }
        }
        let (a, b) = (self.region(from), self.region(to));
        if !b.baseline().is_subset(a.baseline()) {
            return exdev(DEFAULT_DENY.to_owned());
        }
        None
    }
}

/// The operations `openat` with `flags` needs on a path that `exists` or not.
pub fn open_ops(flags: u32, exists: bool) -> FsOps {
    if !exists {
        // Without O_CREAT nothing happens but ENOENT, which the VFS reports.
        return if flags & oflags::O_CREAT != 0 { FsOps::of(FsOp::Create) } else { FsOps::NONE };
    }
    if flags & (oflags::O_CREAT | oflags::O_EXCL) == oflags::O_CREAT | oflags::O_EXCL {
        // It exists: nothing happens but EEXIST, which Linux reports before permissions.
        return FsOps::NONE;
    }
    let mut ops = FsOps::NONE;
    let acc = flags & oflags::O_ACCMODE;
    if acc != oflags::O_WRONLY || flags & oflags::O_PATH != 0 {
        ops = ops.with(FsOp::Read);
    }
    if acc != oflags::O_RDONLY || flags & oflags::O_TRUNC != 0 {
        ops = ops.with(FsOp::Write);
    }
    ops
}

/// Audits a refusal and returns the errno the program sees.
fn refuse(sandbox: &Sandbox, caller: Caller<'_>, object: &VPath, denial: Denial) -> Errno {
    sandbox.audit.denied(caller.pid, caller.call, &object.to_string(), &denial.rule, denial.errno);
    denial.errno
}

/// Checks `ops` on the resolved path `r`.
///
/// # Errors
/// The errno of the refusal (`EACCES`, `EROFS`), after auditing it.
pub fn check(
    sandbox: &Sandbox,
    caller: Caller<'_>,
    r: Resolved,
    ops: FsOps,
) -> Result<CheckedPath, Errno> {
    match sandbox.perm.decide_all(&r.path, ops) {
        Ok(()) => Ok(CheckedPath { resolved: r, granted: ops }),
        Err(denial) => Err(refuse(sandbox, caller, &r.path, denial)),
    }
}

/// `EROFS` (audited) when `p` lies on a read-only mount: Linux refuses a change there
/// as soon as it has found the parent directory, before looking at the final name.
///
/// # Errors
/// `EROFS` on a read-only mount.
pub fn check_mount_writable(sandbox: &Sandbox, caller: Caller<'_>, p: &VPath) -> Result<(), Errno> {
    match sandbox.perm.region(p) {
        Region::Mount { index, read_only: true } => {
            let rule = format!("mount[{index}].mode = \"ro\"");
            Err(refuse(sandbox, caller, p, Denial { errno: Errno::EROFS, rule }))
        }
        _ => Ok(()),
    }
}

/// Whether `a` and `b` lie on the same read-only mount.
pub fn same_read_only_mount(sandbox: &Sandbox, a: &VPath, b: &VPath) -> bool {
    match (sandbox.perm.region(a), sandbox.perm.region(b)) {
        (Region::Mount { index: i, read_only: true }, Region::Mount { index: j, .. }) => i == j,
        _ => false,
    }
}

/// Checks `openat(r, flags)` (see [`open_ops`]).
///
/// # Errors
/// As [`check`].
pub fn check_open(
    sandbox: &Sandbox,
    caller: Caller<'_>,
    r: Resolved,
    flags: u32,
) -> Result<CheckedPath, Errno> {
    let ops = open_ops(flags, r.exists);
    check(sandbox, caller, r, ops)
}

/// Checks `utimensat`: `write`, refused with `EPERM` when explicit times are set.
///
/// # Errors
/// As [`check`], with `EPERM` instead of `EACCES` for explicit times.
pub fn check_set_times(
    sandbox: &Sandbox,
    caller: Caller<'_>,
    r: Resolved,
    atime: SetTime,
    mtime: SetTime,
) -> Result<CheckedPath, Errno> {
    let write = FsOps::of(FsOp::Write);
    match sandbox.perm.decide_all(&r.path, write) {
        Ok(()) => Ok(CheckedPath { resolved: r, granted: write }),
        Err(mut denial) => {
            let explicit = [atime, mtime].iter().any(|t| matches!(t, SetTime::At(_)));
            if explicit && denial.errno == Errno::EACCES {
                denial.errno = Errno::EPERM;
            }
            Err(refuse(sandbox, caller, &r.path, denial))
        }
    }
}

/// Checks `renameat(from, to)`: the old name's `delete`, the new name's `create` (and
/// `delete` when it exists), and that the move grants nothing new.
///
/// # Errors
/// As [`check`], and `EXDEV` when the move would grant something new.
pub fn check_rename(
    sandbox: &Sandbox,
    caller: Caller<'_>,
    from: Resolved,
    to: Resolved,
) -> Result<(CheckedPath, CheckedPath), Errno> {
    let from = check(sandbox, caller, from, FsOps::of(FsOp::Delete))?;
    let to_ops = if to.exists {
        FsOps::of(FsOp::Create).with(FsOp::Delete)
    } else {
        FsOps::of(FsOp::Create)
    };
    let to = check(sandbox, caller, to, to_ops)?;
    let tree = sandbox.vfs.stat(from.path()).is_ok_and(|s| s.kind == FileType::Directory);
    if let Some(denial) = sandbox.perm.moving_grants(from.path(), to.path(), tree) {
        return Err(refuse(sandbox, caller, from.path(), denial));
    }
    Ok((from, to))
}

/// Checks `linkat(from, to)`: the new name's `create`, and that it grants nothing the
/// old name does not.
///
/// # Errors
/// As [`check`], and `EXDEV` when the new name would grant something new.
pub fn check_link(
    sandbox: &Sandbox,
    caller: Caller<'_>,
    from: Resolved,
    to: Resolved,
) -> Result<(CheckedPath, CheckedPath), Errno> {
    let to = check(sandbox, caller, to, FsOps::of(FsOp::Create))?;
    if let Some(denial) = sandbox.perm.moving_grants(&from.path, to.path(), false) {
        return Err(refuse(sandbox, caller, &from.path, denial));
    }
    Ok((CheckedPath { resolved: from, granted: FsOps::NONE }, to))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A policy with `ro` mounted read-only at `/ro`, `rw` read-write at `/rw`, and
    /// `rules` appended.
    fn perms(rules: &str) -> FsPermissions {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("ro")).unwrap();
        std::fs::create_dir(dir.path().join("rw")).unwrap();
        let text = format!(
            "[[mount]]\nhost = \"ro\"\npath = \"/ro\"\n\n[[mount]]\nhost = \"rw\"\npath = \"/rw\"\nmode = \"rw\"\n\n{rules}"
        );
        let policy = policies::load::parse(&text, &dir.path().join("policy.toml")).unwrap();
        FsPermissions::new(&policy)
    }

    fn p(s: &str) -> VPath {
        VPath::parse_trusted(s)
    }

    fn rule_of(perm: &FsPermissions, path: &str, op: FsOp) -> Option<(Errno, String)> {
        perm.decide(&p(path), op).err().map(|d| (d.errno, d.rule))
    }

    const R: FsOp = FsOp::Read;
    const W: FsOp = FsOp::Write;
    const C: FsOp = FsOp::Create;
    const D: FsOp = FsOp::Delete;

    #[test]
    fn baseline_comes_from_the_mounts() {
        let perm = perms("");
        assert_eq!(perm.effective(&p("/ro/f")), FsOps::READ);
        assert_eq!(perm.effective(&p("/ro")), FsOps::READ);
        assert_eq!(perm.effective(&p("/rw/a/b")), FsOps::ALL);
        assert_eq!(perm.effective(&p("/tmp/x")), FsOps::ALL);
        assert_eq!(perm.effective(&p("/tmp")), FsOps::READ);
        assert_eq!(perm.effective(&p("/")), FsOps::READ);
        assert_eq!(perm.effective(&p("/etc/x")), FsOps::READ);
        assert_eq!(
            rule_of(&perm, "/ro/f", W),
            Some((Errno::EROFS, "mount[0].mode = \"ro\"".into()))
        );
        assert_eq!(
            rule_of(&perm, "/ro/f", D),
            Some((Errno::EROFS, "mount[0].mode = \"ro\"".into()))
        );
        assert_eq!(rule_of(&perm, "/newdir", C), Some((Errno::EACCES, "default deny".into())));
        assert_eq!(rule_of(&perm, "/tmp", D), Some((Errno::EACCES, "default deny".into())));
    }

    #[test]
    fn the_innermost_mount_decides() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a/b")).unwrap();
        let text = "[[mount]]\nhost = \"a\"\npath = \"/m\"\nmode = \"rw\"\n\n[[mount]]\nhost = \"a/b\"\npath = \"/m/b\"\n";
        let policy = policies::load::parse(text, &dir.path().join("p.toml")).unwrap();
        let perm = FsPermissions::new(&policy);
        assert_eq!(perm.effective(&p("/m/x")), FsOps::ALL);
        assert_eq!(
            rule_of(&perm, "/m/b/x", W),
            Some((Errno::EROFS, "mount[1].mode = \"ro\"".into()))
        );
    }

    #[test]
    fn deny_wins_over_baseline_and_allow_in_any_order() {
        let perm = perms(
            "[[fs]]\npath = \"/rw/**\"\nallow = [\"read\"]\n\n[[fs]]\npath = \"/rw/secret/**\"\ndeny = [\"read\", \"delete\"]\n\n[[fs]]\npath = \"/rw/secret/open\"\nallow = [\"read\"]\n",
        );
        assert_eq!(rule_of(&perm, "/rw/secret", R), Some((Errno::EACCES, "fs[1].deny".into())));
        assert_eq!(rule_of(&perm, "/rw/secret/a/b", R), Some((Errno::EACCES, "fs[1].deny".into())));
        // A later, more specific allow does not win.
        assert_eq!(
            rule_of(&perm, "/rw/secret/open", R),
            Some((Errno::EACCES, "fs[1].deny".into()))
        );
        assert_eq!(rule_of(&perm, "/rw/secret/x", D), Some((Errno::EACCES, "fs[1].deny".into())));
        // Operations the rule does not name keep the baseline.
        assert_eq!(perm.effective(&p("/rw/secret/x")), FsOps::of(W).with(C));
        assert_eq!(perm.effective(&p("/rw/secrets")), FsOps::ALL);
    }

    #[test]
    fn allow_grants_beyond_the_baseline_but_not_past_a_read_only_mount() {
        let perm = perms(
            "[[fs]]\npath = \"/work/**\"\nallow = [\"create\", \"write\", \"delete\"]\n\n[[fs]]\npath = \"/ro/**\"\nallow = [\"write\", \"create\"]\n",
        );
        assert_eq!(perm.effective(&p("/work")), FsOps::ALL);
        assert_eq!(perm.effective(&p("/work/a/b.txt")), FsOps::ALL);
        assert_eq!(perm.effective(&p("/workshop")), FsOps::READ);
        assert_eq!(
            rule_of(&perm, "/ro/f", W),
            Some((Errno::EROFS, "mount[0].mode = \"ro\"".into()))
        );
        assert_eq!(
            rule_of(&perm, "/ro/n", C),
            Some((Errno::EROFS, "mount[0].mode = \"ro\"".into()))
        );
    }

    #[test]
    fn star_and_double_star_patterns() {
        let perm = perms(
            "[[fs]]\npath = \"/rw/*.key\"\ndeny = [\"read\"]\n\n[[fs]]\npath = \"/**/.git/**\"\ndeny = [\"write\", \"delete\"]\n",
        );
        assert!(perm.decide(&p("/rw/id.key"), R).is_err());
        assert!(perm.decide(&p("/rw/.key"), R).is_err());
        assert!(perm.decide(&p("/rw/sub/id.key"), R).is_ok());
        assert!(perm.decide(&p("/rw/id.key.pub"), R).is_ok());
        assert!(perm.decide(&p("/rw/.git"), D).is_err());
        assert!(perm.decide(&p("/rw/a/b/.git/objects/x"), W).is_err());
        assert!(perm.decide(&p("/tmp/.git/HEAD"), W).is_err());
        assert!(perm.decide(&p("/rw/a/b/.github/x"), W).is_ok());
        assert!(perm.decide(&p("/rw/a/b/.git/objects/x"), R).is_ok());
    }

    #[test]
    fn open_needs_what_the_flags_do() {
        use oflags::*;
        let r = FsOps::READ;
        let w = FsOps::of(W);
        assert_eq!(open_ops(O_RDONLY, true), r);
        assert_eq!(open_ops(O_WRONLY, true), w);
        assert_eq!(open_ops(O_RDWR, true), r.with(W));
        assert_eq!(open_ops(O_RDONLY | O_TRUNC, true), r.with(W));
        assert_eq!(open_ops(O_WRONLY | O_CREAT | O_TRUNC, true), w);
        assert_eq!(open_ops(O_WRONLY | O_CREAT | O_TRUNC, false), FsOps::of(C));
        assert_eq!(open_ops(O_RDWR | O_CREAT, false), FsOps::of(C));
        assert_eq!(open_ops(O_RDONLY, false), FsOps::NONE);
        assert_eq!(open_ops(O_WRONLY | O_CREAT | O_EXCL, true), FsOps::NONE);
        assert_eq!(open_ops(O_WRONLY | O_CREAT | O_EXCL, false), FsOps::of(C));
        assert_eq!(open_ops(O_PATH, true), r);
        assert_eq!(open_ops(O_RDONLY | O_DIRECTORY, true), r);
    }

    #[test]
    fn moves_may_not_grant_anything_new() {
        let perm = perms(
            "[[fs]]\npath = \"/rw/secret/**\"\ndeny = [\"read\"]\n\n[[fs]]\npath = \"/rw/**/*.log\"\ndeny = [\"delete\"]\n",
        );
        // Out of the denied tree: the new name would be readable.
        let d = perm.moving_grants(&p("/rw/secret/x"), &p("/rw/x"), false).unwrap();
        assert_eq!((d.errno, d.rule.as_str()), (Errno::EXDEV, "fs[0].deny"));
        // Into it, or within it, or alike elsewhere: fine.
        assert_eq!(perm.moving_grants(&p("/rw/x"), &p("/rw/secret/x"), false), None);
        assert_eq!(perm.moving_grants(&p("/rw/secret/a"), &p("/rw/secret/b/c"), true), None);
        assert_eq!(perm.moving_grants(&p("/rw/a"), &p("/rw/b"), false), None);
        // A directory carries its tree. Into a tree a rule denies entirely: only loses.
        assert_eq!(perm.moving_grants(&p("/rw/d"), &p("/rw/secret/d"), true), None);
        // Out of it: the directory itself already gains.
        assert!(perm.moving_grants(&p("/rw/secret/d"), &p("/rw/d"), true).is_some());
        let perm = perms("[[fs]]\npath = \"/rw/a/*/key\"\ndeny = [\"read\"]\n");
        let d = perm.moving_grants(&p("/rw/a"), &p("/rw/b"), true).unwrap();
        assert_eq!((d.errno, d.rule.as_str()), (Errno::EXDEV, "fs[0].path"));
        assert_eq!(perm.moving_grants(&p("/rw/a"), &p("/rw/b"), false), None);
        assert_eq!(perm.moving_grants(&p("/rw/c"), &p("/rw/d"), true), None);
        // The baseline counts too: a tree from the read-only root into /tmp would
        // gain write.
        let perm = perms("[[fs]]\npath = \"/work\"\nallow = [\"delete\", \"write\", \"create\"]\n");
        let d = perm.moving_grants(&p("/work"), &p("/tmp/work"), true).unwrap();
        assert_eq!(d.rule, "default deny");
    }
}
