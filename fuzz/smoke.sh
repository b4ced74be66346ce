#!/usr/bin/env bash
# Runs every fuzz target for a short while and fails if any finds a crash or a hang.
#
#   fuzz/smoke.sh [SECONDS]        (default 15 per target)
#
# Needs a nightly toolchain and cargo-fuzz (.ci/setup installs both). New corpus
# entries go to a temporary directory, so the tracked seeds under corpus/ stay as
# they are; a crashing input is copied to fuzz/artifacts/<target>/.
set -euo pipefail
cd "$(dirname "$0")"

seconds="${1:-15}"
targets=(frame_decode ring_kernel_side)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

failed=()
for target in "${targets[@]}"; do
  echo "== fuzz smoke: $target for ${seconds}s"
  mkdir -p "$work/$target/corpus" "$work/$target/artifacts"
  # -timeout: no single input may take 10 s (the ring target must never block).
  if cargo +nightly fuzz run "$target" "$work/$target/corpus" "corpus/$target" -- \
      -max_total_time="$seconds" -timeout=10 \
      -artifact_prefix="$work/$target/artifacts/" -print_final_stats=1; then
    echo "== $target: ok"
  else
    failed+=("$target")
    mkdir -p "artifacts/$target"
    cp -v "$work/$target/artifacts/"* "artifacts/$target/" 2>/dev/null || true
    echo "== $target: FAILED (inputs saved under fuzz/artifacts/$target/)"
  fi
done

if [ "${#failed[@]}" -gt 0 ]; then
  echo "fuzz smoke failed: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz smoke: all ${#targets[@]} targets ran ${seconds}s without a crash"
