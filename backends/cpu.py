"""The ``cpu`` backend: C++ (OpenMP allowed) built with ``torch.utils.cpp_extension.load_inline``.

Runs anywhere with a C++ compiler and ninja; it is the backend of the smoke suite and of CI.
"""

from __future__ import annotations

import os
import shutil

from .base import Availability, Backend, _cpu_model, tool_version

INSTRUCTIONS = """\
Backend: cpu. Write the kernel in C++ for the CPU (OpenMP pragmas are allowed; vectorise inner loops).
Build it at import time with torch.utils.cpp_extension.load_inline(name=..., cpp_sources=SRC,
functions=[...], extra_cflags=["-O3", "-fopenmp"], extra_ldflags=["-fopenmp"]).
Inside the C++ function you may allocate outputs (torch::empty, torch::empty_like), call
.contiguous() and read raw pointers with data_ptr<float>(); every arithmetic operation must be your own
loop code: calling PyTorch operators (torch::matmul, at::softmax, tensor arithmetic) is forbidden, in C++
and in Python. Inputs are float32 CPU tensors unless the reference says otherwise.
Builds are faster with light headers: pass no_implicit_headers=True and include <ATen/core/Tensor.h>,
<ATen/ops/empty.h> (and the header of each other allocation op you use), <torch/csrc/utils/pybind.h> and
<torch/csrc/Exceptions.h> instead of <torch/extension.h>.
"""


class CpuBackend(Backend):
    name = "cpu"
    language = "C++ (OpenMP) via torch.utils.cpp_extension.load_inline"
    lock_name = "cpu"
    prebuilds = True
    default_shapes = "small"
    timing_kind = "device"

    def availability(self) -> Availability:
        cxx = os.environ.get("CXX", "c++")
        if shutil.which(cxx) is None:
            return Availability(False, False, f"no C++ compiler: '{cxx}' is not on PATH", "cpu")
        if shutil.which("ninja") is None:
            try:
                import ninja  # noqa: F401
            except ImportError:
                return Availability(False, False, "ninja is missing: pip install ninja", "cpu")
        return Availability(True, True, "ok", f"cpu: {_cpu_model()}")

    def toolchain(self) -> dict[str, str]:
        info = super().toolchain()
        info["cxx"] = tool_version(os.environ.get("CXX", "c++"))
        for var in ("CXX", "CFLAGS", "CXXFLAGS", "LDFLAGS"):
            info[var] = os.environ.get(var, "")
        return info

    def instructions(self) -> str:
        return INSTRUCTIONS
