//! What a program name means: which file (or registered command) it is, and which
//! runtime runs it.
//!
//! - A registered command (`node`) is not a file: `sandbox-node` reads the script
//!   named in its arguments through the kernel like any file.
//! - Any other name without `/` is searched in the `PATH` directories `/bin`, then
//!   `/usr/bin`; a name with `/` is a path (relative to the caller's working
//!   directory).
//! - A regular file whose content starts with the WebAssembly magic (`\0asm`), or
//!   whose name ends in `.wasm`, runs on `sandbox-wasm`; anything else is `ENOEXEC`.
//!
//! Reading the program is what execve(2) does first, so it is checked as an open for
//! reading (the audit record's call is `execve`).

use policies::confine::RuntimeProfile;
use syscall_proto::fd::FileType;
use syscall_proto::path::oflags;
use syscall_proto::Errno;

use crate::perm::{self, Caller};
use crate::sandbox::Sandbox;
use crate::vfs::path::{Resolved, VPath};
use crate::vfs::Object;

/// The command that runs JavaScript: `node <script.js> [args]` or `node -e <code>`.
pub const NODE_COMMAND: &str = "node";

/// Where a name without `/` is searched, in order.
pub const PATH: &[&str] = &["/bin", "/usr/bin"];

/// The first bytes of every WebAssembly module.
const WASM_MAGIC: &[u8; 4] = b"\0asm";

/// A program ready to start.
#[derive(Debug, Clone)]
pub struct Program {
    /// The command name `[process] spawn` matches: the file's name, or the command.
    pub name: String,
    /// The file, `None` for a registered command.
    pub file: Option<Resolved>,
    /// The runtime that runs it (its binary is `profile.name()` in the runtime
    /// directory).
    pub profile: RuntimeProfile,
}

impl Program {
    /// The sandbox path the runtime is told (`/` for a command: there is no file).
    pub fn path(&self) -> VPath {
        self.file.as_ref().map_or_else(VPath::root, |r| r.path.clone())
    }
}

/// Why a program cannot start.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProgramError {
    #[error("no such file in the sandbox")]
    NotFound,
    #[error("not a regular file")]
    NotRegular,
    #[error(
        "no runtime for this program (WebAssembly modules start with \\0asm or end in .wasm; \
         JavaScript runs as `node <script.js>`)"
    )]
    NoRuntime,
    /// The policy refused to let it be read (audited).
    #[error("{} (refused by the policy; see the audit record)", .0.name().unwrap_or("?"))]
    Denied(Errno),
    #[error("{}", .0.name().unwrap_or("?"))]
    Os(Errno),
}

impl ProgramError {
    /// The errno posix_spawn(3) gives for it.
    pub fn errno(&self) -> Errno {
        match self {
            ProgramError::NotFound => Errno::ENOENT,
            ProgramError::NotRegular => Errno::EACCES,
            ProgramError::NoRuntime => Errno::ENOEXEC,
            ProgramError::Denied(e) | ProgramError::Os(e) => *e,
        }
    }
}

/// Resolves `name` for `pid` (whose working directory is `cwd`) and checks that it may
/// be read.
///
/// # Errors
/// [`ProgramError`].
pub fn resolve(
    sandbox: &Sandbox,
    pid: u32,
    cwd: &VPath,
    name: &[u8],
) -> Result<Program, ProgramError> {
    if name == NODE_COMMAND.as_bytes() {
        return Ok(Program {
            name: NODE_COMMAND.into(),
            file: None,
            profile: RuntimeProfile::Node,
        });
    }
    if name.is_empty() {
        return Err(ProgramError::NotFound);
    }
    let file = if name.contains(&b'/') {
        find(sandbox, cwd, name)?.ok_or(ProgramError::NotFound)?
    } else {
        let mut found = None;
        for dir in PATH {
            let mut path = dir.as_bytes().to_vec();
            path.push(b'/');
            path.extend_from_slice(name);
            if let Some(r) = find(sandbox, cwd, &path)? {
                found = Some(r);
                break;
            }
        }
        found.ok_or(ProgramError::NotFound)?
    };
    let caller = Caller { pid, call: "execve" };
    let checked = perm::fs::check_open(sandbox, caller, file.clone(), oflags::O_RDONLY)
        .map_err(ProgramError::Denied)?;
    let object =
        sandbox.vfs.open_object(&checked, oflags::O_RDONLY, 0).map_err(ProgramError::Os)?;
    let head = read_head(&object);
    let real = file.path.to_bytes();
    let real = real.rsplit(|&b| b == b'/').next().unwrap_or(&real).to_vec();
    if head.as_deref() != Some(WASM_MAGIC.as_slice()) && !real.ends_with(b".wasm") {
        return Err(ProgramError::NoRuntime);
    }
    // The name asked for, not the file's after symlinks: `/bin/ls` is a link to the
    // commands' multicall module, and `[process] spawn = ["ls"]` means `ls`.
    let asked = name.rsplit(|&b| b == b'/').next().unwrap_or(name);
    Ok(Program {
        name: String::from_utf8_lossy(asked).into_owned(),
        file: Some(file),
        profile: RuntimeProfile::Wasm,
    })
}

/// The regular file at `path`, `None` when nothing is there.
fn find(sandbox: &Sandbox, cwd: &VPath, path: &[u8]) -> Result<Option<Resolved>, ProgramError> {
    let r = match sandbox.vfs.resolve(cwd, path, true) {
        Ok(r) => r,
        Err(Errno::ENOENT | Errno::ENOTDIR) => return Ok(None),
        Err(e) => return Err(ProgramError::Os(e)),
    };
    if !r.exists {
        return Ok(None);
    }
    let kind = sandbox.vfs.stat(&r.path).map_err(ProgramError::Os)?.kind;
    if kind != FileType::Regular {
        return Err(ProgramError::NotRegular);
    }
    Ok(Some(r))
}

/// The first four bytes of an open file, if it has them.
fn read_head(object: &Object) -> Option<Vec<u8>> {
    match object {
        Object::MemFile(h) => h.fs.read_at(h.ino, 0, WASM_MAGIC.len()).ok(),
        Object::HostFile(fd) => {
            let mut buf = [0u8; 4];
            let n = nix::sys::uio::pread(fd, &mut buf, 0).ok()?;
            Some(buf[..n].to_vec())
        }
        _ => None,
    }
}

/// Largest module the kernel reads for the module cache; a bigger one is compiled by
/// its runtime as it starts (and pays for it), never refused for its size here.
const MAX_CACHED_MODULE: u64 = 512 << 20;

/// The program's file opened for the module cache. Reading it was allowed by
/// [`resolve`] (checked again here, as the same `execve`); `None` when it cannot be
/// read now, and the runtime reports why when it tries.
pub fn open_module(sandbox: &Sandbox, pid: u32, program: &Program) -> Option<Object> {
    let file = program.file.clone()?;
    let caller = Caller { pid, call: "execve" };
    let checked = perm::fs::check_open(sandbox, caller, file, oflags::O_RDONLY).ok()?;
    sandbox.vfs.open_object(&checked, oflags::O_RDONLY, 0).ok()
}

/// A host file's identity ([`super::modcache::file_identity`]). `None` for other
/// objects.
pub fn host_identity(object: &Object) -> Option<String> {
    let Object::HostFile(fd) = object else { return None };
    Some(super::modcache::file_identity(&nix::sys::stat::fstat(fd).ok()?))
}

/// The bytes of a module opened by [`open_module`].
pub fn module_bytes(object: &Object) -> Option<Vec<u8>> {
    match object {
        Object::MemFile(h) => {
            let size = h.fs.stat(h.ino).ok()?.size;
            if size > MAX_CACHED_MODULE {
                return None;
            }
            h.fs.read_at(h.ino, 0, size as usize).ok()
        }
        Object::HostFile(fd) => {
            let size = nix::sys::stat::fstat(fd).ok()?.st_size.max(0) as u64;
            if size > MAX_CACHED_MODULE {
                return None;
            }
            let mut out = vec![0u8; size as usize];
            let mut at = 0;
            while at < out.len() {
                match nix::sys::uio::pread(fd, &mut out[at..], at as i64) {
                    Ok(0) => break,
                    Ok(n) => at += n,
                    Err(nix::errno::Errno::EINTR) => {}
                    Err(_) => return None,
                }
            }
            out.truncate(at);
            Some(out)
        }
        _ => None,
    }
}
