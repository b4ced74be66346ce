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
  rm -rf "${here:?}/$name" && mkdir -p "$here/$name"
  for f in "$@"; do
    mkdir -p "$(dirname "$here/$name/$f")"
    cp -r "$work/package/$f" "$here/$name/$f"
  done
  echo "$name@$version $integrity" > "$here/$name/VERSION"
}

# Node's own CommonJS export analysis (named exports of CommonJS modules imported
# from ES modules); the JavaScript build, as Node falls back to it.
fetch cjs-module-lexer 1.4.1 \
  sha512-cuSVIHi9/9E/+821Qjdvngor+xpnlwnuwIyZOaLmHBVdXL+gP+I6QQB9VkO7RI77YIcTV+S1W9AreJ5eN63JBA== \
  lexer.js LICENSE

# Node's streams (Readable, Writable, Duplex, Transform, pipeline, promises), the
# userland port of Node 18's lib/stream; `stream` and `stream/promises` are its
# lib/stream.js and lib/stream/promises.js (js/bootstrap.js maps its dependencies on
# buffer, events, process, string_decoder and abort-controller to the built-ins).
fetch readable-stream 4.7.0 \
  sha512-oIGGmcpTLwPga8Bn6/Z75SVaH1z5dUut2ibSyAMVhmUggWpmDn2dapB0n7f8nwaSiRtepAsfJyfXIO5DCVAODg== \
  lib LICENSE

# `util.parseArgs`: the reference implementation Node's own lib/internal/util/parse_args
# was taken from (its `process` use is the built-in's).
fetch @pkgjs/parseargs 0.11.0 \
  sha512-+1VkjdD0QBLPodGrJUeqarH8VAIvQODIbwh9XpP5Syisf7YoQgsJKPNFoqqLQlu+VQ/tVSshMR6loPMn8U+dPg== \
  index.js utils.js internal LICENSE
