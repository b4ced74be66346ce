#!/usr/bin/env bash
# Regenerates vendor/<crate>.patch: the difference between each vendored copy and the
# crates.io source it came from (cargo's registry cache must hold that version, e.g. after
# `cargo fetch` in a checkout without the [patch.crates-io] section). Only the files
# kept in vendor/ are compared.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
registry=${CARGO_HOME:-$HOME/.cargo}/registry/src
for pair in findutils:0.11.0 awk-rs:0.2.0 uu_env:0.12.0 uu_nice:0.12.0 sed:0.3.0 uu_split:0.12.0 uu_sort:0.12.0; do
  name=${pair%%:*} version=${pair#*:}
  upstream=$(ls -d "$registry"/*/"$name-$version" | head -1)
  (cd "$here/$name" && find . -type f | sort) | while read -r f; do
    diff -uN --label "upstream/${f#./}" --label "$name/${f#./}" "$upstream/$f" "$here/$name/$f" || true
  done > "$here/$name.patch"
done
