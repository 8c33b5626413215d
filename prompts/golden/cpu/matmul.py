# task: matmul/square_matmul
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

_SRC = r"""
// Light headers instead of <torch/extension.h> (the whole C++ frontend): builds in ~8 s instead of ~22 s.
#include <ATen/core/Tensor.h>
#include <ATen/ops/zeros.h>
#include <torch/csrc/utils/pybind.h>  // pybind11 + the at::Tensor caster
#include <torch/csrc/Exceptions.h>    // torch::wrap_pybind_function, used by the generated bindings
#include <cstdint>
#include <algorithm>
#include <vector>

// C[M,N] = A[M,K] @ B[K,N], row-major fp32, BLIS-style:
//  * C is cut into MC x NC tiles that OpenMP threads take dynamically;
//  * K is blocked by KC; per block the tile's A rows are packed into MR-row
//    panels ([kc][MR]) and B columns into NR-column panels ([kc][NR]);
//  * an MR x NR micro-kernel keeps its accumulators in registers.
static constexpr int64_t MR = 8;
static constexpr int64_t NR = 8;
static constexpr int64_t MC = 64;
static constexpr int64_t NC = 256;
static constexpr int64_t KC = 256;

static inline void micro_kernel(const float* __restrict ap, const float* __restrict bp,
                                float* __restrict c, int64_t ldc, int64_t kc,
                                int64_t mr, int64_t nr) {
    float acc[MR][NR] = {};
    for (int64_t k = 0; k < kc; ++k) {
        const float* a = ap + k * MR;
        const float* b = bp + k * NR;
        #pragma GCC unroll 8
        for (int r = 0; r < MR; ++r) {
            const float av = a[r];
            #pragma GCC unroll 8
            for (int j = 0; j < NR; ++j) acc[r][j] += av * b[j];
        }
    }
    if (mr == MR && nr == NR) {
        for (int r = 0; r < MR; ++r)
            for (int j = 0; j < NR; ++j) c[r * ldc + j] += acc[r][j];
    } else {
        for (int64_t r = 0; r < mr; ++r)
            for (int64_t j = 0; j < nr; ++j) c[r * ldc + j] += acc[r][j];
    }
}

at::Tensor square_matmul(at::Tensor A, at::Tensor B) {
    TORCH_CHECK(A.scalar_type() == at::kFloat && B.scalar_type() == at::kFloat, "expected float32");
    TORCH_CHECK(A.dim() == 2 && B.dim() == 2 && A.size(1) == B.size(0), "shape mismatch");
    auto a = A.contiguous();
    auto b = B.contiguous();
    const int64_t M = a.size(0), K = a.size(1), N = b.size(1);
    auto out = at::zeros({M, N}, a.options());
    const float* pa = a.data_ptr<float>();
    const float* pb = b.data_ptr<float>();
    float* pc = out.data_ptr<float>();

    const int64_t mt = (M + MC - 1) / MC;
    const int64_t nt = (N + NC - 1) / NC;
    #pragma omp parallel if (M * N * K >= 65536)
    {
        std::vector<float> abuf(MC * KC), bbuf(NC * KC);
        #pragma omp for collapse(2) schedule(dynamic, 1)
        for (int64_t ti = 0; ti < mt; ++ti) {
            for (int64_t tj = 0; tj < nt; ++tj) {
                const int64_t i0 = ti * MC, i1 = std::min(M, i0 + MC);
                const int64_t j0 = tj * NC, j1 = std::min(N, j0 + NC);
                for (int64_t k0 = 0; k0 < K; k0 += KC) {
                    const int64_t kc = std::min(KC, K - k0);
                    // Pack B[k0:k0+kc, j0:j1] into zero-padded NR-wide panels.
                    for (int64_t j = j0; j < j1; j += NR) {
                        float* dst = bbuf.data() + ((j - j0) / NR) * kc * NR;
                        const int64_t nr = std::min(NR, j1 - j);
                        for (int64_t k = 0; k < kc; ++k) {
                            const float* src = pb + (k0 + k) * N + j;
                            for (int64_t q = 0; q < NR; ++q) dst[k * NR + q] = q < nr ? src[q] : 0.0f;
                        }
                    }
                    // Pack A[i0:i1, k0:k0+kc] into zero-padded MR-tall panels.
                    for (int64_t i = i0; i < i1; i += MR) {
                        float* dst = abuf.data() + ((i - i0) / MR) * kc * MR;
                        const int64_t mr = std::min(MR, i1 - i);
                        for (int64_t r = 0; r < MR; ++r) {
                            if (r < mr) {
                                const float* src = pa + (i + r) * K + k0;
                                for (int64_t k = 0; k < kc; ++k) dst[k * MR + r] = src[k];
                            } else {
                                for (int64_t k = 0; k < kc; ++k) dst[k * MR + r] = 0.0f;
                            }
                        }
                    }
                    for (int64_t i = i0; i < i1; i += MR) {
                        const int64_t mr = std::min(MR, i1 - i);
                        const float* ap = abuf.data() + ((i - i0) / MR) * kc * MR;
                        for (int64_t j = j0; j < j1; j += NR) {
                            const int64_t nr = std::min(NR, j1 - j);
                            micro_kernel(ap, bbuf.data() + ((j - j0) / NR) * kc * NR,
                                         pc + i * N + j, N, kc, mr, nr);
                        }
                    }
                }
            }
        }
    }
    return out;
}
"""

_ext = load_inline(
    name="kbench_golden_matmul",
    cpp_sources=_SRC,
    functions=["square_matmul"],
    extra_cflags=["-O3", "-fopenmp"],
    extra_ldflags=["-fopenmp"],
    no_implicit_headers=True,
)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, A: torch.Tensor, B: torch.Tensor) -> torch.Tensor:
        return _ext.square_matmul(A, B)
