#!/usr/bin/env bash
# Run THERE (the GPU machine, from the repository root, with .whl/ carried): install kbench's missing
# dependencies into /tmp/site without touching the machine's own torch, triton or jax, then print what
# kbench sees. Use it as:  source tools/gpu-install.sh   (it exports PYTHONPATH for the commands after it).
set -e
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl
export PYTHONPATH="/tmp/site:$PWD${PYTHONPATH:+:$PYTHONPATH}"
python3 - <<'PY'
import torch, triton
print(f"torch {torch.__version__} (cuda {torch.version.cuda}, device {torch.cuda.get_device_name(0)}), triton {triton.__version__}")
PY
python3 -m harness doctor
