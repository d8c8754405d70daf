#!/usr/bin/env bash
# CI for the Python binding: build and install the wheel from the repository, check the stubs
# against the compiled module with mypy's stubtest, run the pytest suite (real model included:
# `pull_model("smollm2")` downloads it once into ~/.cache/conclave/models).
#
#   bindings/python/ci.sh            # from anywhere; idempotent
#
# Environment: PYTHON (default python3), CONCLAVE_PY_VENV (default $HOME/.cache/conclave/ci-venv),
# CARGO_TARGET_DIR (reused when set, so a second run only relinks).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
python="${PYTHON:-python3}"
venv="${CONCLAVE_PY_VENV:-$HOME/.cache/conclave/ci-venv}"

if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
fi
py="$venv/bin/python"
"$py" -m pip install --quiet --upgrade pip
"$py" -m pip install --quiet "pytest>=8" "pytest-timeout>=2" "mypy>=1.10" "dask[distributed]>=2024.1" jsonschema

# The wheel, built by maturin in pip's isolated environment (abi3: one wheel for CPython >= 3.9).
"$py" -m pip install --quiet --force-reinstall --no-deps "$here"

# Stubs against the compiled module; run outside the source tree so the installed package is used.
cd "$repo"
"$py" -m mypy.stubtest conclave
"$py" -m mypy --strict "$here/python/conclave/__init__.pyi" "$here/python/conclave/_native.pyi"

cd "$here/tests"
"$py" -m pytest -q -p no:cacheprovider --timeout=600 "$@"
