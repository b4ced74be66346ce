//! Reading and validating `policy.toml`.
//!
//! Two steps, each reporting `file:line:column: `key`: message`:
//! 1. Syntax and shape: `toml` parses into the private `Raw*` structs below (every one
//!    `deny_unknown_fields`), through `serde_path_to_error` so a type error names its
//!    dotted key (`limits.memory_mb`, `mount[1].mode`).
//! 2. Meaning: [`validate`] turns the raw structs into [`crate::schema`] types, using
//!    the `toml::Spanned` positions the raw structs kept.
//!
//! The key syntax: tables are joined with `.`, array elements are `[index]` counted
//! from 0 (`mount[0].path` is the first `[[mount]]`), matching `serde_path_to_error`.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::schema::{Confinement, EnvPolicy, IfUnsupported, Limits, Mount, MountMode, Policy};

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
}

/// Loads and validates a policy file.
///
/// Relative `host` directories in `[[mount]]` are resolved against the directory that
/// holds `path`.
///
/// # Errors
/// [`PolicyError`] naming the file, line and key of the first problem:
/// [`PolicyError::Read`] if the file cannot be read, [`PolicyError::Syntax`] if it is not
/// TOML, [`PolicyError::Invalid`] for an unknown key, a wrong type or a bad value.
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
    let deserializer = toml::Deserializer::parse(text).map_err(|e| {
        let (line, column) = at.position(e.span().map_or(0, |s| s.start));
        PolicyError::Syntax {
            file: file.to_owned(),
            line,
            column,
            message: e.message().trim_end().to_owned(),
        }
    })?;
    let raw: RawPolicy = serde_path_to_error::deserialize(deserializer).map_err(|e| {
        let key = key_path(e.path());
        let inner = e.into_inner();
        let message = inner.message().trim_end().to_owned();
        at.invalid(inner.span().unwrap_or(0..0), key, message)
    })?;
    validate(raw, &at)
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

// ---------------------------------------------------------------------------------------
// The file's syntax. Private: only `validate` reads these.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPolicy {
    #[serde(default)]
    mount: Vec<RawMount>,
    #[serde(default)]
    env: RawEnv,
    #[serde(default)]
    limits: RawLimits,
    #[serde(default)]
    confinement: RawConfinement,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMount {
    host: Spanned<String>,
    path: Spanned<String>,
    #[serde(default)]
    mode: RawMode,
}

#[derive(Deserialize, Default, Clone, Copy)]
enum RawMode {
    #[default]
    #[serde(rename = "ro")]
    ReadOnly,
    #[serde(rename = "rw")]
    ReadWrite,
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
struct RawLimits {
    memory_mb: Option<Spanned<u64>>,
    cpu_ms: Option<Spanned<u64>>,
    open_files: Option<Spanned<u32>>,
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

fn validate(raw: RawPolicy, at: &Locator<'_>) -> Result<Policy, PolicyError> {
    let base = at.file.parent().unwrap_or(Path::new(""));
    let mut mounts: Vec<Mount> = Vec::with_capacity(raw.mount.len());
    let mut seen: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (index, mount) in raw.mount.into_iter().enumerate() {
        let path = normalise_sandbox_path(mount.path.get_ref()).map_err(|message| {
            at.invalid(mount.path.span(), format!("mount[{index}].path"), message)
        })?;
        if let Some(&(first, line)) = seen.get(&path) {
            return Err(at.invalid(
                mount.path.span(),
                format!("mount[{index}].path"),
                format!("`{path}` is already mounted by mount[{first}] (line {line})"),
            ));
        }
        seen.insert(path.clone(), (index, at.line(&mount.path.span())));
        let host = resolve_host_dir(base, mount.host.get_ref()).map_err(|message| {
            at.invalid(mount.host.span(), format!("mount[{index}].host"), message)
        })?;
        let mode = match mount.mode {
            RawMode::ReadOnly => MountMode::ReadOnly,
            RawMode::ReadWrite => MountMode::ReadWrite,
        };
        mounts.push(Mount { host, path, mode });
    }

    let mut env = EnvPolicy::default();
    for (index, name) in raw.env.pass.iter().enumerate() {
        let key = format!("env.pass[{index}]");
        check_env_name(name.get_ref()).map_err(|m| at.invalid(name.span(), key.clone(), m))?;
        if env.pass.contains(name.get_ref()) {
            return Err(at.invalid(
                name.span(),
                key,
                format!("`{}` is listed twice", name.get_ref()),
            ));
        }
        env.pass.push(name.get_ref().clone());
    }
    for (name, value) in raw.env.set {
        let key = format!("env.set.{name}");
        check_env_name(&name).map_err(|m| at.invalid(value.span(), key.clone(), m))?;
        if value.get_ref().contains('\0') {
            return Err(at.invalid(value.span(), key, "a value cannot contain NUL".to_owned()));
        }
        env.set.insert(name, value.into_inner());
    }

    let positive = |field: &str, value: Option<Spanned<u64>>| match value {
        Some(v) if *v.get_ref() == 0 => Err(at.invalid(
            v.span(),
            format!("limits.{field}"),
            "must be a positive integer (leave it out for no limit)".to_owned(),
        )),
        Some(v) => Ok(Some(v.into_inner())),
        None => Ok(None),
    };
    let memory_mb = positive("memory_mb", raw.limits.memory_mb)?;
    let cpu_ms = positive("cpu_ms", raw.limits.cpu_ms)?;
    let open_files = match raw.limits.open_files {
        Some(v) if !Limits::OPEN_FILES_RANGE.contains(v.get_ref()) => {
            return Err(at.invalid(
                v.span(),
                "limits.open_files".to_owned(),
                format!(
                    "{} is out of range {}..={}",
                    v.get_ref(),
                    Limits::OPEN_FILES_RANGE.start(),
                    Limits::OPEN_FILES_RANGE.end()
                ),
            ))
        }
        Some(v) => v.into_inner(),
        None => Limits::DEFAULT_OPEN_FILES,
    };

    let if_unsupported = match raw.confinement.if_unsupported {
        RawIfUnsupported::Refuse => IfUnsupported::Refuse,
        RawIfUnsupported::Degrade => IfUnsupported::Degrade,
    };

    Ok(Policy {
        source: at.file.to_owned(),
        mounts,
        env,
        limits: Limits { memory_mb, cpu_ms, open_files },
        confinement: Confinement { if_unsupported },
    })
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
                    host: root.join("app"),
                    path: "/app/src".into(),
                    mode: MountMode::ReadOnly
                },
                Mount { host: root.join("data"), path: "/data".into(), mode: MountMode::ReadWrite },
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
            Limits { memory_mb: Some(512), cpu_ms: Some(30000), open_files: 1024 }
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
            message.starts_with("unknown field `readonly`, expected one of `host`, `path`, `mode`"),
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
}
