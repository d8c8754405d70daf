#!/usr/bin/env bash
# Builds c.c against the release libconclave and measures on a 20-line and a 1 000-line
# Python input (real code from this repository), plus an empty one for the fixed cost. ROUNDS (default 7) alternating rounds.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
cargo build --release -p conclave-c
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
: > "$work/empty-0.py"   # the fixed cost per call
head -n 20 examples/sample-project/inventory.py > "$work/small-20.py"
cat benches/compare-lizard/compare.py benches/security-precision/score.py | head -n 1000 > "$work/large-1000.py"
lib="$CARGO_TARGET_DIR/release"
gcc -O2 -std=c11 -Wall -Wextra -Werror -I include benches/bindings-overhead/c.c -o "$work/c-bench" \
  -L"$lib" -lconclave -Wl,-rpath,"$lib"
"$work/c-bench" python "${ROUNDS:-7}" "$work/empty-0.py" "$work/small-20.py" "$work/large-1000.py"
