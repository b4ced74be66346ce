//! Makes the V8 startup snapshot of the Node API (`src/snapshot/create.rs`) into
//! `$OUT_DIR/snapshot.bin`, which the runtime embeds (`src/snapshot/mod.rs`). Every
//! `.js` file under `js/` goes into it, named by its path, so no list is kept by hand:
//! `js/bootstrap.js`; the Node modules `js/node/<name>.js` as `<name>`
//! (`js/node/timers/promises.js` is `timers/promises`); the internal modules
//! `js/internal/<path>.js` as `internal/<path>`; the vendored packages
//! `js/deps/<package>/<path>` (fetched by `js/deps/vendor.sh`) as
//! `internal/deps/<package>/<path>`.
//!
//! The build script links V8 (`v8` is a build-dependency too): the snapshot must come
//! from the same V8, with the same flags, as the runtime that reads it.

#![allow(
    clippy::disallowed_methods,
    reason = "the build script runs on the build host, not in the sandbox: clippy.toml's \
              rules are for the runtime"
)]

use std::path::{Path, PathBuf};

#[path = "src/snapshot/create.rs"]
mod create;
#[path = "src/errno.rs"]
#[allow(dead_code, reason = "the build needs only the table")]
mod errno;
#[path = "src/snapshot/shared.rs"]
#[allow(dead_code, reason = "some constants are the runtime's only")]
mod shared;

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    for rerun in ["src/snapshot", "src/ops/table.rs", "src/errno.rs"] {
        println!("cargo:rerun-if-changed={}", root.join(rerun).display());
    }
    let js = root.join("js");
    let mut files = Vec::new();
    collect(&js, &mut files);
    files.sort();
    let mut sources =
        create::Sources { natives: Vec::new(), deps: Vec::new(), bootstrap: String::new() };
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let rel = file.strip_prefix(&js).expect("under js/").to_string_lossy().replace('\\', "/");
        let Some(stem) = rel.strip_suffix(".js") else { continue };
        let source = std::fs::read_to_string(file)
            .unwrap_or_else(|e| panic!("reading {}: {e}", file.display()));
        if stem == "bootstrap" {
            sources.bootstrap = source;
        } else if stem.starts_with("deps/") {
            sources.deps.push((format!("internal/{rel}"), source));
        } else if let Some(name) = stem.strip_prefix("node/") {
            sources.natives.push((name.to_string(), source));
        } else {
            sources.natives.push((stem.to_string(), source));
        }
    }
    // The zone `Date` and `Intl` see while the snapshot is made is the runtime's own
    // (engine.rs), not the build host's.
    std::env::set_var("TZ", "UTC");
    let blob = create::create(&sources).unwrap_or_else(|e| panic!("startup snapshot: {e}"));
    let dest = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets it"));
    std::fs::write(dest.join("snapshot.bin"), blob).expect("writing snapshot.bin");
}

/// Every file under `dir` (directories are listed too, so an added file reruns this).
fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    println!("cargo:rerun-if-changed={}", dir.display());
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else {
            files.push(path);
        }
    }
}
