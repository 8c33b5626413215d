#!/usr/bin/env bash
# Run HERE (a machine with pip access): download the wheels kbench needs on a GPU machine that has its own
# Python 3.12, torch, triton, jax, numpy, pandas, typer, rich and ninja but no network: only pydantic and its
# dependencies are missing there. Writes .whl/ (git-ignored), small enough to carry (a few MB).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-python3}
mkdir -p .whl
for pkg in "pydantic==2.12.5" "pydantic-core==2.41.5" "annotated-types==0.7.0" "typing-inspection==0.4.2" \
           "typing-extensions==4.15.0"; do
  "$PY" -m pip download -q --no-deps --only-binary=:all: --python-version 3.12 --implementation cp \
    --platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 \
    --platform any -d .whl "$pkg"
done
ls -la .whl
