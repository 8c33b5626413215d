# task: resize/upsample_bilinear2x
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

_SRC = r"""
// Light headers instead of <torch/extension.h> (the whole C++ frontend): builds in ~8 s instead of ~22 s.
#include <ATen/core/Tensor.h>
#include <ATen/ops/empty.h>
#include <torch/csrc/utils/pybind.h>  // pybind11 + the at::Tensor caster
#include <torch/csrc/Exceptions.h>    // torch::wrap_pybind_function, used by the generated bindings
#include <cstdint>
#include <algorithm>
#include <cmath>
#include <vector>

// Bilinear resize of an NCHW tensor by a scale factor, align_corners=False,
// using PyTorch's source-index convention: src = (dst + 0.5) / scale - 0.5,
// clamped at 0, neighbour index clamped at the border.
// Per output row: blend the two source rows vertically into a scratch row
// (contiguous, vectorised), then interpolate horizontally with precomputed
// column indices and weights.
struct Lin { int64_t i0, i1; float l0, l1; };

static std::vector<Lin> linear_coeffs(int64_t in_size, int64_t out_size, double scale_factor) {
    std::vector<Lin> c(out_size);
    // A dimension whose size does not change is copied as is (as PyTorch does).
    const float s = in_size == out_size ? 1.0f
                  : scale_factor > 0   ? static_cast<float>(1.0 / scale_factor)
                                       : static_cast<float>(in_size) / static_cast<float>(out_size);
    for (int64_t o = 0; o < out_size; ++o) {
        float src = s * (static_cast<float>(o) + 0.5f) - 0.5f;
        if (src < 0.0f) src = 0.0f;
        int64_t i0 = static_cast<int64_t>(src);
        if (i0 > in_size - 1) i0 = in_size - 1;
        const int64_t i1 = i0 < in_size - 1 ? i0 + 1 : i0;
        float l1 = src - static_cast<float>(i0);
        l1 = std::min(std::max(l1, 0.0f), 1.0f);
        c[o] = {i0, i1, 1.0f - l1, l1};
    }
    return c;
}

at::Tensor upsample_bilinear(at::Tensor x, double scale_factor) {
    TORCH_CHECK(x.scalar_type() == at::kFloat && x.dim() == 4, "expected 4-D float32");
    TORCH_CHECK(scale_factor > 0, "scale factor must be positive");
    auto xc = x.contiguous();
    const int64_t N = xc.size(0), C = xc.size(1), H = xc.size(2), W = xc.size(3);
    const int64_t OH = static_cast<int64_t>(std::floor(static_cast<double>(H) * scale_factor));
    const int64_t OW = static_cast<int64_t>(std::floor(static_cast<double>(W) * scale_factor));
    auto out = at::empty({N, C, OH, OW}, xc.options());
    if (out.numel() == 0) return out;
    const std::vector<Lin> ch = linear_coeffs(H, OH, scale_factor);
    const std::vector<Lin> cw = linear_coeffs(W, OW, scale_factor);
    const float* px = xc.data_ptr<float>();
    float* po = out.data_ptr<float>();
    const int64_t total_rows = N * C * OH;

    #pragma omp parallel if (total_rows * OW > 16384)
    {
        std::vector<float> tmp(W);
        float* t = tmp.data();
        #pragma omp for schedule(static)
        for (int64_t row = 0; row < total_rows; ++row) {
            const int64_t plane = row / OH;
            const Lin& hv = ch[row % OH];
            const float* r0 = px + (plane * H + hv.i0) * W;
            const float* r1 = px + (plane * H + hv.i1) * W;
            const float a = hv.l0, b = hv.l1;
            #pragma omp simd
            for (int64_t w = 0; w < W; ++w) t[w] = a * r0[w] + b * r1[w];
            float* orow = po + row * OW;
            for (int64_t ow = 0; ow < OW; ++ow) {
                const Lin& c = cw[ow];
                orow[ow] = c.l0 * t[c.i0] + c.l1 * t[c.i1];
            }
        }
    }
    return out;
}
"""

_ext = load_inline(
    name="kbench_golden_resize",
    cpp_sources=_SRC,
    functions=["upsample_bilinear"],
    extra_cflags=["-O3", "-fopenmp"],
    extra_ldflags=["-fopenmp"],
    no_implicit_headers=True,
)


class ModelNew(nn.Module):
    def __init__(self, scale_factor: float):
        super().__init__()
        self.scale_factor = float(scale_factor)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return _ext.upsample_bilinear(x, self.scale_factor)
