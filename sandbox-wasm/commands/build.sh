#!/usr/bin/env bash
# Builds the sandbox's commands from source (pinned by Cargo.lock, release, wasm32-wasip1)
# and lays out the install tree the kernel mounts at /bin:
#
#   <dir>/bin/commands          the multicall module
#   <dir>/bin/<name> -> commands   one link per utility (argv[0] selects it)
#   <dir>/bin/sh                   the shell (sandbox-wasm/shell, its own workspace and
#                                  licence, GPL-3.0-or-later: a separate program)
#
# Usage: build.sh <install-dir>. The cargo target directory is $COMMANDS_TARGET_DIR, else
# $CARGO_TARGET_DIR/commands, else sandbox-wasm/commands/target.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dest=${1:?usage: build.sh <install-dir>}
target=${COMMANDS_TARGET_DIR:-${CARGO_TARGET_DIR:+$CARGO_TARGET_DIR/commands}}
target=${target:-$here/target}

# grep's oniguruma is C: clang-14 with wasi-libc (Debian: clang-14, wasi-libc,
# libclang-rt-14-dev-wasm32; .ci/setup installs them). clang-14 knows the target as
# wasm32-wasi.
export CC_wasm32_wasip1="${CC_wasm32_wasip1:-clang-14}"
export AR_wasm32_wasip1="${AR_wasm32_wasip1:-llvm-ar-14}"
export CFLAGS_wasm32_wasip1="${CFLAGS_wasm32_wasip1:---target=wasm32-wasi}"
cargo build --release --locked --target wasm32-wasip1 \
  --manifest-path "$here/Cargo.toml" --target-dir "$target"

cargo build --release --locked --target wasm32-wasip1 \
  --manifest-path "$here/../shell/Cargo.toml" --target-dir "$target/shell"

# The names are the dispatch table's keys in src/main.rs (a test runs `commands --list`
# in the sandbox and compares it with the links made here).
names=$(sed -n '/^uutils! {/,/^}/p' "$here/src/main.rs" | grep -oP '^\s+"\K[^"]+(?=" => )'
        sed -n '/^const OTHERS: &\[&str\] = &\[/,/\];/p' "$here/src/main.rs" | grep -o '"[^"]*"' | tr -d '"')

# Lay out beside the destination and swap it in, so a reader never sees half a tree.
mkdir -p "$(dirname "$dest")"
staging=$(mktemp -d "$dest.new.XXXXXX")
mkdir "$staging/bin"
cp "$target/wasm32-wasip1/release/commands.wasm" "$staging/bin/commands"
for name in $names; do
  ln -s commands "$staging/bin/$name"
done
cp "$target/shell/wasm32-wasip1/release/sh.wasm" "$staging/bin/sh"
chmod -R a+rX "$staging"
rm -rf "$dest.old"
[ -e "$dest" ] && mv "$dest" "$dest.old"
mv "$staging" "$dest"
rm -rf "$dest.old"
echo "commands installed in $dest/bin ($(echo "$names" | wc -l) names)"
