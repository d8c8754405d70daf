#!/usr/bin/env bash
# CI for the C binding: builds libconclave, checks include/conclave.h is what cbindgen generates,
# builds the C and C++ examples, runs them plainly, under valgrind and under AddressSanitizer,
# and runs the bad-input checks. Installs cbindgen 0.29.4 and valgrind only when missing.
# Reuses CARGO_TARGET_DIR when set. Run from anywhere: bindings/c/ci.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
CBINDGEN_VERSION=0.29.4
step() { printf '\n== %s\n' "$*"; }

step "cbindgen $CBINDGEN_VERSION"
if ! command -v cbindgen >/dev/null || [[ "$(cbindgen --version)" != "cbindgen $CBINDGEN_VERSION" ]]; then
  cargo install cbindgen --locked --version "$CBINDGEN_VERSION"
fi
if ! command -v valgrind >/dev/null; then
  step "installing valgrind"
  sudo_cmd=""; [[ $(id -u) -ne 0 ]] && sudo_cmd=sudo
  $sudo_cmd apt-get update -qq && $sudo_cmd apt-get install -y -qq valgrind
fi

step "header is up to date"
fresh="$(mktemp --suffix=.h)"
trap 'rm -f "$fresh"' EXIT
cbindgen --quiet --config bindings/c/cbindgen.toml --crate conclave-c --output "$fresh" bindings/c
if ! diff -u include/conclave.h "$fresh"; then
  echo "include/conclave.h is stale: regenerate it with" >&2
  echo "  cbindgen --config bindings/c/cbindgen.toml --crate conclave-c --output include/conclave.h bindings/c" >&2
  exit 1
fi

step "build and Rust tests"
cargo build -p conclave-c
cargo test -p conclave-c

step "C and C++ examples"
out="$CARGO_TARGET_DIR/conclave-c-examples"
OUT="$out/plain" examples/c/build.sh
OUT="$out/asan" SANITIZE=address examples/c/build.sh

# The examples exit 1 when they print findings: that is expected on the sample project.
expect_findings() {
  local rc=0
  "$@" >/dev/null || rc=$?
  if [[ $rc -ne 1 ]]; then
    echo "expected exit status 1 (findings) from $*, got $rc" >&2
    exit 1
  fi
}
sample=examples/sample-project
for variant in plain asan; do
  step "run ($variant)"
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
  { "$out/$variant/analyze" "$sample" || true; } | tail -n 3
  expect_findings "$out/$variant/analyze" "$sample"
  expect_findings "$out/$variant/analyze_cpp" "$sample"
  "$out/$variant/bad_input" | tail -n 2
  "$out/$variant/stream" "$sample" | tail -n 1
done
expect_findings "$out/plain/analyze_static" "$sample"

step "valgrind"
vg=(valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --error-exitcode=99)
for program in analyze analyze_cpp; do
  rc=0
  "${vg[@]}" "$out/plain/$program" "$sample" >/dev/null || rc=$?
  if [[ $rc -ne 1 ]]; then echo "valgrind: $program exited $rc (99: memory errors or leaks)" >&2; exit 1; fi
done
"${vg[@]}" "$out/plain/bad_input" >/dev/null
"${vg[@]}" "$out/plain/stream" "$sample" >/dev/null

step "C binding: all checks passed"
