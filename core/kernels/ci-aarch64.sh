#!/usr/bin/env bash
# The kernels' tests and lints for aarch64 (the NEON paths, with and without `sdot`),
# cross-compiled and run under qemu-user. Called by .ci/run; installs what it needs.
set -euo pipefail
cd "$(dirname "$0")/../.."

target=aarch64-unknown-linux-gnu
# The tools come from apt and rustup's distribution server; where either cannot be reached the
# step says so loudly and skips, rather than failing the whole run.
skip() {
  echo "SKIPPED: the aarch64 kernel checks need $1, which could not be installed here" >&2
  exit 0
}
if ! command -v qemu-aarch64 >/dev/null || ! command -v aarch64-linux-gnu-gcc >/dev/null; then
  echo "installing qemu-user and the aarch64 cross linker"
  sudo_cmd=""; [[ $(id -u) -ne 0 ]] && sudo_cmd=sudo
  { $sudo_cmd apt-get update -qq && $sudo_cmd apt-get install -y -qq qemu-user gcc-aarch64-linux-gnu; } ||
    skip "qemu-user and gcc-aarch64-linux-gnu"
fi
if ! rustup target list --installed | grep -qx "$target"; then
  timeout 300 rustup target add "$target" || skip "the Rust standard library for $target"
fi

export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUNNER="qemu-aarch64 -L /usr/aarch64-linux-gnu"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/conclave/target}-aarch64"
cargo clippy -p conclave-kernels --all-targets --target "$target" --locked -- -D warnings
cargo test -p conclave-kernels --target "$target" --locked
