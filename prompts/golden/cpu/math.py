# task: math/cumsum
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
#include <vector>

// Inclusive prefix sum along one dimension, viewing the tensor as (outer, L, inner).
// Running sums are kept in double (as PyTorch's CPU cumsum does), so long scans do not
// drift. For inner == 1 (scan along the last dim) a thread scans four rows at once:
// four independent dependency chains hide the latency of the floating-point adds.
at::Tensor cumsum_dim(at::Tensor x, int64_t dim) {
    TORCH_CHECK(x.scalar_type() == at::kFloat, "expected float32");
    const int64_t nd = x.dim();
    if (nd == 0) return x.clone();
    if (dim < 0) dim += nd;
    TORCH_CHECK(dim >= 0 && dim < nd, "dim out of range");
    auto xc = x.contiguous();
    auto out = at::empty_like(xc);
    int64_t outer = 1, inner = 1;
    for (int64_t d = 0; d < dim; ++d) outer *= xc.size(d);
    for (int64_t d = dim + 1; d < nd; ++d) inner *= xc.size(d);
    const int64_t L = xc.size(dim);
    const float* in = xc.data_ptr<float>();
    float* o = out.data_ptr<float>();
    const bool par = outer * L * inner >= 32768;

    if (inner == 1) {
        const int64_t groups = (outer + 3) / 4;
        #pragma omp parallel for schedule(static) if (par)
        for (int64_t g = 0; g < groups; ++g) {
            const int64_t r0 = g * 4;
            if (r0 + 4 <= outer) {
                const float* a0 = in + r0 * L; const float* a1 = a0 + L;
                const float* a2 = a1 + L;      const float* a3 = a2 + L;
                float* b0 = o + r0 * L; float* b1 = b0 + L;
                float* b2 = b1 + L;     float* b3 = b2 + L;
                double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
                for (int64_t i = 0; i < L; ++i) {
                    s0 += a0[i]; s1 += a1[i]; s2 += a2[i]; s3 += a3[i];
                    b0[i] = (float)s0; b1[i] = (float)s1; b2[i] = (float)s2; b3[i] = (float)s3;
                }
            } else {
                for (int64_t r = r0; r < outer; ++r) {
                    const float* a = in + r * L;
                    float* b = o + r * L;
                    double s = 0.0;
                    for (int64_t i = 0; i < L; ++i) { s += a[i]; b[i] = (float)s; }
                }
            }
        }
    } else {
        #pragma omp parallel if (par)
        {
            std::vector<double> acc(inner);
            #pragma omp for schedule(static)
            for (int64_t r = 0; r < outer; ++r) {
                for (int64_t j = 0; j < inner; ++j) acc[j] = 0.0;
                for (int64_t i = 0; i < L; ++i) {
                    const float* a = in + (r * L + i) * inner;
                    float* b = o + (r * L + i) * inner;
                    #pragma omp simd
                    for (int64_t j = 0; j < inner; ++j) { acc[j] += a[j]; b[j] = (float)acc[j]; }
                }
            }
        }
    }
    return out;
}
"""

_ext = load_inline(
    name="kbench_golden_math",
    cpp_sources=_SRC,
    functions=["cumsum_dim"],
    extra_cflags=["-O3", "-fopenmp"],
    extra_ldflags=["-fopenmp"],
    no_implicit_headers=True,
)


class ModelNew(nn.Module):
    def __init__(self, dim: int):
        super().__init__()
        self.dim = dim

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return _ext.cumsum_dim(x, self.dim)
