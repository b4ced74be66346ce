//! Embeds every vendored JavaScript file under `js/deps/` (fetched by
//! `js/deps/vendor.sh`) as `internal/deps/<package>/<path>`, so a multi-file package
//! needs no hand-kept list: `$OUT_DIR/deps.rs` is a `&[(name, source)]`.

#![allow(
    clippy::disallowed_methods,
    reason = "the build script runs on the build host, not in the sandbox: clippy.toml's \
              rules are for the runtime"
)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let deps = root.join("js/deps");
    println!("cargo:rerun-if-changed={}", deps.display());
    let mut files = Vec::new();
    collect(&deps, &mut files);
    files.sort();
    let mut out = String::from("&[\n");
    for file in &files {
        let rel =
            file.strip_prefix(&deps).expect("under js/deps").to_string_lossy().replace('\\', "/");
        println!("cargo:rerun-if-changed={}", file.display());
        writeln!(
            out,
            "    ({:?}, include_str!({:?})),",
            format!("internal/deps/{rel}"),
            file.display().to_string()
        )
        .expect("writing to a String");
    }
    out.push(']');
    let dest = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets it")).join("deps.rs");
    std::fs::write(dest, out).expect("writing deps.rs");
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(&path, files);
        } else if path.extension().is_some_and(|e| e == "js") {
            files.push(path);
        }
    }
}
