#!/usr/bin/env bash
# Builds the C and C++ examples against include/conclave.h and libconclave.
#   PROFILE=debug|release (default debug)   SANITIZE=address (optional)   OUT=dir (default ./out)
# Needs `cargo build -p conclave-c [--release]` first (ci.sh does it).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
profile="${PROFILE:-debug}"
libdir="${CARGO_TARGET_DIR:-$root/target}/$profile"
out="${OUT:-$here/out}"
mkdir -p "$out"
flags=(-std=c11 -Wall -Wextra -Werror -g -I"$root/include")
cxxflags=(-std=c++17 -Wall -Wextra -Werror -g -I"$root/include")
if [[ "${SANITIZE:-}" == address ]]; then
  flags+=(-fsanitize=address -fno-omit-frame-pointer)
  cxxflags+=(-fsanitize=address -fno-omit-frame-pointer)
fi
# The shared library, found at run time through the rpath.
link=(-L"$libdir" -lconclave -Wl,-rpath,"$libdir" -lpthread -ldl -lm)
gcc "${flags[@]}" "$here/analyze.c" -o "$out/analyze" "${link[@]}"
gcc "${flags[@]}" "$here/bad_input.c" -o "$out/bad_input" "${link[@]}"
gcc "${flags[@]}" "$here/stream.c" -o "$out/stream" "${link[@]}"
g++ "${cxxflags[@]}" "$here/analyze.cpp" -o "$out/analyze_cpp" "${link[@]}"
# The static library, to show it links on its own.
gcc "${flags[@]}" "$here/analyze.c" -o "$out/analyze_static" "$libdir/libconclave.a" -lpthread -ldl -lm
echo "built into $out"
