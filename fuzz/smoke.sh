#!/usr/bin/env bash
# Runs fuzz targets for a chosen time each, reports executions and findings, and fails
# if any target found a crash, a hang or a broken invariant.
#
#   fuzz/smoke.sh [SECONDS] [TARGET...]     (default 15 s, every target)
#
# CI runs it with the default as a smoke test; run it longer by hand, e.g.
# `fuzz/smoke.sh 3600 kernel_dispatch`. Needs a nightly toolchain and cargo-fuzz
# (.ci/setup installs both). New corpus entries go to a temporary directory, so the
# tracked seeds under corpus/ stay as they are; a failing input is copied to
# fuzz/artifacts/<target>/ (reproduce with `cargo +nightly fuzz run <target> <file>`).
set -euo pipefail
cd "$(dirname "$0")"

seconds="${1:-15}"
shift || true
# Every target: one per file in fuzz_targets/ (each is a [[bin]] of that name).
all=()
for f in fuzz_targets/*.rs; do all+=("$(basename "$f" .rs)"); done
if [ "$#" -gt 0 ]; then targets=("$@"); else targets=("${all[@]}"); fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

failed=()
summary=()
for target in "${targets[@]}"; do
  echo "== fuzz: $target for ${seconds}s"
  mkdir -p "$work/$target/corpus" "$work/$target/artifacts" "corpus/$target"
  # -timeout: no single input may take 10 s (no target may block).
  if cargo +nightly fuzz run "$target" "$work/$target/corpus" "corpus/$target" -- \
      -max_total_time="$seconds" -timeout=10 \
      -artifact_prefix="$work/$target/artifacts/" -print_final_stats=1 \
      2>&1 | tee "$work/$target/log"; then
    result="ok"
  else
    failed+=("$target")
    mkdir -p "artifacts/$target"
    cp -v "$work/$target/artifacts/"* "artifacts/$target/" 2>/dev/null || true
    result="FAILED: inputs saved under fuzz/artifacts/$target/"
  fi
  runs="$(grep -o 'stat::number_of_executed_units: [0-9]*' "$work/$target/log" | grep -o '[0-9]*$' || echo '?')"
  found="$(find "$work/$target/artifacts" -type f | wc -l)"
  summary+=("$(printf '%-18s %12s executions  %3s findings  %s' "$target" "$runs" "$found" "$result")")
done

echo
echo "== fuzz summary (${seconds}s per target)"
printf '%s\n' "${summary[@]}"
if [ "${#failed[@]}" -gt 0 ]; then
  echo "fuzz failed: ${failed[*]}" >&2
  exit 1
fi
