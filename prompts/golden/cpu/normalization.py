# task: normalization/layer_norm
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

// LayerNorm over the last dimension: each row of length H is normalised with
// its own mean / biased variance, then scaled by weight and shifted by bias.
at::Tensor layer_norm_lastdim(at::Tensor x, at::Tensor weight, at::Tensor bias, double eps) {
    TORCH_CHECK(x.scalar_type() == at::kFloat, "expected float32");
    auto xc = x.contiguous();
    auto wc = weight.contiguous();
    auto bc = bias.contiguous();
    const int64_t H = xc.size(-1);
    TORCH_CHECK(wc.numel() == H && bc.numel() == H, "affine size mismatch");
    const int64_t rows = H == 0 ? 0 : xc.numel() / H;
    auto out = at::empty_like(xc);
    const float* px = xc.data_ptr<float>();
    const float* pw = wc.data_ptr<float>();
    const float* pb = bc.data_ptr<float>();
    float* po = out.data_ptr<float>();
    const float inv_h = 1.0f / static_cast<float>(H);
    const float feps = static_cast<float>(eps);

    #pragma omp parallel for schedule(static) if (rows * H > 32768)
    for (int64_t r = 0; r < rows; ++r) {
        const float* xr = px + r * H;
        float* orow = po + r * H;
        float s = 0.0f;
        #pragma omp simd reduction(+ : s)
        for (int64_t j = 0; j < H; ++j) s += xr[j];
        const float mean = s * inv_h;
        float sq = 0.0f;
        #pragma omp simd reduction(+ : sq)
        for (int64_t j = 0; j < H; ++j) {
            const float d = xr[j] - mean;
            sq += d * d;
        }
        const float rstd = 1.0f / std::sqrt(sq * inv_h + feps);
        #pragma omp simd
        for (int64_t j = 0; j < H; ++j) orow[j] = (xr[j] - mean) * rstd * pw[j] + pb[j];
    }
    return out;
}
"""

_ext = load_inline(
    name="kbench_golden_normalization",
    cpp_sources=_SRC,
    functions=["layer_norm_lastdim"],
    extra_cflags=["-O3", "-fopenmp"],
    extra_ldflags=["-fopenmp"],
    no_implicit_headers=True,
)


class ModelNew(nn.Module):
    def __init__(self, hidden: int, eps: float = 1e-5):
        super().__init__()
        self.ln = nn.LayerNorm(hidden, eps=eps, elementwise_affine=True)
        # Same initialisation as the reference (same RNG draws in the same order).
        with torch.no_grad():
            self.ln.weight.normal_(1.0, 0.2)
            self.ln.bias.normal_(0.0, 0.2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return _ext.layer_norm_lastdim(x, self.ln.weight, self.ln.bias, self.ln.eps)
