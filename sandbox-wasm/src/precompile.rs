//! `sandbox-wasm --precompile`: compiles one module to native code for the kernel's
//! module cache. The kernel starts it confined like any runtime, with the module's
//! bytes at fd 3 (a memfd) and the artifact's file at fd 4, and stores the artifact
//! only when this exits 0.
//!
//! Compiling is the risky part (Cranelift parsing attacker-chosen wasm), so it happens
//! after lock-down, under the same seccomp profile as a running program; the bytes are
//! only copied in before. A module that exploited the compiler would hold a process
//! that can write its own artifact and nothing else: it can poison the cache entry of
//! its own content hash, which only it ever runs (docs/wasi.md, "Module cache").

use std::process;

use policies::confine::{lock_down, RuntimeProfile};

use crate::engine;

/// The module, as the kernel hands it over.
const MODULE_FD: i32 = 3;
/// Where the artifact goes (a fresh file in the kernel's cache).
const ARTIFACT_FD: i32 = 4;

/// Exit statuses: 0 the artifact is written; these otherwise.
pub const EXIT_INVALID_MODULE: i32 = 65;
pub const EXIT_FAILURE: i32 = 70;

pub fn main() -> ! {
    let engine = engine::build(engine::Images::FromArtifact)
        .unwrap_or_else(|e| fail(EXIT_FAILURE, &format!("engine: {e:#}")));
    let bytes = read_all(MODULE_FD).unwrap_or_else(|e| fail(EXIT_FAILURE, &format!("module: {e}")));
    if let Err(e) = lock_down(RuntimeProfile::Wasm) {
        fail(EXIT_FAILURE, &format!("lock-down: {e}"));
    }
    let artifact = engine
        .precompile_module(&bytes)
        .unwrap_or_else(|e| fail(EXIT_INVALID_MODULE, &format!("{e:#}")));
    drop(bytes);
    write_all(ARTIFACT_FD, &artifact)
        .unwrap_or_else(|e| fail(EXIT_FAILURE, &format!("writing the artifact: {e}")));
    process::exit(0)
}

fn fail(status: i32, message: &str) -> ! {
    eprintln!("sandbox-wasm: precompile: {}", message.lines().next().unwrap_or(""));
    process::exit(status)
}

/// Reads `fd` to its end with read(2) alone (std's `read_to_end` would `statx` first).
pub fn read_all(fd: i32) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut chunk = vec![0u8; 1 << 20];
    loop {
        // SAFETY: read into a buffer of chunk.len() bytes that we own.
        let n = unsafe { libc::read(fd, chunk.as_mut_ptr().cast(), chunk.len()) };
        match n {
            0 => return Ok(out),
            n if n > 0 => out.extend_from_slice(&chunk[..n as usize]),
            _ => {
                let e = std::io::Error::last_os_error();
                if e.kind() != std::io::ErrorKind::Interrupted {
                    return Err(e);
                }
            }
        }
    }
}

/// Writes all of `data` to `fd` with write(2).
fn write_all(fd: i32, mut data: &[u8]) -> std::io::Result<()> {
    while !data.is_empty() {
        // SAFETY: write from a live slice of data.len() bytes.
        let n = unsafe { libc::write(fd, data.as_ptr().cast(), data.len()) };
        if n < 0 {
            let e = std::io::Error::last_os_error();
            if e.kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            return Err(e);
        }
        data = &data[n as usize..];
    }
    Ok(())
}
