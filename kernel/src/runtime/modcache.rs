//! The module cache: WebAssembly modules compiled ahead of time to native code, so that
//! starting a program never compiles it twice (docs/wasi.md, "Module cache").
//!
//! An entry is `<dir>/<engine>/<module>.cwasm`: `<module>` the SHA-256 of the module's
//! bytes, `<engine>` the fingerprint of sandbox-wasm's engine configuration (wasmtime
//! version, target, compiler flags, tunables, wasm features: `sandbox-wasm
//! --engine-fingerprint`). A hit is opened and handed to sandbox-wasm at fd 6, which maps
//! it. A miss is compiled by `sandbox-wasm --precompile`, confined exactly like a
//! runtime (the module is untrusted input to the compiler), into a fresh file that is
//! renamed into place only when the compiler succeeds; entries are never modified in
//! place, which is what mapping them requires.
//!
//! The directory belongs to the kernel: it is never mounted into a sandbox (a policy
//! whose mounts would expose it turns the cache off), and only this module writes it.
//! Loading an artifact trusts it completely (wasmtime's `Module::deserialize` contract),
//! so that is the property everything here preserves.

use std::fs::{self, File};
use std::io::{Read, Write};
use std::os::fd::OwnedFd;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::Instant;

use policies::confine::{self, RuntimeProfile, SpawnSpec};
use policies::IfUnsupported;
use sha2::{Digest, Sha256};

use crate::vfs::path::VPath;

/// The runtime that compiles and loads modules.
const ENGINE: RuntimeProfile = RuntimeProfile::Wasm;
/// Bounds of one compilation, a kernel-side job (not the program's limits): enough
/// for the ~10 MB commands module with room to spare; a module crafted to make the
/// compiler spin or balloon is stopped by them.
const COMPILE_MEMORY_MB: u64 = 4096;
const COMPILE_CPU_MS: u64 = 300_000;

/// What the cache did for one start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Hit,
    Compiled,
}

#[derive(Debug)]
pub struct ModuleCache {
    dir: PathBuf,
    engine: PathBuf,
    if_unsupported: IfUnsupported,
    /// The engine fingerprint, found once per kernel (`None`: the cache is unusable).
    fingerprint: OnceLock<Option<String>>,
    /// One compilation at a time: a second start of the same module waits for the
    /// first compilation and then hits.
    compiling: Mutex<()>,
    /// Sandbox directories holding only the kernel's own files (the commands' mounts):
    /// a module there is looked up by its file's identity (`<dir>/index/`).
    trusted: Vec<VPath>,
}

impl ModuleCache {
    /// The cache in `dir` (created `0700` if missing) for the runtimes in `runtime_dir`.
    ///
    /// # Errors
    /// When the directory cannot be created, or someone else than this user could write
    /// it (another owner, or group or world write permission).
    pub fn open(
        dir: &Path,
        runtime_dir: &Path,
        if_unsupported: IfUnsupported,
    ) -> std::io::Result<ModuleCache> {
        fs::DirBuilder::new().recursive(true).mode(0o700).create(dir)?;
        let dir = fs::canonicalize(dir)?;
        // Whoever can write the directory can plant native code in our runtimes.
        let meta = fs::metadata(&dir)?;
        if meta.uid() != nix::unistd::geteuid().as_raw() || meta.mode() & 0o022 != 0 {
            return Err(std::io::Error::other(format!(
                "{} is writable by others than this user (owner uid {}, mode {:o})",
                dir.display(),
                meta.uid(),
                meta.mode() & 0o7777
            )));
        }
        Ok(ModuleCache {
            dir,
            engine: runtime_dir.join(ENGINE.name()),
            if_unsupported,
            fingerprint: OnceLock::new(),
            compiling: Mutex::new(()),
            trusted: Vec::new(),
        })
    }

    /// Marks sandbox directories whose files only the kernel provides (mounted
    /// read-only from a host directory no sandbox mounts writable).
    pub fn with_trusted(mut self, dirs: &[String]) -> ModuleCache {
        self.trusted = dirs.iter().map(|d| VPath::parse_trusted(d)).collect();
        self
    }

    /// Whether `path` lies in a directory given to [`ModuleCache::with_trusted`].
    pub fn is_trusted(&self, path: &VPath) -> bool {
        self.trusted.iter().any(|d| path.starts_with(d) && path != d)
    }

    /// The cache directory (canonical).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The default location: `$XDG_CACHE_HOME/sandbox/modules`, else
    /// `~/.cache/sandbox/modules`.
    pub fn default_dir() -> Option<PathBuf> {
        let base = std::env::var_os("XDG_CACHE_HOME")
            .filter(|v| Path::new(v).is_absolute())
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
        Some(base.join("sandbox").join("modules"))
    }

    /// The compiled form of a module, opened read-only, compiling it on a miss. `read`
    /// gives the module's bytes; `identity` (a trusted file's, see
    /// [`ModuleCache::with_trusted`]) lets a start skip reading and hashing them. `None`
    /// when it cannot be had (the module does not compile, the compiler failed): the
    /// runtime then compiles the module itself and reports what is wrong with it.
    pub fn artifact(
        &self,
        identity: Option<&str>,
        read: impl Fn() -> Option<Vec<u8>>,
    ) -> Option<(File, Outcome)> {
        let fingerprint = self.fingerprint()?;
        let started = Instant::now();
        let memo = identity.map(|id| self.dir.join("index").join(id));
        let remembered = memo
            .as_ref()
            .and_then(|m| fs::read_to_string(m).ok())
            .map(|d| d.trim().to_owned())
            .filter(|d| is_hex_digest(d));
        let was_remembered = remembered.is_some();
        let (digest, mut module) = match remembered {
            Some(d) => (d, None),
            None => {
                let bytes = read()?;
                (hex(&Sha256::digest(&bytes)), Some(bytes))
            }
        };
        let dir = self.dir.join(fingerprint);
        let path = dir.join(format!("{digest}.cwasm"));
        let opened = File::open(&path).ok().map(|f| (f, Outcome::Hit)).or_else(|| {
            let _one_at_a_time = self.compiling.lock().unwrap_or_else(|p| p.into_inner());
            if let Ok(file) = File::open(&path) {
                return Some((file, Outcome::Hit));
            }
            let bytes = module.take().or_else(&read)?;
            if let Err(e) = fs::DirBuilder::new().recursive(true).mode(0o700).create(&dir) {
                tracing::warn!(dir = %dir.display(), error = %e, "module cache: cannot create");
                return None;
            }
            match self.compile(&bytes, &dir, &path) {
                Ok(()) => File::open(&path).ok().map(|f| (f, Outcome::Compiled)),
                Err(e) => {
                    tracing::warn!(module = %digest, error = %e, "module cache: not compiled");
                    None
                }
            }
        })?;
        match opened.1 {
            Outcome::Hit => tracing::info!(
                module = %digest,
                us = started.elapsed().as_micros() as u64,
                by_identity = was_remembered,
                "module cache hit"
            ),
            Outcome::Compiled => tracing::info!(
                module = %digest,
                ms = started.elapsed().as_millis() as u64,
                "module cache miss: compiled"
            ),
        }
        if let (Some(memo), false) = (&memo, was_remembered) {
            if let Err(e) = write_atomically(memo, digest.as_bytes()) {
                tracing::debug!(memo = %memo.display(), error = %e, "module cache: index not written");
            }
        }
        Some(opened)
    }

    /// Compiles `module` with `sandbox-wasm --precompile` into `path`.
    fn compile(&self, module: &[u8], dir: &Path, path: &Path) -> Result<(), String> {
        let tmp = dir.join(format!(
            ".{}.{}.{}.tmp",
            path.file_stem().and_then(|s| s.to_str()).unwrap_or("module"),
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0)
        ));
        let result = (|| {
            let mut out = fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&tmp)
                .map_err(|e| format!("{}: {e}", tmp.display()))?;
            let input = module_memfd(module).map_err(|e| format!("memfd: {e}"))?;
            // The artifact comes back through a pipe, which the kernel copies into the
            // file: the compiler, confined as a runtime, may not grow files
            // (RLIMIT_FSIZE 0) and never holds one of the cache's.
            let (reader, writer) = nix::unistd::pipe2(nix::fcntl::OFlag::O_CLOEXEC)
                .map_err(|e| format!("pipe: {e}"))?;
            let spec = SpawnSpec {
                program: self.engine.clone(),
                args: vec!["--precompile".into()],
                fds: vec![(input, 3), (writer, 4)],
                profile: ENGINE,
                memory_mb: Some(COMPILE_MEMORY_MB),
                cpu_ms: Some(COMPILE_CPU_MS),
                if_unsupported: self.if_unsupported,
            };
            let binary = spec.program.display().to_string();
            let mut child =
                confine::spawn(spec).map_err(|e| format!("cannot start {binary}: {e}"))?;
            let copied = std::io::copy(&mut File::from(reader), &mut out);
            let (status, stderr) = finish(child_stderr(&mut child), &mut child, &binary)?;
            if !status.success() {
                return Err(format!("sandbox-wasm --precompile: {status}: {}", stderr.trim()));
            }
            copied.map_err(|e| format!("{}: {e}", tmp.display()))?;
            out.sync_all().map_err(|e| format!("{}: {e}", tmp.display()))?;
            fs::rename(&tmp, path).map_err(|e| format!("{}: {e}", path.display()))
        })();
        if result.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        result
    }

    /// The engine fingerprint, asked of sandbox-wasm once per binary: the answer is
    /// kept in `<dir>/engines/`, keyed by the binary's identity (device, inode, size,
    /// modification and change times), so later kernels need not start a process.
    fn fingerprint(&self) -> Option<&str> {
        self.fingerprint
            .get_or_init(|| match self.find_fingerprint() {
                Ok(f) => Some(f),
                Err(e) => {
                    tracing::warn!(error = %e, "module cache off: no engine fingerprint");
                    None
                }
            })
            .as_deref()
    }

    fn find_fingerprint(&self) -> Result<String, String> {
        let st = nix::sys::stat::stat(&self.engine)
            .map_err(|e| format!("{}: {e}", self.engine.display()))?;
        let identity = file_identity(&st);
        let engines = self.dir.join("engines");
        let memo = engines.join(&identity);
        if let Ok(text) = fs::read_to_string(&memo) {
            if is_hex_digest(text.trim()) {
                return Ok(text.trim().to_owned());
            }
        }
        let spec = SpawnSpec {
            program: self.engine.clone(),
            args: vec!["--engine-fingerprint".into()],
            fds: Vec::new(),
            profile: ENGINE,
            memory_mb: None,
            cpu_ms: Some(10_000),
            if_unsupported: self.if_unsupported,
        };
        let (status, stderr) = run_to_end(spec)?;
        let found = stderr.trim();
        if !status.success() || !is_hex_digest(found) {
            return Err(format!("sandbox-wasm --engine-fingerprint: {status}: {found}"));
        }
        if let Err(e) = write_atomically(&memo, found.as_bytes()) {
            tracing::debug!(memo = %memo.display(), error = %e, "engine fingerprint not kept");
        }
        Ok(found.to_owned())
    }
}

/// A file's identity for the cache's indexes: device, inode, size, modification and
/// change times (the change time moves on every write and cannot be set).
pub fn file_identity(st: &nix::sys::stat::FileStat) -> String {
    format!(
        "{}-{}-{}-{}.{}-{}.{}",
        st.st_dev,
        st.st_ino,
        st.st_size,
        st.st_mtime,
        st.st_mtime_nsec,
        st.st_ctime,
        st.st_ctime_nsec
    )
}

/// Writes a small file of the cache (its directory created `0700`): a new file, renamed
/// over `path`, so that no reader sees it half written.
fn write_atomically(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().ok_or_else(|| std::io::Error::other("no directory"))?;
    fs::DirBuilder::new().recursive(true).mode(0o700).create(dir)?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("entry");
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&tmp)
        .and_then(|mut f| f.write_all(contents))
        .and_then(|()| fs::rename(&tmp, path));
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written
}

/// Starts a confined sandbox-wasm job and waits for it: its status and its stderr.
fn run_to_end(spec: SpawnSpec) -> Result<(std::process::ExitStatus, String), String> {
    let binary = spec.program.display().to_string();
    let mut child = confine::spawn(spec).map_err(|e| format!("cannot start {binary}: {e}"))?;
    let stderr = child_stderr(&mut child);
    finish(stderr, &mut child, &binary)
}

/// What the job wrote on its stderr, to its end (bounded: diagnostics, not a stream).
fn child_stderr(child: &mut confine::RuntimeChild) -> String {
    let mut text = String::new();
    if let Some(mut pipe) = child.stderr.take() {
        let _ = (&mut pipe).take(64 << 10).read_to_string(&mut text);
    }
    text
}

fn finish(
    stderr: String,
    child: &mut confine::RuntimeChild,
    binary: &str,
) -> Result<(std::process::ExitStatus, String), String> {
    let status = child.wait().map_err(|e| format!("waiting for {binary}: {e}"))?;
    Ok((status, stderr))
}

/// The module's bytes in a memfd, for the compiler's fd 3.
fn module_memfd(module: &[u8]) -> std::io::Result<OwnedFd> {
    use nix::sys::memfd::{memfd_create, MFdFlags};
    let fd = memfd_create(c"sandbox-module", MFdFlags::MFD_CLOEXEC)?;
    let mut file = File::from(fd);
    file.write_all(module)?;
    use std::io::Seek;
    file.rewind()?;
    Ok(OwnedFd::from(file))
}

fn is_hex_digest(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directory_others_can_write_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("cache");
        let cache = ModuleCache::open(&dir, tmp.path(), IfUnsupported::Refuse).unwrap();
        assert_eq!(fs::metadata(cache.dir()).unwrap().mode() & 0o777, 0o700);
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o777)).unwrap();
        let err = ModuleCache::open(&dir, tmp.path(), IfUnsupported::Refuse).unwrap_err();
        assert!(err.to_string().contains("writable by others"), "{err}");
    }

    #[test]
    fn fingerprints_are_64_hex_digits() {
        assert!(is_hex_digest(&"a".repeat(64)));
        assert!(!is_hex_digest(&"a".repeat(63)));
        assert!(!is_hex_digest(&"g".repeat(64)));
        assert_eq!(hex(&[0, 255, 16]), "00ff10");
    }
}
