//! Reading and validating `policy.toml`.
//!
//! Every problem of a file is reported, each as `file:line:column: `key`: message`:
//! 1. Syntax: the TOML parser; a file that is not TOML has no keys to name, so the
//!    first syntax error is the only one reported.
//! 2. Shape: each top-level section (and each element of `[[mount]]` and `[[fs]]`) is
//!    deserialized on its own into the private `Raw*` structs below (every one
//!    `deny_unknown_fields`), through `serde_path_to_error` so a type error names its
//!    dotted key (`limits.memory_mb`, `mount[1].mode`). A section with a shape error
//!    is reported and left out; the others are still checked.
//! 3. Meaning: [`validate`] turns the raw structs into [`crate::schema`] types, using
//!    the `toml::Spanned` positions the raw structs kept, and collects every problem.
//!
//! The key syntax: tables are joined with `.`, array elements are `[index]` counted
//! from 0 (`mount[0].path` is the first `[[mount]]`), matching `serde_path_to_error`.

use std::collections::BTreeMap;
use std::fmt::Display;
use std::ops::{Range, RangeInclusive};
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::Deserialize;
use toml::de::{DeTable, DeValue, ValueDeserializer};
use toml::Spanned;

use crate::fs::{FsOp, FsOps, FsRule, PathPattern};
use crate::net::NetPattern;
use crate::schema::{
    AuditPolicy, Confinement, EnvPolicy, IfUnsupported, Limits, Mount, MountMode, MountSource,
    NetPolicy, Policy, ProcessPolicy, SpawnList, TmpfsSize,
};

/// A policy that cannot be used. The message names file, line and key.
#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    /// The file could not be read.
    #[error("{file}: {source}")]
    Read {
        /// The policy file.
        file: PathBuf,
        /// Why it could not be read.
        source: std::io::Error,
    },
    /// The file is not TOML (so there is no key to name yet).
    #[error("{file}:{line}:{column}: {message}")]
    Syntax {
        /// The policy file.
        file: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column (in characters) of the problem.
        column: usize,
        /// What is wrong, from the TOML parser.
        message: String,
    },
    /// A key is unknown, has the wrong type, or a value is not acceptable.
    #[error("{file}:{line}:{column}: `{key}`: {message}")]
    Invalid {
        /// The policy file.
        file: PathBuf,
        /// 1-based line of the offending key or value.
        line: usize,
        /// 1-based column (in characters) of the offending key or value.
        column: usize,
        /// Dotted key path, e.g. `limits.memory_mb` or `mount[0].path`.
        key: String,
        /// What is wrong with it.
        message: String,
    },
    /// More than one problem: each is an [`PolicyError::Invalid`], in file order, and
    /// the message has one line per problem.
    #[error("{}", lines(.0))]
    Several(Vec<PolicyError>),
}

fn lines(all: &[PolicyError]) -> String {
    all.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
}

impl PolicyError {
    /// Every problem this error stands for, in file order: itself, or each of
    /// [`PolicyError::Several`].
    ///
    /// # Examples
    /// ```
    /// use std::path::Path;
    /// let text = "[limits]\ncpu_ms = 0\nopen_files = 1\n";
    /// let err = policies::load::parse(text, Path::new("p.toml")).unwrap_err();
    /// let lines: Vec<String> = err.problems().iter().map(|e| e.to_string()).collect();
    /// assert_eq!(lines.len(), 2);
    /// assert!(lines[0].starts_with("p.toml:2:10: `limits.cpu_ms`: "), "{}", lines[0]);
    /// assert!(lines[1].starts_with("p.toml:3:14: `limits.open_files`: "), "{}", lines[1]);
    /// ```
    pub fn problems(&self) -> &[PolicyError] {
        match self {
            PolicyError::Several(all) => all,
            one => std::slice::from_ref(one),
        }
    }

    fn position(&self) -> (usize, usize) {
        match self {
            PolicyError::Syntax { line, column, .. }
            | PolicyError::Invalid { line, column, .. } => (*line, *column),
            PolicyError::Read { .. } | PolicyError::Several(_) => (0, 0),
        }
    }
}

/// Loads and validates a policy file.
///
/// Relative `host` directories in `[[mount]]` and the `[audit] file` are resolved
/// against the directory that holds `path`.
///
/// # Errors
/// [`PolicyError`] naming the file, line and key of every problem:
/// [`PolicyError::Read`] if the file cannot be read, [`PolicyError::Syntax`] if it is not
/// TOML, [`PolicyError::Invalid`] for an unknown key, a wrong type or a bad value, and
/// [`PolicyError::Several`] when there is more than one of those.
///
/// # Examples
/// ```
/// # let dir = tempfile::tempdir().unwrap();
/// # std::fs::create_dir(dir.path().join("app")).unwrap();
/// let file = dir.path().join("policy.toml");
/// std::fs::write(&file, "[[mount]]\nhost = \"app\"\npath = \"/app\"\n").unwrap();
/// let policy = policies::load(&file).unwrap();
/// assert_eq!(policy.mounts[0].path, "/app");
///
/// std::fs::write(&file, "[limits]\nmemory_mb = \"x\"\n").unwrap();
/// let err = policies::load(&file).unwrap_err().to_string();
/// assert!(err.ends_with("policy.toml:2:13: `limits.memory_mb`: invalid type: string \"x\", expected u64"), "{err}");
/// ```
pub fn load(path: &Path) -> Result<Policy, PolicyError> {
    let text = std::fs::read_to_string(path)
        .map_err(|source| PolicyError::Read { file: path.to_owned(), source })?;
    parse(&text, path)
}

/// Validates policy text as if it had been read from `file`: messages name `file`, and
/// relative `host` directories resolve against its directory. [`load`] is this plus
/// reading the file.
///
/// # Errors
/// As [`load`], except [`PolicyError::Read`].
///
/// # Examples
/// ```
/// use std::path::Path;
/// let err = policies::load::parse("color = 1\n", Path::new("p.toml")).unwrap_err();
/// assert!(err.to_string().starts_with("p.toml:1:1: `color`: unknown field `color`"), "{err}");
/// ```
pub fn parse(text: &str, file: &Path) -> Result<Policy, PolicyError> {
    let at = Locator { text, file };
    let root = DeTable::parse(text).map_err(|e| {
        let (line, column) = at.position(e.span().map_or(0, |s| s.start));
        PolicyError::Syntax {
            file: file.to_owned(),
            line,
            column,
            message: e.message().trim_end().to_owned(),
        }
    })?;
    let mut errors = Vec::new();
    let raw = read_sections(root.into_inner(), &at, &mut errors);
    let policy = validate(raw, &at, &mut errors);
    if errors.len() <= 1 {
        return errors.pop().map_or(Ok(policy), Err);
    }
    errors.sort_by_key(PolicyError::position);
    Err(PolicyError::Several(errors))
}

/// Where positions and messages come from while validating one file.
struct Locator<'a> {
    text: &'a str,
    file: &'a Path,
}

impl Locator<'_> {
    /// 1-based line and column (in characters) of byte `offset`.
    fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let before = self.text.get(..offset).unwrap_or(self.text);
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        (line, column)
    }

    fn invalid(&self, span: Range<usize>, key: String, message: String) -> PolicyError {
        let (line, column) = self.position(span.start);
        PolicyError::Invalid { file: self.file.to_owned(), line, column, key, message }
    }

    fn line(&self, span: &Range<usize>) -> usize {
        self.position(span.start).0
    }
}

/// The dotted key of a `serde_path_to_error` path, without the private segments
/// `toml::Spanned` deserializes through.
fn key_path(path: &serde_path_to_error::Path) -> String {
    let mut key = String::new();
    for segment in path.iter() {
        match segment {
            serde_path_to_error::Segment::Seq { index } => key.push_str(&format!("[{index}]")),
            serde_path_to_error::Segment::Map { key: name }
            | serde_path_to_error::Segment::Enum { variant: name } => {
                if name.starts_with("$__serde_spanned_private") {
                    continue;
                }
                if !key.is_empty() {
                    key.push('.');
                }
                key.push_str(name);
            }
            serde_path_to_error::Segment::Unknown => {
                if !key.is_empty() {
                    key.push('.');
                }
                key.push('?');
            }
        }
    }
    key
}

/// `prefix` and a key path inside it, joined.
fn join_key(prefix: &str, inner: &str) -> String {
    if inner.is_empty() {
        prefix.to_owned()
    } else if inner.starts_with('[') {
        format!("{prefix}{inner}")
    } else {
        format!("{prefix}.{inner}")
    }
}

// ---------------------------------------------------------------------------------------
// The file's syntax. Private: only `validate` reads these.

/// The top-level sections, in the order messages list them.
const SECTIONS: &[&str] =
    &["mount", "fs", "env", "process", "net", "audit", "limits", "confinement"];

#[derive(Default)]
struct RawPolicy {
    /// With each element's index in the file (elements with shape errors are left out).
    mount: Vec<(usize, RawMount)>,
    fs: Vec<(usize, RawFs)>,
    env: RawEnv,
    process: RawProcess,
    net: RawNet,
    audit: RawAudit,
    limits: RawLimits,
    confinement: RawConfinement,
}

/// Deserializes each top-level section on its own, so that a problem in one does not
/// hide the problems of the others.
fn read_sections(root: DeTable<'_>, at: &Locator<'_>, errors: &mut Vec<PolicyError>) -> RawPolicy {
    let mut raw = RawPolicy::default();
    for (key, value) in root {
        let name: &str = key.get_ref();
        match name {
            "mount" => raw.mount = array_section(value, "mount", at, errors),
            "fs" => raw.fs = array_section(value, "fs", at, errors),
            "env" => raw.env = section(value, "env", at, errors).unwrap_or_default(),
            "process" => raw.process = section(value, "process", at, errors).unwrap_or_default(),
            "net" => raw.net = section(value, "net", at, errors).unwrap_or_default(),
            "audit" => raw.audit = section(value, "audit", at, errors).unwrap_or_default(),
            "limits" => raw.limits = section(value, "limits", at, errors).unwrap_or_default(),
            "confinement" => {
                raw.confinement = section(value, "confinement", at, errors).unwrap_or_default();
            }
            other => {
                let expected =
                    SECTIONS.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ");
                errors.push(at.invalid(
                    key.span(),
                    other.to_owned(),
                    format!("unknown field `{other}`, expected one of {expected}"),
                ));
            }
        }
    }
    raw
}

/// One value deserialized as `T`; a shape error is recorded under `key`.
fn section<T: DeserializeOwned>(
    value: Spanned<DeValue<'_>>,
    key: &str,
    at: &Locator<'_>,
    errors: &mut Vec<PolicyError>,
) -> Option<T> {
    let span = value.span();
    match serde_path_to_error::deserialize(ValueDeserializer::from(value)) {
        Ok(v) => Some(v),
        Err(e) => {
            let key = join_key(key, &key_path(e.path()));
            let inner = e.into_inner();
            let message = inner.message().trim_end().to_owned();
            errors.push(at.invalid(inner.span().unwrap_or(span), key, message));
            None
        }
    }
}

/// An array of tables (`[[mount]]`), element by element.
fn array_section<T: DeserializeOwned>(
    value: Spanned<DeValue<'_>>,
    key: &str,
    at: &Locator<'_>,
    errors: &mut Vec<PolicyError>,
) -> Vec<(usize, T)> {
    let span = value.span();
    match value.into_inner() {
        DeValue::Array(items) => items
            .into_iter()
            .enumerate()
            .filter_map(|(i, item)| {
                section(item, &format!("{key}[{i}]"), at, errors).map(|t| (i, t))
            })
            .collect(),
        other => section::<Vec<T>>(Spanned::new(span, other), key, at, errors)
            .map(|v| v.into_iter().enumerate().collect())
            .unwrap_or_default(),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMount {
    #[serde(default, rename = "type")]
    kind: Option<Spanned<RawMountKind>>,
    host: Option<Spanned<String>>,
    path: Spanned<String>,
    mode: Option<Spanned<RawMode>>,
    size_mb: Option<Spanned<u64>>,
    inodes: Option<Spanned<u64>>,
}

#[derive(Deserialize, Default, Clone, Copy, PartialEq, Eq)]
enum RawMountKind {
    #[default]
    #[serde(rename = "host")]
    Host,
    #[serde(rename = "tmpfs")]
    Tmpfs,
}

/// The largest `size_mb` of a `tmpfs` mount (1 TiB): beyond it is a typo, not a plan.
const MAX_TMPFS_MB: u64 = 1 << 20;
/// `inodes` of a `tmpfs` mount when not given.
pub const DEFAULT_TMPFS_INODES: u64 = 65_536;

#[derive(Deserialize, Default, Clone, Copy)]
enum RawMode {
    #[default]
    #[serde(rename = "ro")]
    ReadOnly,
    #[serde(rename = "rw")]
    ReadWrite,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFs {
    path: Spanned<String>,
    #[serde(default)]
    allow: Vec<Spanned<RawOp>>,
    #[serde(default)]
    deny: Vec<Spanned<RawOp>>,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum RawOp {
    Read,
    Write,
    Create,
    Delete,
}

impl RawOp {
    fn op(self) -> FsOp {
        match self {
            RawOp::Read => FsOp::Read,
            RawOp::Write => FsOp::Write,
            RawOp::Create => FsOp::Create,
            RawOp::Delete => FsOp::Delete,
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawEnv {
    #[serde(default)]
    pass: Vec<Spanned<String>>,
    #[serde(default)]
    // Keys are plain strings so that `serde_path_to_error` can name them
    // (`env.set.NAME`); errors about a name point at its value, on the same line.
    set: BTreeMap<String, Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawProcess {
    #[serde(default)]
    spawn: Vec<Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawNet {
    #[serde(default)]
    connect: Vec<Spanned<String>>,
    #[serde(default)]
    listen: Vec<Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawAudit {
    file: Option<Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawLimits {
    memory_mb: Option<Spanned<u64>>,
    cpu_ms: Option<Spanned<u64>>,
    wall_ms: Option<Spanned<u64>>,
    open_files: Option<Spanned<u32>>,
    processes: Option<Spanned<u32>>,
    fs_bytes: Option<Spanned<u64>>,
    fs_inodes: Option<Spanned<u64>>,
    output_bytes: Option<Spanned<u64>>,
    argv_bytes: Option<Spanned<u64>>,
    env_bytes: Option<Spanned<u64>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawConfinement {
    #[serde(default)]
    if_unsupported: RawIfUnsupported,
}

#[derive(Deserialize, Default, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum RawIfUnsupported {
    #[default]
    Refuse,
    Degrade,
}

// ---------------------------------------------------------------------------------------
// Meaning.

/// Sandbox paths the sandbox itself provides; a mount may not cover or sit inside them.
const RESERVED_PATHS: &[&str] = &["/dev", "/proc"];

fn validate(raw: RawPolicy, at: &Locator<'_>, errors: &mut Vec<PolicyError>) -> Policy {
    let base = at.file.parent().unwrap_or(Path::new(""));
    let mut report = |span: Range<usize>, key: String, message: String| {
        errors.push(at.invalid(span, key, message));
    };

    let mut mounts: Vec<Mount> = Vec::with_capacity(raw.mount.len());
    let mut seen: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (index, mount) in raw.mount {
        let path = match normalise_sandbox_path(mount.path.get_ref()) {
            Ok(path) => path,
            Err(m) => {
                report(mount.path.span(), format!("mount[{index}].path"), m);
                continue;
            }
        };
        if let Some(&(first, line)) = seen.get(&path) {
            report(
                mount.path.span(),
                format!("mount[{index}].path"),
                format!("`{path}` is already mounted by mount[{first}] (line {line})"),
            );
            continue;
        }
        seen.insert(path.clone(), (index, at.line(&mount.path.span())));
        let key = |field: &str| format!("mount[{index}].{field}");
        let kind = mount.kind.as_ref().map_or(RawMountKind::Host, |k| *k.get_ref());
        let mode = mount.mode.as_ref().map(|m| match m.get_ref() {
            RawMode::ReadOnly => MountMode::ReadOnly,
            RawMode::ReadWrite => MountMode::ReadWrite,
        });
        let source = match kind {
            RawMountKind::Host => {
                let mut ok = true;
                for (field, value) in [("size_mb", &mount.size_mb), ("inodes", &mount.inodes)] {
                    if let Some(v) = value {
                        let m = format!("only a `type = \"tmpfs\"` mount has `{field}`");
                        report(v.span(), key(field), m);
                        ok = false;
                    }
                }
                let Some(raw_host) = &mount.host else {
                    let m = "missing field `host` (or `type = \"tmpfs\"` for a mount in memory)";
                    report(mount.path.span(), key("host"), m.to_owned());
                    continue;
                };
                let host = match resolve_host_dir(base, raw_host.get_ref()) {
                    Ok(host) => host,
                    Err(m) => {
                        report(raw_host.span(), key("host"), m);
                        continue;
                    }
                };
                if !ok {
                    continue;
                }
                MountSource::Host(host)
            }
            RawMountKind::Tmpfs => {
                let mut ok = true;
                if let Some(h) = &mount.host {
                    let m = "a tmpfs mount has no host directory".to_owned();
                    report(h.span(), key("host"), m);
                    ok = false;
                }
                if let (Some(m), Some(MountMode::ReadOnly)) = (&mount.mode, mode) {
                    let msg =
                        "a tmpfs mount is always \"rw\" (an empty read-only one holds nothing)";
                    report(m.span(), key("mode"), msg.to_owned());
                    ok = false;
                }
                let size_mb = match &mount.size_mb {
                    None => {
                        let span = mount.kind.as_ref().map_or(mount.path.span(), Spanned::span);
                        let m = "missing field `size_mb`: a tmpfs mount needs its size".to_owned();
                        report(span, key("size_mb"), m);
                        None
                    }
                    Some(v) if *v.get_ref() == 0 || *v.get_ref() > MAX_TMPFS_MB => {
                        let m = format!("must be between 1 and {MAX_TMPFS_MB} (MiB)");
                        report(v.span(), key("size_mb"), m);
                        None
                    }
                    Some(v) => Some(*v.get_ref()),
                };
                let inodes = match &mount.inodes {
                    Some(v) if *v.get_ref() == 0 => {
                        report(v.span(), key("inodes"), "must be at least 1".to_owned());
                        None
                    }
                    Some(v) => Some(*v.get_ref()),
                    None => Some(DEFAULT_TMPFS_INODES),
                };
                match (size_mb, inodes, ok) {
                    (Some(mb), Some(inodes), true) => {
                        MountSource::Tmpfs(TmpfsSize { bytes: mb << 20, inodes })
                    }
                    _ => continue,
                }
            }
        };
        let mode = match source {
            MountSource::Host(_) => mode.unwrap_or(MountMode::ReadOnly),
            MountSource::Tmpfs(_) => MountMode::ReadWrite,
        };
        mounts.push(Mount { path, mode, source });
    }

    let mut fs = Vec::with_capacity(raw.fs.len());
    for (index, rule) in raw.fs {
        let key = |field: &str| format!("fs[{index}].{field}");
        let path = match PathPattern::parse(rule.path.get_ref()) {
            Ok(p) => Some(p),
            Err(m) => {
                report(rule.path.span(), key("path"), m);
                None
            }
        };
        let mut ops = |list: &[Spanned<RawOp>], field: &str| {
            let mut set = FsOps::NONE;
            for (i, op) in list.iter().enumerate() {
                let op_ = op.get_ref().op();
                if set.contains(op_) {
                    report(
                        op.span(),
                        format!("fs[{index}].{field}[{i}]"),
                        format!("`{op_}` is listed twice"),
                    );
                }
                set = set.with(op_);
            }
            set
        };
        let allow = ops(&rule.allow, "allow");
        let deny = ops(&rule.deny, "deny");
        if allow.is_empty() && deny.is_empty() {
            report(
                rule.path.span(),
                format!("fs[{index}]"),
                "the rule neither allows nor denies anything: add `allow` or `deny` \
                 (lists of \"read\", \"write\", \"create\", \"delete\")"
                    .to_owned(),
            );
        }
        for (i, op) in rule.deny.iter().enumerate() {
            let op_ = op.get_ref().op();
            if allow.contains(op_) {
                report(
                    op.span(),
                    format!("fs[{index}].deny[{i}]"),
                    format!("`{op_}` is both allowed and denied by this rule (deny would win)"),
                );
            }
        }
        if let Some(path) = path {
            fs.push(FsRule { path, allow, deny, line: at.line(&rule.path.span()) });
        }
    }

    let mut env = EnvPolicy::default();
    for (index, name) in raw.env.pass.iter().enumerate() {
        let key = format!("env.pass[{index}]");
        if let Err(m) = check_env_name(name.get_ref()) {
            report(name.span(), key, m);
        } else if env.pass.contains(name.get_ref()) {
            report(name.span(), key, format!("`{}` is listed twice", name.get_ref()));
        } else {
            env.pass.push(name.get_ref().clone());
        }
    }
    for (name, value) in raw.env.set {
        let key = format!("env.set.{name}");
        if let Err(m) = check_env_name(&name) {
            report(value.span(), key, m);
        } else if value.get_ref().contains('\0') {
            report(value.span(), key, "a value cannot contain NUL".to_owned());
        } else {
            env.set.insert(name, value.into_inner());
        }
    }

    let process = ProcessPolicy { spawn: spawn_list(&raw.process.spawn, &mut report) };

    let mut net = NetPolicy::default();
    for (field, list, out) in [
        ("connect", &raw.net.connect, &mut net.connect),
        ("listen", &raw.net.listen, &mut net.listen),
    ] {
        for (i, pattern) in list.iter().enumerate() {
            match NetPattern::parse(pattern.get_ref()) {
                Ok(p) if out.contains(&p) => report(
                    pattern.span(),
                    format!("net.{field}[{i}]"),
                    format!("`{p}` is listed twice"),
                ),
                Ok(p) => out.push(p),
                Err(m) => report(pattern.span(), format!("net.{field}[{i}]"), m),
            }
        }
    }

    let audit = AuditPolicy {
        file: raw.audit.file.and_then(|f| match resolve_audit_file(base, f.get_ref()) {
            Ok(path) => Some(path),
            Err(m) => {
                report(f.span(), "audit.file".to_owned(), m);
                None
            }
        }),
    };

    let l = raw.limits;
    let memory_mb = positive("memory_mb", l.memory_mb, &mut report);
    let cpu_ms = positive("cpu_ms", l.cpu_ms, &mut report);
    let wall_ms = positive("wall_ms", l.wall_ms, &mut report);
    let d = Limits::default();
    let open_files =
        in_range("open_files", l.open_files, Limits::OPEN_FILES_RANGE, d.open_files, &mut report);
    let processes =
        in_range("processes", l.processes, Limits::PROCESSES_RANGE, d.processes, &mut report);
    let fs_bytes =
        in_range("fs_bytes", l.fs_bytes, Limits::FS_BYTES_RANGE, d.fs_bytes, &mut report);
    let fs_inodes =
        in_range("fs_inodes", l.fs_inodes, Limits::FS_INODES_RANGE, d.fs_inodes, &mut report);
    let output_bytes = l
        .output_bytes
        .map(|v| in_range("output_bytes", Some(v), Limits::OUTPUT_BYTES_RANGE, 0, &mut report));
    let argv_bytes =
        in_range("argv_bytes", l.argv_bytes, Limits::ARG_BYTES_RANGE, d.argv_bytes, &mut report);
    let env_bytes = in_range(
        "env_bytes",
        l.env_bytes.clone(),
        Limits::ARG_BYTES_RANGE,
        d.env_bytes,
        &mut report,
    );
    if let Some(given) = &l.env_bytes {
        let fixed: u64 = env.set.iter().map(|(k, v)| k.len() as u64 + v.len() as u64 + 2).sum();
        if Limits::ARG_BYTES_RANGE.contains(given.get_ref()) && fixed > env_bytes {
            report(
                given.span(),
                "limits.env_bytes".to_owned(),
                format!(
                    "the fixed values of `[env] set` alone take {fixed} bytes, more than \
                     env_bytes = {env_bytes}"
                ),
            );
        }
    }

    let if_unsupported = match raw.confinement.if_unsupported {
        RawIfUnsupported::Refuse => IfUnsupported::Refuse,
        RawIfUnsupported::Degrade => IfUnsupported::Degrade,
    };

    Policy {
        source: at.file.to_owned(),
        mounts,
        fs,
        env,
        process,
        net,
        audit,
        limits: Limits {
            memory_mb,
            cpu_ms,
            wall_ms,
            open_files,
            processes,
            fs_bytes,
            fs_inodes,
            output_bytes,
            argv_bytes,
            env_bytes,
        },
        confinement: Confinement { if_unsupported },
    }
}

/// An optional `[limits]` value that must be positive when given.
fn positive(
    field: &str,
    value: Option<Spanned<u64>>,
    report: &mut dyn FnMut(Range<usize>, String, String),
) -> Option<u64> {
    match value {
        Some(v) if *v.get_ref() == 0 => {
            report(
                v.span(),
                format!("limits.{field}"),
                "must be a positive integer (leave it out for no limit)".to_owned(),
            );
            None
        }
        Some(v) => Some(v.into_inner()),
        None => None,
    }
}

/// A `[limits]` value within `range`, or `default` when it is left out (or wrong).
fn in_range<T: PartialOrd + Display + Copy>(
    field: &str,
    value: Option<Spanned<T>>,
    range: RangeInclusive<T>,
    default: T,
    report: &mut dyn FnMut(Range<usize>, String, String),
) -> T {
    match value {
        Some(v) if !range.contains(v.get_ref()) => {
            report(
                v.span(),
                format!("limits.{field}"),
                format!("{} is out of range {}..={}", v.get_ref(), range.start(), range.end()),
            );
            default
        }
        Some(v) => v.into_inner(),
        None => default,
    }
}

/// `[process] spawn`: command names, or `["*"]`.
fn spawn_list(
    raw: &[Spanned<String>],
    report: &mut dyn FnMut(Range<usize>, String, String),
) -> SpawnList {
    let mut names: Vec<String> = Vec::new();
    let mut any = false;
    for (i, name) in raw.iter().enumerate() {
        let key = format!("process.spawn[{i}]");
        let n = name.get_ref();
        let problem = if n == "*" {
            any = true;
            (raw.len() > 1).then(|| "`*` allows every command: list nothing beside it".to_owned())
        } else if n.is_empty() {
            Some("a command name cannot be empty".to_owned())
        } else if n.contains('/') {
            Some(format!("`{n}` is a path: list command names (`sh`, `ls`), not paths"))
        } else if n.contains('*') {
            Some(format!("`{n}`: only `*` on its own is a wildcard (every command)"))
        } else if n.contains('\0') || n.chars().any(char::is_whitespace) {
            Some(format!("`{}` is not a command name", n.escape_default()))
        } else if names.contains(n) {
            Some(format!("`{n}` is listed twice"))
        } else {
            names.push(n.clone());
            None
        };
        if let Some(m) = problem {
            report(name.span(), key, m);
        }
    }
    if any {
        SpawnList::Any
    } else {
        SpawnList::Names(names)
    }
}

/// `path` of a `[[mount]]`: absolute, no `.`/`..`, empty components dropped, not `/`,
/// not a path the sandbox owns.
fn normalise_sandbox_path(raw: &str) -> Result<String, String> {
    if !raw.starts_with('/') {
        return Err(format!("`{raw}` is not absolute (sandbox paths start with `/`)"));
    }
    if raw.contains('\0') {
        return Err("a path cannot contain NUL".to_owned());
    }
    let mut normalised = String::with_capacity(raw.len());
    for component in raw.split('/').filter(|c| !c.is_empty()) {
        if component == "." || component == ".." {
            return Err(format!("`{raw}` contains `{component}`; write the path it means"));
        }
        normalised.push('/');
        normalised.push_str(component);
    }
    if normalised.is_empty() {
        return Err("`/` cannot be a mount point: mount directories below it".to_owned());
    }
    for reserved in RESERVED_PATHS {
        let inside = normalised
            .strip_prefix(reserved)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
        if inside {
            return Err(format!(
                "`{normalised}` is inside `{reserved}`, which the sandbox provides itself"
            ));
        }
    }
    Ok(normalised)
}

/// `host` of a `[[mount]]`: an existing directory, relative to the policy file's
/// directory unless absolute; returned canonical.
fn resolve_host_dir(base: &Path, raw: &str) -> Result<PathBuf, String> {
    if raw.is_empty() {
        return Err("empty host directory (use \".\" for the policy file's directory)".to_owned());
    }
    let joined = base.join(raw);
    let canonical =
        joined.canonicalize().map_err(|e| format!("host directory `{}`: {e}", joined.display()))?;
    if !canonical.is_dir() {
        return Err(format!("host path `{}` is not a directory", canonical.display()));
    }
    Ok(canonical)
}

/// `[audit] file`: a host file (created when the kernel starts, appended to) in an
/// existing directory, relative to the policy file's directory unless absolute;
/// returned absolute, its directory canonical.
fn resolve_audit_file(base: &Path, raw: &str) -> Result<PathBuf, String> {
    if raw.is_empty() {
        return Err("empty file name (leave `file` out to audit to the kernel's stderr)".into());
    }
    if raw.contains('\0') {
        return Err("a file name cannot contain NUL".to_owned());
    }
    let joined = base.join(raw);
    let (Some(dir), Some(name)) = (joined.parent(), joined.file_name()) else {
        return Err(format!("`{raw}` does not name a file"));
    };
    let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    let dir = dir
        .canonicalize()
        .map_err(|e| format!("directory `{}` of the audit file: {e}", dir.display()))?;
    if !dir.is_dir() {
        return Err(format!("`{}` is not a directory", dir.display()));
    }
    let file = dir.join(name);
    if file.is_dir() {
        return Err(format!("`{}` is a directory", file.display()));
    }
    Ok(file)
}

/// An environment variable name the runtime can pass to `execve`.
fn check_env_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        Err("an environment variable name cannot be empty".to_owned())
    } else if name.contains('=') {
        Err(format!("`{name}` is not a variable name: it contains `=`"))
    } else if name.contains('\0') {
        Err("an environment variable name cannot contain NUL".to_owned())
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::SpawnList;

    /// A policy file in a fresh directory that also holds `app/` and `data/`.
    struct Fixture {
        dir: tempfile::TempDir,
    }

    impl Fixture {
        fn new() -> Fixture {
            let dir = tempfile::tempdir().unwrap();
            std::fs::create_dir(dir.path().join("app")).unwrap();
            std::fs::create_dir(dir.path().join("data")).unwrap();
            Fixture { dir }
        }

        fn file(&self) -> PathBuf {
            self.dir.path().join("policy.toml")
        }

        fn load(&self, text: &str) -> Result<Policy, PolicyError> {
            std::fs::write(self.file(), text).unwrap();
            load(&self.file())
        }

        /// Loads `text`, expects an `Invalid` error and returns (line, key, message).
        fn invalid(&self, text: &str) -> (usize, String, String) {
            match self.load(text) {
                Err(e @ PolicyError::Invalid { .. }) => {
                    let shown = e.to_string();
                    let PolicyError::Invalid { file, line, column, key, message } = e else {
                        unreachable!()
                    };
                    assert_eq!(file, self.file());
                    // The printed form is exactly what the kernel will show.
                    assert_eq!(
                        shown,
                        format!("{}:{line}:{column}: `{key}`: {message}", self.file().display())
                    );
                    (line, key, message)
                }
                other => panic!("expected an Invalid error, got {other:?}"),
            }
        }
    }

    #[test]
    fn valid_full_policy() {
        let fx = Fixture::new();
        let abs = fx.dir.path().join("data").display().to_string();
        let policy = fx
            .load(&format!(
                r#"
[[mount]]
host = "app"
path = "/app//src/"

[[mount]]
host = "{abs}"
path = "/data"
mode = "rw"

[env]
pass = ["HOME", "LANG"]
set = {{ NODE_ENV = "production", EMPTY = "" }}

[limits]
memory_mb = 512
cpu_ms = 30000
open_files = 1024

[confinement]
if_unsupported = "degrade"
"#
            ))
            .unwrap();
        let root = fx.dir.path().canonicalize().unwrap();
        assert_eq!(policy.source, fx.file());
        assert_eq!(
            policy.mounts,
            vec![
                Mount {
                    source: MountSource::Host(root.join("app")),
                    path: "/app/src".into(),
                    mode: MountMode::ReadOnly
                },
                Mount {
                    source: MountSource::Host(root.join("data")),
                    path: "/data".into(),
                    mode: MountMode::ReadWrite
                },
            ]
        );
        assert_eq!(policy.env.pass, ["HOME", "LANG"]);
        assert_eq!(
            policy.env.set,
            BTreeMap::from([
                ("EMPTY".to_owned(), String::new()),
                ("NODE_ENV".to_owned(), "production".to_owned())
            ])
        );
        assert_eq!(
            policy.limits,
            Limits {
                memory_mb: Some(512),
                cpu_ms: Some(30000),
                open_files: 1024,
                ..Limits::default()
            }
        );
        assert_eq!(policy.confinement.if_unsupported, IfUnsupported::Degrade);
    }

    #[test]
    fn empty_policy_has_defaults() {
        let policy = Fixture::new().load("").unwrap();
        assert!(policy.mounts.is_empty());
        assert_eq!(policy.env, EnvPolicy::default());
        assert_eq!(policy.limits, Limits::default());
        assert_eq!(policy.limits.open_files, 256);
        assert_eq!(policy.confinement.if_unsupported, IfUnsupported::Refuse);
    }

    #[test]
    fn example_policy_is_valid() {
        let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/example.toml");
        let policy = load(&file).unwrap();
        assert!(!policy.mounts.is_empty());
        assert!(policy.limits.memory_mb.is_some() && policy.limits.cpu_ms.is_some());
    }

    #[test]
    fn unknown_top_level_key() {
        let (line, key, message) =
            Fixture::new().invalid("[limits]\ncpu_ms = 5\n\n[network]\nallow = []\n");
        assert_eq!((line, key.as_str()), (4, "network"));
        assert!(
            message.starts_with("unknown field `network`, expected one of `mount`"),
            "{message}"
        );
    }

    #[test]
    fn unknown_nested_key() {
        let (line, key, message) = Fixture::new().invalid(
            "[[mount]]\nhost = \"app\"\npath = \"/app\"\n\n[[mount]]\nhost = \"data\"\npath = \"/d\"\nreadonly = true\n",
        );
        assert_eq!((line, key.as_str()), (8, "mount[1].readonly"));
        assert!(
            message.starts_with(
                "unknown field `readonly`, expected one of `type`, `host`, `path`, `mode`"
            ),
            "{message}"
        );

        let (line, key, _) = Fixture::new().invalid("[limits]\nmemory = 3\n");
        assert_eq!((line, key.as_str()), (2, "limits.memory"));
    }

    #[test]
    fn wrong_type() {
        let fx = Fixture::new();
        let text = "# limits\n\n\n\n\n[limits]\nmemory_mb = \"x\"\n";
        let (line, key, message) = fx.invalid(text);
        assert_eq!((line, key.as_str()), (7, "limits.memory_mb"));
        assert_eq!(message, "invalid type: string \"x\", expected u64");
        assert_eq!(
            fx.load(text).unwrap_err().to_string(),
            format!(
                "{}:7:13: `limits.memory_mb`: invalid type: string \"x\", expected u64",
                fx.file().display()
            )
        );

        let (line, key, _) = fx.invalid("[env]\nset = { A = 1 }\n");
        assert_eq!((line, key.as_str()), (2, "env.set.A"));
        let (line, key, _) = fx.invalid("[env]\npass = [\"A\",\n  3]\n");
        assert_eq!((line, key.as_str()), (3, "env.pass[1]"));
    }

    #[test]
    fn missing_host_dir() {
        let (line, key, message) =
            Fixture::new().invalid("[[mount]]\npath = \"/app\"\nhost = \"nowhere\"\n");
        assert_eq!((line, key.as_str()), (3, "mount[0].host"));
        assert!(
            message.contains("nowhere") && message.contains("No such file or directory"),
            "{message}"
        );
    }

    #[test]
    fn host_must_be_a_directory() {
        let fx = Fixture::new();
        std::fs::write(fx.dir.path().join("file"), "").unwrap();
        let (line, key, message) = fx.invalid("[[mount]]\nhost = \"file\"\npath = \"/f\"\n");
        assert_eq!((line, key.as_str()), (2, "mount[0].host"));
        assert!(message.contains("is not a directory"), "{message}");
    }

    #[test]
    fn relative_path() {
        let (line, key, message) =
            Fixture::new().invalid("[[mount]]\nhost = \"app\"\npath = \"app\"\n");
        assert_eq!((line, key.as_str()), (3, "mount[0].path"));
        assert!(message.contains("is not absolute"), "{message}");
    }

    #[test]
    fn dot_dot_in_path() {
        let fx = Fixture::new();
        let (line, key, message) =
            fx.invalid("[[mount]]\nhost = \"app\"\npath = \"/app/../etc\"\n");
        assert_eq!((line, key.as_str()), (3, "mount[0].path"));
        assert!(message.contains("contains `..`"), "{message}");
        let (_, _, message) = fx.invalid("[[mount]]\nhost = \"app\"\npath = \"/app/./x\"\n");
        assert!(message.contains("contains `.`"), "{message}");
    }

    #[test]
    fn root_and_reserved_paths() {
        let fx = Fixture::new();
        for (path, expect) in [
            ("/", "`/` cannot be a mount point"),
            ("//", "`/` cannot be a mount point"),
            ("/dev", "inside `/dev`"),
            ("/proc/self/", "inside `/proc`"),
        ] {
            let (line, key, message) =
                fx.invalid(&format!("[[mount]]\nhost = \"app\"\npath = \"{path}\"\n"));
            assert_eq!((line, key.as_str()), (3, "mount[0].path"));
            assert!(message.contains(expect), "{path}: {message}");
        }
        // Only whole components count: `/device` is not inside `/dev`.
        fx.load("[[mount]]\nhost = \"app\"\npath = \"/device\"\n").unwrap();
    }

    #[test]
    fn tmpfs_mounts() {
        let fx = Fixture::new();
        let policy = fx
            .load("[[mount]]\ntype = \"tmpfs\"\npath = \"/scratch\"\nsize_mb = 16\ninodes = 100\n")
            .unwrap();
        assert_eq!(
            policy.mounts,
            vec![Mount {
                source: MountSource::Tmpfs(TmpfsSize { bytes: 16 << 20, inodes: 100 }),
                path: "/scratch".into(),
                mode: MountMode::ReadWrite,
            }]
        );
        let policy = fx.load("[[mount]]\ntype = \"tmpfs\"\npath = \"/s\"\nsize_mb = 1\n").unwrap();
        assert_eq!(
            policy.mounts[0].source,
            MountSource::Tmpfs(TmpfsSize { bytes: 1 << 20, inodes: DEFAULT_TMPFS_INODES })
        );
        for (body, line, key, message) in [
            ("type = \"tmpfs\"\npath = \"/s\"", 2, "mount[0].size_mb", "missing field `size_mb`"),
            (
                "type = \"tmpfs\"\npath = \"/s\"\nsize_mb = 0",
                4,
                "mount[0].size_mb",
                "must be between",
            ),
            (
                "type = \"tmpfs\"\npath = \"/s\"\nsize_mb = 2000000",
                4,
                "mount[0].size_mb",
                "must be between",
            ),
            (
                "type = \"tmpfs\"\npath = \"/s\"\nsize_mb = 1\nhost = \"app\"",
                5,
                "mount[0].host",
                "a tmpfs mount has no host",
            ),
            (
                "type = \"tmpfs\"\npath = \"/s\"\nsize_mb = 1\nmode = \"ro\"",
                5,
                "mount[0].mode",
                "always \"rw\"",
            ),
            (
                "type = \"tmpfs\"\npath = \"/s\"\nsize_mb = 1\ninodes = 0",
                5,
                "mount[0].inodes",
                "at least 1",
            ),
            ("type = \"ramfs\"\npath = \"/s\"", 2, "mount[0].type", "unknown variant `ramfs`"),
            ("host = \"app\"\npath = \"/s\"\nsize_mb = 1", 4, "mount[0].size_mb", "only a `type"),
            ("path = \"/s\"", 2, "mount[0].host", "missing field `host`"),
            ("type = \"tmpfs\"\npath = \"/proc/x\"\nsize_mb = 1", 3, "mount[0].path", "/proc"),
        ] {
            let (l, k, m) = fx.invalid(&format!("[[mount]]\n{body}\n"));
            assert_eq!((l, k.as_str()), (line, key), "{body}: {m}");
            assert!(m.contains(message), "{body}: {m}");
        }
    }

    #[test]
    fn duplicate_mount() {
        let (line, key, message) = Fixture::new().invalid(
            "[[mount]]\nhost = \"app\"\npath = \"/srv\"\n\n[[mount]]\nhost = \"data\"\npath = \"/srv/\"\n",
        );
        assert_eq!((line, key.as_str()), (7, "mount[1].path"));
        assert_eq!(message, "`/srv` is already mounted by mount[0] (line 3)");
    }

    #[test]
    fn bad_mode_value() {
        let (line, key, message) =
            Fixture::new().invalid("[[mount]]\nhost = \"app\"\npath = \"/app\"\nmode = \"rx\"\n");
        assert_eq!((line, key.as_str()), (4, "mount[0].mode"));
        assert_eq!(message, "unknown variant `rx`, expected `ro` or `rw`");
    }

    #[test]
    fn bad_limits() {
        let fx = Fixture::new();
        let (line, key, message) = fx.invalid("[limits]\ncpu_ms = 0\n");
        assert_eq!((line, key.as_str()), (2, "limits.cpu_ms"));
        assert!(message.contains("positive"), "{message}");
        let (line, key, message) = fx.invalid("[limits]\n\nwall_ms = 0\n");
        assert_eq!((line, key.as_str()), (3, "limits.wall_ms"));
        assert!(message.contains("positive"), "{message}");
        let (_, key, message) = fx.invalid("[limits]\nopen_files = 2\n");
        assert_eq!(key, "limits.open_files");
        assert_eq!(message, "2 is out of range 3..=65536");
        let (_, key, message) = fx.invalid("[limits]\nmemory_mb = -1\n");
        assert_eq!(key, "limits.memory_mb");
        assert_eq!(message, "invalid value: integer `-1`, expected u64");
    }

    #[test]
    fn bad_env_names() {
        let fx = Fixture::new();
        let (line, key, message) = fx.invalid("[env]\npass = [\"OK\", \"A=B\"]\n");
        assert_eq!((line, key.as_str()), (2, "env.pass[1]"));
        assert!(message.contains("contains `=`"), "{message}");
        let (_, key, message) = fx.invalid("[env]\npass = [\"\"]\n");
        assert_eq!(key, "env.pass[0]");
        assert!(message.contains("cannot be empty"), "{message}");
        let (_, key, message) = fx.invalid("[env]\npass = [\"A\", \"A\"]\n");
        assert_eq!(key, "env.pass[1]");
        assert!(message.contains("listed twice"), "{message}");
        let (line, key, _) = fx.invalid("[env.set]\nOK = \"1\"\n\"X\\u0000\" = \"1\"\n");
        assert_eq!((line, key.as_str()), (3, "env.set.X\0"));
        let (line, key, message) = fx.invalid("[env.set]\nX = \"a\\u0000b\"\n");
        assert_eq!((line, key.as_str()), (2, "env.set.X"));
        assert!(message.contains("NUL"), "{message}");
    }

    #[test]
    fn bad_confinement() {
        let (line, key, message) =
            Fixture::new().invalid("[confinement]\nif_unsupported = \"ignore\"\n");
        assert_eq!((line, key.as_str()), (2, "confinement.if_unsupported"));
        assert_eq!(message, "unknown variant `ignore`, expected `refuse` or `degrade`");
    }

    #[test]
    fn syntax_error_has_position() {
        let fx = Fixture::new();
        match fx.load("[limits]\ncpu_ms = \n") {
            Err(PolicyError::Syntax { line, column, .. }) => assert_eq!((line, column), (2, 10)),
            other => panic!("expected a syntax error, got {other:?}"),
        }
    }

    #[test]
    fn unreadable_file_names_it() {
        let err = load(Path::new("/nonexistent/policy.toml")).unwrap_err();
        assert!(matches!(err, PolicyError::Read { .. }));
        assert!(err.to_string().starts_with("/nonexistent/policy.toml: "), "{err}");
    }

    #[test]
    fn columns_count_characters() {
        let (line, key, _) = Fixture::new().invalid("[env.set]\n# é\nX = 1\n\"é\" = 2\n");
        assert_eq!((line, key.as_str()), (3, "env.set.X"));
        let at = Locator { text: "ab\néé = 1", file: Path::new("f") };
        assert_eq!(at.position(3 + 4 + 1), (2, 4));
    }

    /// Loads `text`, expects several problems and returns (line, key, message) of each.
    fn problems(fx: &Fixture, text: &str) -> Vec<(usize, String, String)> {
        let err = fx.load(text).unwrap_err();
        let shown = err.to_string();
        let all: Vec<(usize, String, String)> = err
            .problems()
            .iter()
            .map(|e| match e {
                PolicyError::Invalid { line, key, message, .. } => {
                    (*line, key.clone(), message.clone())
                }
                other => panic!("expected Invalid problems, got {other:?}"),
            })
            .collect();
        assert_eq!(shown.lines().count(), all.len(), "one line per problem: {shown}");
        all
    }

    #[test]
    fn new_sections_are_read() {
        let fx = Fixture::new();
        let policy = fx
            .load(
                r#"
[[mount]]
host = "data"
path = "/data"
mode = "rw"

[[fs]]
path = "/data/secret/**"
deny = ["read", "write"]

[[fs]]
path = "/work/*.txt"
allow = ["create", "write", "read"]

[process]
spawn = ["sh", "ls"]

[net]
connect = ["*.example.com:443", "127.0.0.1:8000-8099"]
listen = ["[::1]:*"]

[audit]
file = "logs/../audit.jsonl"

[limits]
processes = 8
fs_bytes = 0
fs_inodes = 100
output_bytes = 4096
argv_bytes = 100
env_bytes = 200
"#,
            )
            .unwrap_err();
        // `logs/` does not exist: the audit file's directory must.
        let PolicyError::Invalid { line, key, .. } = &policy else { panic!("{policy:?}") };
        assert_eq!((*line, key.as_str()), (23, "audit.file"));

        std::fs::create_dir(fx.dir.path().join("logs")).unwrap();
        let text = std::fs::read_to_string(fx.file()).unwrap();
        let policy = fx.load(&text).unwrap();
        assert_eq!(policy.fs.len(), 2);
        assert_eq!(policy.fs[0].path.as_str(), "/data/secret/**");
        assert_eq!(policy.fs[0].deny, FsOps::READ.with(FsOp::Write));
        assert_eq!(policy.fs[0].allow, FsOps::NONE);
        assert_eq!(policy.fs[0].line, 8);
        assert_eq!(policy.fs[1].allow, FsOps::READ.with(FsOp::Write).with(FsOp::Create));
        assert_eq!(policy.process.spawn, SpawnList::Names(vec!["sh".into(), "ls".into()]));
        assert_eq!(policy.net.connect.len(), 2);
        assert_eq!(policy.net.listen[0].to_string(), "[::1]:*");
        let root = fx.dir.path().canonicalize().unwrap();
        assert_eq!(policy.audit.file, Some(root.join("audit.jsonl")));
        assert_eq!(
            policy.limits,
            Limits {
                processes: 8,
                fs_bytes: 0,
                fs_inodes: 100,
                output_bytes: Some(4096),
                argv_bytes: 100,
                env_bytes: 200,
                ..Limits::default()
            }
        );
    }

    #[test]
    fn new_defaults() {
        let policy = Fixture::new().load("").unwrap();
        assert!(policy.fs.is_empty());
        assert_eq!(policy.process.spawn, SpawnList::Names(Vec::new()));
        assert!(!policy.process.spawn.allows("sh"));
        assert_eq!(policy.net, NetPolicy::default());
        assert_eq!(policy.audit.file, None);
        let l = policy.limits;
        assert_eq!((l.processes, l.fs_bytes, l.fs_inodes), (64, 256 << 20, 65_536));
        assert_eq!((l.output_bytes, l.argv_bytes, l.env_bytes), (None, 1 << 20, 1 << 20));
    }

    #[test]
    fn spawn_star_allows_everything() {
        let policy = Fixture::new().load("[process]\nspawn = [\"*\"]\n").unwrap();
        assert_eq!(policy.process.spawn, SpawnList::Any);
        assert!(policy.process.spawn.allows("anything"));
    }

    #[test]
    fn bad_fs_rules_name_line_and_key() {
        let fx = Fixture::new();
        for (rule, line, key, want) in [
            ("path = \"data/**\"\ndeny = [\"read\"]", 2, "fs[0].path", "not absolute"),
            ("path = \"/a/x**\"\ndeny = [\"read\"]", 2, "fs[0].path", "whole component"),
            ("path = \"/a/?\"\ndeny = [\"read\"]", 2, "fs[0].path", "reserved"),
            ("path = \"/a\"", 2, "fs[0]", "neither allows nor denies"),
            ("path = \"/a\"\nallow = []\ndeny = []", 2, "fs[0]", "neither allows nor denies"),
            (
                "path = \"/a\"\nallow = [\"read\", \"exec\"]",
                3,
                "fs[0].allow[1]",
                "unknown variant `exec`, expected one of `read`, `write`, `create`, `delete`",
            ),
            ("path = \"/a\"\ndeny = [\"read\",\n  \"read\"]", 4, "fs[0].deny[1]", "listed twice"),
            (
                "path = \"/a\"\nallow = [\"write\"]\ndeny = [\"write\"]",
                4,
                "fs[0].deny[0]",
                "both allowed and denied",
            ),
            ("path = 3\ndeny = [\"read\"]", 2, "fs[0].path", "invalid type: integer `3`"),
            ("paths = \"/a\"", 2, "fs[0].paths", "unknown field `paths`"),
            ("deny = [\"read\"]", 1, "fs[0]", "missing field `path`"),
        ] {
            let (l, k, m) = fx.invalid(&format!("[[fs]]\n{rule}\n"));
            assert_eq!((l, k.as_str()), (line, key), "{rule}: {m}");
            assert!(m.contains(want), "{rule}: {m}");
        }
    }

    #[test]
    fn bad_process_net_and_audit_name_line_and_key() {
        let fx = Fixture::new();
        std::fs::create_dir(fx.dir.path().join("adir")).unwrap();
        for (text, line, key, want) in [
            ("[process]\nspawn = [\"sh\", \"*\"]", 2, "process.spawn[1]", "nothing beside it"),
            ("[process]\nspawn = [\"/bin/sh\"]", 2, "process.spawn[0]", "is a path"),
            ("[process]\nspawn = [\"\"]", 2, "process.spawn[0]", "empty"),
            ("[process]\nspawn = [\"ls\", \"ls\"]", 2, "process.spawn[1]", "listed twice"),
            ("[process]\nspawn = [\"l*\"]", 2, "process.spawn[0]", "wildcard"),
            ("[process]\nspawn = \"sh\"", 2, "process.spawn", "invalid type: string"),
            ("[process]\nexec = []", 2, "process.exec", "unknown field `exec`"),
            ("[net]\nconnect = [\"example.com\"]", 2, "net.connect[0]", "no port"),
            ("[net]\nlisten = [\"*:*\",\n \"x:0\"]", 3, "net.listen[1]", "not a port"),
            ("[net]\nconnect = [\"a:1\", \"A:1\"]", 2, "net.connect[1]", "listed twice"),
            ("[net]\nbind = []", 2, "net.bind", "unknown field `bind`"),
            ("[audit]\nfile = \"\"", 2, "audit.file", "empty"),
            ("[audit]\nfile = \"adir\"", 2, "audit.file", "is a directory"),
            ("[audit]\nfile = \"nowhere/a.jsonl\"", 2, "audit.file", "No such file"),
            ("[audit]\nfile = \"..\"", 2, "audit.file", "does not name a file"),
            ("[audit]\npath = \"a\"", 2, "audit.path", "unknown field `path`"),
        ] {
            let (l, k, m) = fx.invalid(&format!("{text}\n"));
            assert_eq!((l, k.as_str()), (line, key), "{text}: {m}");
            assert!(m.contains(want), "{text}: {m}");
        }
    }

    #[test]
    fn bad_new_limits_name_line_and_key() {
        let fx = Fixture::new();
        for (text, key, want) in [
            ("processes = 0", "limits.processes", "0 is out of range 1..=4096"),
            ("fs_bytes = 1099511627777", "limits.fs_bytes", "out of range 0..=1099511627776"),
            ("fs_inodes = 0", "limits.fs_inodes", "out of range 1..=16777216"),
            ("output_bytes = -1", "limits.output_bytes", "invalid value: integer `-1`"),
            ("argv_bytes = 0", "limits.argv_bytes", "out of range 1..=67108864"),
            ("env_bytes = 67108865", "limits.env_bytes", "out of range"),
        ] {
            let (l, k, m) = fx.invalid(&format!("[limits]\n{text}\n"));
            assert_eq!((l, k.as_str()), (2, key), "{text}: {m}");
            assert!(m.contains(want), "{text}: {m}");
        }
        let (l, k, m) =
            fx.invalid("[env]\nset = { A = \"0123456789\" }\n[limits]\nenv_bytes = 12\n");
        assert_eq!((l, k.as_str()), (4, "limits.env_bytes"));
        assert!(m.contains("take 13 bytes"), "{m}");
        fx.load("[env]\nset = { A = \"0123456789\" }\n[limits]\nenv_bytes = 13\n").unwrap();
    }

    #[test]
    fn every_problem_is_reported_in_file_order() {
        let fx = Fixture::new();
        let all = problems(
            &fx,
            r#"[limits]
cpu_ms = 0
open_files = 2
memory = 1

[[mount]]
host = "nowhere"
path = "/x"

[[mount]]
host = "app"
path = "relative"

[[mount]]
host = "app"
path = "/ok"
mode = "rx"

[[fs]]
path = "/a/x**"
allow = ["read"]

[[fs]]
path = "/b"
deny = ["read", "read"]

[process]
spawn = ["/bin/sh"]

[net]
connect = ["nope"]

[env]
pass = ["A=B"]

[oops]
x = 1
"#,
        );
        let keys: Vec<(usize, &str)> = all.iter().map(|(l, k, _)| (*l, k.as_str())).collect();
        assert_eq!(
            keys,
            [
                // `[limits]` stops at its first shape error (`memory`): a section with
                // an unknown key or a wrong type is reported once and skipped.
                (4, "limits.memory"),
                (7, "mount[0].host"),
                (12, "mount[1].path"),
                (17, "mount[2].mode"),
                (20, "fs[0].path"),
                (25, "fs[1].deny[1]"),
                (28, "process.spawn[0]"),
                (31, "net.connect[0]"),
                (34, "env.pass[0]"),
                (36, "oops"),
            ]
        );
        // Without the shape error, every bad limit is reported.
        let all = problems(&fx, "[limits]\ncpu_ms = 0\nopen_files = 2\nprocesses = 0\n");
        let keys: Vec<&str> = all.iter().map(|(_, k, _)| k.as_str()).collect();
        assert_eq!(keys, ["limits.cpu_ms", "limits.open_files", "limits.processes"]);
    }

    #[test]
    fn a_syntax_error_is_reported_alone() {
        let fx = Fixture::new();
        let err = fx.load("[limits]\ncpu_ms = 0\n[[fs]\n").unwrap_err();
        assert!(matches!(err, PolicyError::Syntax { line: 3, .. }), "{err:?}");
        assert_eq!(err.problems().len(), 1);
    }
}
