# task: reduce/sum_dim
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
#include <vector>

// Sum over one dimension (keepdim=False). The input is viewed as
// (outer, R, inner) with R the reduced extent.
//  * inner == 1: each output is a contiguous row sum (SIMD reduction);
//  * inner  > 1: a CH-wide strip of the output is accumulated row by row, which
//    vectorises over the contiguous inner dimension.
// Two-level summation: blocks of RB rows are summed in float, the block sums
// are accumulated in double, which keeps the result close to the exact sum for
// long reductions and large magnitudes at almost no extra cost.
static constexpr int64_t CH = 1024;
static constexpr int64_t RB = 16;

at::Tensor sum_dim(at::Tensor x, int64_t dim) {
    TORCH_CHECK(x.scalar_type() == at::kFloat, "expected float32");
    const int64_t nd = x.dim();
    TORCH_CHECK(nd >= 1, "expected at least 1-D input");
    if (dim < 0) dim += nd;
    TORCH_CHECK(dim >= 0 && dim < nd, "dim out of range");
    auto xc = x.contiguous();
    int64_t outer = 1, inner = 1;
    std::vector<int64_t> out_sizes;
    for (int64_t d = 0; d < nd; ++d) {
        if (d < dim) outer *= xc.size(d);
        if (d > dim) inner *= xc.size(d);
        if (d != dim) out_sizes.push_back(xc.size(d));
    }
    const int64_t R = xc.size(dim);
    auto out = at::empty(out_sizes, xc.options());
    const float* px = xc.data_ptr<float>();
    float* po = out.data_ptr<float>();
    const bool big = outer * R * inner > 32768;

    if (inner == 1) {
        #pragma omp parallel for schedule(static) if (big)
        for (int64_t o = 0; o < outer; ++o) {
            const float* xr = px + o * R;
            double total = 0.0;
            for (int64_t r0 = 0; r0 < R; r0 += 64 * RB) {
                const int64_t r1 = std::min(R, r0 + 64 * RB);
                float s = 0.0f;
                #pragma omp simd reduction(+ : s)
                for (int64_t r = r0; r < r1; ++r) s += xr[r];
                total += static_cast<double>(s);
            }
            po[o] = static_cast<float>(total);
        }
        return out;
    }

    const int64_t strips = (inner + CH - 1) / CH;
    #pragma omp parallel for schedule(static) if (big)
    for (int64_t t = 0; t < outer * strips; ++t) {
        const int64_t o = t / strips;
        const int64_t j0 = (t % strips) * CH;
        const int64_t w = std::min(CH, inner - j0);
        const float* base = px + o * R * inner + j0;
        double acc[CH];
        float part[CH];
        for (int64_t j = 0; j < w; ++j) acc[j] = 0.0;
        for (int64_t r0 = 0; r0 < R; r0 += RB) {
            const int64_t r1 = std::min(R, r0 + RB);
            const float* x0 = base + r0 * inner;
            #pragma omp simd
            for (int64_t j = 0; j < w; ++j) part[j] = x0[j];
            for (int64_t r = r0 + 1; r < r1; ++r) {
                const float* xr = base + r * inner;
                #pragma omp simd
                for (int64_t j = 0; j < w; ++j) part[j] += xr[j];
            }
            #pragma omp simd
            for (int64_t j = 0; j < w; ++j) acc[j] += static_cast<double>(part[j]);
        }
        float* orow = po + o * inner + j0;
        for (int64_t j = 0; j < w; ++j) orow[j] = static_cast<float>(acc[j]);
    }
    return out;
}
"""

_ext = load_inline(
    name="kbench_golden_reduce",
    cpp_sources=_SRC,
    functions=["sum_dim"],
    extra_cflags=["-O3", "-fopenmp"],
    extra_ldflags=["-fopenmp"],
    no_implicit_headers=True,
)


class ModelNew(nn.Module):
    def __init__(self, dim: int):
        super().__init__()
        self.dim = int(dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return _ext.sum_dim(x, self.dim)
