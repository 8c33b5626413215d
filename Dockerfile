# The kbench evaluation image: CUDA toolkit (nvcc for the cuda backend), Python, kbench installed.
# Build:  docker build -t kbench-eval .
# Use it whole:  docker run --rm --gpus all -v "$PWD/results:/kbench/results" kbench-eval run --model golden --backend cpu --suite smoke
# Or as the sandbox of a host run: kbench run ... --sandbox docker  (each worker runs in this image, --network none,
# with /opt/venv/bin/python and the host checkout mounted read-only).
# Not built in kbench's CI: the development machines have no Docker engine.
FROM nvidia/cuda:13.0.0-devel-ubuntu24.04

ENV DEBIAN_FRONTEND=noninteractive PIP_NO_CACHE_DIR=1 PYTHONUNBUFFERED=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 python3-venv python3-dev g++ make ninja-build git bubblewrap \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /kbench
COPY pyproject.toml README.md Makefile ./
COPY harness harness
COPY backends backends
COPY tasks tasks
COPY prompts prompts
RUN python3 -m venv /opt/venv \
 && /opt/venv/bin/pip install --upgrade pip \
 && /opt/venv/bin/pip install "torch==2.14.1" --index-url https://download.pytorch.org/whl/cu130 \
 && /opt/venv/bin/pip install -e .
ENV PATH=/opt/venv/bin:$PATH CUDA_HOME=/usr/local/cuda KBENCH_CACHE=/kbench/.kbench-cache
ENTRYPOINT ["kbench"]
CMD ["doctor"]
