#!/usr/bin/env bash
# Create the Python venv for benches/compare/bench_python.py.
#
#   benches/compare/setup_venv.sh VENV_DIR
#
# Installs the pinned lock in requirements.txt with --no-deps (see the comment there: the
# PyPI torch 2.4.1 is a CUDA build and cannot be imported without most of its nvidia-*
# wheels; only triton, cuSOLVER and NVRTC, which CPU use never loads, are left out).
# The result is about 4.5 GB, 3.3 GB of it CUDA libraries that are loaded but never used.
# torch and the two CUDA runtime wheels are taken from the standpoint wheel cache
# ($STANDPOINT_CACHE/wheels, default ~/.cache/standpoint/wheels, filled by scripts/setup.sh)
# when present, everything else from PyPI (about 1.8 GB of downloads; pip's own cache is
# not used, so nothing is stored twice).
#
# Idempotent: a stamp file inside the venv records a hash of requirements.txt and this
# script; a second run with the same inputs only checks the stamp. Interpreter:
# $PYTHON (default python3.11; torch 2.4.1's cached wheel is cp311).
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 VENV_DIR" >&2
  exit 2
fi
venv=$1
here=$(cd "$(dirname "$0")" && pwd)
req=$here/requirements.txt
cache=${STANDPOINT_CACHE:-$HOME/.cache/standpoint}
wheels=$cache/wheels
python=${PYTHON:-python3.11}
stamp=$venv/.standpoint-bench-stamp

want=$(cat "$req" "$here/setup_venv.sh" | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$venv/bin/python" ]; then
  echo "setup_venv: $venv is up to date" >&2
  exit 0
fi

start=$(date +%s)
if ! command -v "$python" >/dev/null 2>&1; then
  echo "setup_venv: $python not found (set PYTHON=...; torch 2.4.1 wheels need 3.8-3.12)" >&2
  exit 1
fi
rm -f "$stamp"
if [ ! -x "$venv/bin/python" ]; then
  echo "setup_venv: creating $venv with $($python --version 2>&1)" >&2
  "$python" -m venv "$venv"
fi

find_links=()
if [ -d "$wheels" ]; then
  find_links=(--find-links "$wheels")
fi

echo "setup_venv: installing the pinned lock (requirements.txt, --no-deps)" >&2
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-cache-dir --no-deps \
  --only-binary=:all: "${find_links[@]}" -r "$req"

# Smoke test: the three libraries import and torch runs a CPU matmul.
"$venv/bin/python" - <<'PY'
import torch, transformers, tokenizers, sentence_transformers, numpy
x = torch.randn(8, 8)
assert torch.allclose(x @ torch.eye(8), x)
print(f"setup_venv: ok torch {torch.__version__} (cuda available: {torch.cuda.is_available()}), "
      f"transformers {transformers.__version__}, tokenizers {tokenizers.__version__}, "
      f"sentence-transformers {sentence_transformers.__version__}, numpy {numpy.__version__}")
PY

echo "$want" > "$stamp"
echo "setup_venv: done in $(( $(date +%s) - start )) s; size $(du -sh "$venv" | cut -f1)" >&2
