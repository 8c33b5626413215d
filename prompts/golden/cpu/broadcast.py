# task: broadcast/channel_affine
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

// out[n, c, s] = x[n, c, s] * scale[c] + shift[c] for an NCHW tensor, in one pass:
// every (n, c) plane is a contiguous run of H*W elements sharing one scale/shift pair.
at::Tensor channel_affine(at::Tensor x, at::Tensor scale, at::Tensor shift) {
    TORCH_CHECK(x.scalar_type() == at::kFloat, "expected float32");
    TORCH_CHECK(x.dim() == 4, "expected an NCHW tensor");
    auto xc = x.contiguous();
    auto sc = scale.contiguous();
    auto bc = shift.contiguous();
    const int64_t N = xc.size(0), C = xc.size(1);
    const int64_t plane = xc.size(2) * xc.size(3);
    TORCH_CHECK(sc.numel() == C && bc.numel() == C, "scale/shift must have C elements");
    auto out = at::empty_like(xc);
    const float* in = xc.data_ptr<float>();
    const float* s = sc.data_ptr<float>();
    const float* b = bc.data_ptr<float>();
    float* o = out.data_ptr<float>();
    const int64_t planes = N * C;
    #pragma omp parallel for schedule(static) if (planes * plane >= 32768)
    for (int64_t p = 0; p < planes; ++p) {
        const int64_t c = p % C;
        const float sv = s[c], bv = b[c];
        const float* __restrict src = in + p * plane;
        float* __restrict dst = o + p * plane;
        #pragma omp simd
        for (int64_t i = 0; i < plane; ++i) dst[i] = src[i] * sv + bv;
    }
    return out;
}
"""

_ext = load_inline(
    name="kbench_golden_broadcast",
    cpp_sources=_SRC,
    functions=["channel_affine"],
    extra_cflags=["-O3", "-fopenmp"],
    extra_ldflags=["-fopenmp"],
    no_implicit_headers=True,
)


class ModelNew(nn.Module):
    def __init__(self, channels: int):
        super().__init__()
        self.scale = nn.Parameter(torch.randn(channels))
        self.shift = nn.Parameter(torch.randn(channels))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return _ext.channel_affine(x, self.scale, self.shift)
