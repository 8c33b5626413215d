# task: pooling/max_pool2d
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
#include <limits>

// 2-D max pooling (NCHW, dilation 1, floor mode, implicit -inf padding).
// Each output row is built by sweeping the window's input rows and column
// offsets; for every offset only the output columns whose input column lies
// inside the image are touched, so no per-element bounds checks are needed.
// NaNs propagate like in PyTorch.
at::Tensor max_pool2d(at::Tensor x, int64_t kernel, int64_t stride, int64_t pad) {
    TORCH_CHECK(x.scalar_type() == at::kFloat && x.dim() == 4, "expected 4-D float32");
    TORCH_CHECK(kernel > 0 && stride > 0 && pad >= 0 && 2 * pad <= kernel, "bad pooling params");
    auto xc = x.contiguous();
    const int64_t N = xc.size(0), C = xc.size(1), H = xc.size(2), W = xc.size(3);
    const int64_t OH = (H + 2 * pad - kernel) / stride + 1;
    const int64_t OW = (W + 2 * pad - kernel) / stride + 1;
    auto out = at::empty({N, C, OH, OW}, xc.options());
    const float* px = xc.data_ptr<float>();
    float* po = out.data_ptr<float>();
    const int64_t planes = N * C;
    const int64_t total_rows = planes * OH;
    const float neg_inf = -std::numeric_limits<float>::infinity();

    #pragma omp parallel for schedule(static) if (total_rows * OW > 16384)
    for (int64_t row = 0; row < total_rows; ++row) {
        const int64_t plane = row / OH;
        const int64_t oh = row % OH;
        const float* xp = px + plane * H * W;
        float* orow = po + row * OW;
        for (int64_t ow = 0; ow < OW; ++ow) orow[ow] = neg_inf;
        const int64_t h0 = std::max<int64_t>(oh * stride - pad, 0);
        const int64_t h1 = std::min<int64_t>(oh * stride - pad + kernel, H);
        for (int64_t h = h0; h < h1; ++h) {
            const float* xr = xp + h * W;
            for (int64_t kw = 0; kw < kernel; ++kw) {
                const int64_t off = kw - pad;  // input column = ow * stride + off
                // valid ow: 0 <= ow*stride + off <= W-1
                int64_t lo = off >= 0 ? 0 : (-off + stride - 1) / stride;
                int64_t hi = (W - 1 - off) >= 0 ? (W - 1 - off) / stride : -1;
                hi = std::min<int64_t>(hi, OW - 1);
                const float* src = xr + off;
                #pragma omp simd
                for (int64_t ow = lo; ow <= hi; ++ow) {
                    const float v = src[ow * stride];
                    const float m = orow[ow];
                    orow[ow] = (v > m || v != v) ? v : m;
                }
            }
        }
    }
    return out;
}
"""

_ext = load_inline(
    name="kbench_golden_pooling",
    cpp_sources=_SRC,
    functions=["max_pool2d"],
    extra_cflags=["-O3", "-fopenmp"],
    extra_ldflags=["-fopenmp"],
    no_implicit_headers=True,
)


class ModelNew(nn.Module):
    def __init__(self, kernel_size: int, stride: int, padding: int):
        super().__init__()
        self.kernel_size = int(kernel_size)
        self.stride = int(stride)
        self.padding = int(padding)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return _ext.max_pool2d(x, self.kernel_size, self.stride, self.padding)
