# task: activation/gelu_tanh
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

_SRC = r"""
// Light headers instead of <torch/extension.h> (the whole C++ frontend): builds in ~8 s instead of ~22 s.
#include <ATen/core/Tensor.h>
#include <ATen/ops/empty_like.h>
#include <torch/csrc/utils/pybind.h>  // pybind11 + the at::Tensor caster
#include <torch/csrc/Exceptions.h>    // torch::wrap_pybind_function, used by the generated bindings
#include <cstdint>
#include <cmath>

at::Tensor gelu_tanh(at::Tensor x) {
    TORCH_CHECK(x.scalar_type() == at::kFloat, "expected float32");
    auto xc = x.contiguous();
    auto out = at::empty_like(xc);
    const float* in = xc.data_ptr<float>();
    float* o = out.data_ptr<float>();
    const int64_t n = xc.numel();
    const float k0 = 0.7978845608028654f;  // sqrt(2/pi)
    const float k1 = 0.044715f;
    // 0.5 * (1 + tanh(u)) == 1 / (1 + exp(-2u)): one vectorisable exp per element
    #pragma omp parallel for simd schedule(static)
    for (int64_t i = 0; i < n; ++i) {
        const float v = in[i];
        const float u = k0 * (v + k1 * v * v * v);
        o[i] = v / (1.0f + std::exp(-2.0f * u));
    }
    return out;
}
"""

_ext = load_inline(
    name="kbench_golden_gelu_tanh",
    cpp_sources=_SRC,
    functions=["gelu_tanh"],
    extra_cflags=["-O3", "-fopenmp", "-fno-math-errno", "-fno-trapping-math"],
    extra_ldflags=["-fopenmp"],
    no_implicit_headers=True,
)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return _ext.gelu_tanh(x)
