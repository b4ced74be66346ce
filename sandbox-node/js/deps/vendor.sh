#!/bin/sh
# Fetches the JavaScript packages vendored here from the npm registry, checks each
# tarball against the integrity pinned below, and copies the files the runtime uses
# (with their licence). Run from anywhere: `sh sandbox-node/js/deps/vendor.sh`.
# The files are committed; this script is how they were obtained and how to update
# them (change the version and integrity together, then review the diff).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# name version integrity files...
fetch() {
  name=$1 version=$2 integrity=$3
  shift 3
  (cd "$work" && npm pack --silent "$name@$version" >/dev/null)
  tarball="$work/$(echo "$name" | sed 's/^@//; s/\//-/')-$version.tgz"
  actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
  if [ "$actual" != "$integrity" ]; then
    echo "$name@$version: integrity $actual, expected $integrity" >&2
    exit 1
  fi
  rm -rf "$work/package" && tar xzf "$tarball" -C "$work"
  mkdir -p "$here/$name"
  for f in "$@"; do
    cp "$work/package/$f" "$here/$name/$(basename "$f")"
  done
  echo "$name@$version $integrity" > "$here/$name/VERSION"
}

# Node's own CommonJS export analysis (named exports of CommonJS modules imported
# from ES modules); the JavaScript build, as Node falls back to it.
fetch cjs-module-lexer 1.4.1 \
  sha512-cuSVIHi9/9E/+821Qjdvngor+xpnlwnuwIyZOaLmHBVdXL+gP+I6QQB9VkO7RI77YIcTV+S1W9AreJ5eN63JBA== \
  lexer.js LICENSE
