"""The golden kernels of the accelerator backends: one per smoke-suite category plus the generic (add)
exemplar of every backend. tests/test_verify.py runs them all through `kbench verify` (triton and pallas
under their interpreters here: a real correctness verdict, `timing: interpreted`, speedup null; cuda
compiled for real with nvcc: `unverified`, no driver; with a GPU the same tests demand `correct`). The
ascend exemplar is checked by tests/test_ascend.py (parsing and project generation: there is no CANN)."""

from __future__ import annotations

import backends
from harness import prompting
from harness import tasks as T

ACCELERATORS = ["triton", "pallas", "cuda"]


def test_every_backend_has_a_golden_kernel_per_smoke_task_and_a_generic_one():
    smoke = {t.id for t in T.select(T.catalog(), "smoke")}
    for name in ["cpu", *ACCELERATORS]:
        assert set(prompting.goldens(name)) == smoke, name
    for name in backends.names():
        assert prompting.generic_exemplar(name) is not None, name


def test_the_cuda_goldens_keep_nvcc_fast():
    """Each cuda golden compiles its kernels in a .cu that includes no torch header (nvcc stays fast) and
    launches them on the current stream."""
    for path in [*prompting.goldens("cuda").values(), prompting.generic_exemplar("cuda")]:
        text = path.read_text()
        assert "cuda_sources" in text and "getCurrentCUDAStream" in text, path.name


# Running every golden kernel of every backend: tests/test_verify.py (`kbench verify` on a hand-written manifest).
