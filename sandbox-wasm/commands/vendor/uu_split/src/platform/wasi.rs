// This file is part of the uutils coreutils package.
//
// For the full copyright and license information, please view the LICENSE
// file that was distributed with this source code.

use crate::platform::Writer;
use std::ffi::OsStr;
use uucore::{display::Quotable, translate};

// Sandbox: the `--filter` writer starts the shell through the kernel's spawn, its
// stdin a pipe written here (see vendor/README.md).
pub struct FilterWriter {
    child: sandbox_spawn::Child,
}

impl FilterWriter {
    /// `$SHELL -c command` (else `/bin/sh`) with `$FILE` the output name, as on Unix.
    fn new(command: &str, filepath: &OsStr) -> std::io::Result<Self> {
        let shell = std::env::var("SHELL").unwrap_or_else(|_| "/bin/sh".to_owned());
        let child = sandbox_spawn::Command::new(shell)
            .arg("-c")
            .arg(command)
            .env("FILE", filepath)
            .spawn_with_stdin()?;
        Ok(Self { child })
    }
}

impl std::io::Write for FilterWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.child.stdin().write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.child.stdin().flush()
    }
}

impl Drop for FilterWriter {
    /// Closes the shell's stdin and waits for it, reporting a failure as on Unix.
    fn drop(&mut self) {
        match self.child.wait() {
            Ok(status) => match status.code() {
                Some(0) => {}
                Some(code) => uucore::show!(uucore::error::USimpleError::new(
                    1,
                    translate!("split-error-shell-process-returned", "code" => code)
                )),
                None => uucore::show!(uucore::error::USimpleError::new(
                    1,
                    translate!("split-error-shell-process-terminated")
                )),
            },
            Err(e) => uucore::show!(uucore::error::USimpleError::new(1, e.to_string())),
        }
    }
}

// WASI has no fd-based inode comparison, so it falls back to a path-based identity
// check via canonicalize.
pub fn paths_refer_to_same_file(p1: &OsStr, p2: &OsStr) -> bool {
    match (std::fs::canonicalize(p1), std::fs::canonicalize(p2)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

pub fn instantiate_current_writer(
    filter: Option<&str>,
    input: &OsStr,
    filename: &OsStr,
    is_new: bool,
) -> std::io::Result<Writer> {
    if let Some(command) = filter {
        return Ok(Writer::Filter(FilterWriter::new(command, filename)?));
    }
    // Refuse to truncate/overwrite the input. WASI cannot do the fd-based check
    // unix/windows use, so this is a best-effort path comparison.
    if paths_refer_to_same_file(input, filename) {
        return Err(std::io::Error::other(
            translate!("split-error-would-overwrite-input", "file" => filename.quote()),
        ));
    }
    let file = if is_new {
        std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(std::path::Path::new(filename))?
    } else {
        std::fs::OpenOptions::new()
            .append(true)
            .open(std::path::Path::new(filename))?
    };
    Ok(Writer::File(file))
}
