# task: arch/mlp3
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

// One fused layer: out[M, N] = act(x[M, K] @ W[N, K]^T + b[N]), act = ReLU or identity.
// BLIS-style blocking: the output is cut into MC x NC tiles that OpenMP threads take
// dynamically; K is blocked by KC, and per block the tile's rows of x are packed into
// MR-row panels ([kc][MR]) and its rows of W (= columns of W^T) into NR-wide panels
// ([kc][NR]); an MR x NR micro-kernel keeps its accumulators in registers. The first K
// block stores, later ones accumulate, and once a tile is complete the bias and the
// activation are applied while it is still in cache.
static constexpr int64_t MR = 8;
static constexpr int64_t NR = 8;
static constexpr int64_t MC = 64;
static constexpr int64_t NC = 256;
static constexpr int64_t KC = 256;

static inline void micro_kernel(const float* __restrict ap, const float* __restrict bp,
                                float* __restrict c, int64_t ldc, int64_t kc,
                                int64_t mr, int64_t nr, bool accumulate) {
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
        if (accumulate) {
            for (int r = 0; r < MR; ++r)
                for (int j = 0; j < NR; ++j) c[r * ldc + j] += acc[r][j];
        } else {
            for (int r = 0; r < MR; ++r)
                for (int j = 0; j < NR; ++j) c[r * ldc + j] = acc[r][j];
        }
    } else {
        for (int64_t r = 0; r < mr; ++r)
            for (int64_t j = 0; j < nr; ++j)
                c[r * ldc + j] = accumulate ? c[r * ldc + j] + acc[r][j] : acc[r][j];
    }
}

static at::Tensor linear_act(const at::Tensor& X, const at::Tensor& Wt, const at::Tensor& Bs, bool relu) {
    TORCH_CHECK(X.scalar_type() == at::kFloat && Wt.scalar_type() == at::kFloat, "expected float32");
    TORCH_CHECK(X.dim() == 2 && Wt.dim() == 2 && X.size(1) == Wt.size(1), "shape mismatch");
    auto x = X.contiguous();
    auto w = Wt.contiguous();
    auto bias = Bs.contiguous();
    const int64_t M = x.size(0), K = x.size(1), N = w.size(0);
    TORCH_CHECK(bias.numel() == N, "bias size mismatch");
    auto out = at::empty({M, N}, x.options());
    const float* pa = x.data_ptr<float>();
    const float* pw = w.data_ptr<float>();
    const float* pb = bias.data_ptr<float>();
    float* pc = out.data_ptr<float>();
    if (M == 0 || N == 0) return out;

    const int64_t mt = (M + MC - 1) / MC;
    const int64_t nt = (N + NC - 1) / NC;
    #pragma omp parallel if (M * N * K >= 262144)
    {
        std::vector<float> abuf(MC * KC), bbuf(NC * KC);
        #pragma omp for collapse(2) schedule(dynamic, 1)
        for (int64_t tj = 0; tj < nt; ++tj) {
            for (int64_t ti = 0; ti < mt; ++ti) {
                const int64_t i0 = ti * MC, i1 = std::min(M, i0 + MC);
                const int64_t j0 = tj * NC, j1 = std::min(N, j0 + NC);
                if (K == 0) {
                    for (int64_t i = i0; i < i1; ++i)
                        for (int64_t j = j0; j < j1; ++j) pc[i * N + j] = 0.0f;
                }
                for (int64_t k0 = 0; k0 < K; k0 += KC) {
                    const int64_t kc = std::min(KC, K - k0);
                    // W rows j..j+NR, columns k0..k0+kc -> panel [kc][NR] (zero padded).
                    for (int64_t j = j0; j < j1; j += NR) {
                        float* dst = bbuf.data() + ((j - j0) / NR) * kc * NR;
                        const int64_t nr = std::min(NR, j1 - j);
                        for (int64_t q = 0; q < NR; ++q) {
                            if (q < nr) {
                                const float* src = pw + (j + q) * K + k0;
                                for (int64_t k = 0; k < kc; ++k) dst[k * NR + q] = src[k];
                            } else {
                                for (int64_t k = 0; k < kc; ++k) dst[k * NR + q] = 0.0f;
                            }
                        }
                    }
                    // x rows i..i+MR, columns k0..k0+kc -> panel [kc][MR] (zero padded).
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
                    for (int64_t j = j0; j < j1; j += NR) {
                        const int64_t nr = std::min(NR, j1 - j);
                        const float* bp = bbuf.data() + ((j - j0) / NR) * kc * NR;
                        for (int64_t i = i0; i < i1; i += MR) {
                            const int64_t mr = std::min(MR, i1 - i);
                            micro_kernel(abuf.data() + ((i - i0) / MR) * kc * MR, bp,
                                         pc + i * N + j, N, kc, mr, nr, k0 > 0);
                        }
                    }
                }
                // Epilogue on the finished tile: + bias, optional ReLU.
                for (int64_t i = i0; i < i1; ++i) {
                    float* row = pc + i * N;
                    if (relu) {
                        #pragma omp simd
                        for (int64_t j = j0; j < j1; ++j) {
                            const float v = row[j] + pb[j];
                            row[j] = v > 0.0f ? v : 0.0f;
                        }
                    } else {
                        #pragma omp simd
                        for (int64_t j = j0; j < j1; ++j) row[j] += pb[j];
                    }
                }
            }
        }
    }
    return out;
}

at::Tensor mlp3(at::Tensor x, at::Tensor w1, at::Tensor b1, at::Tensor w2, at::Tensor b2,
                at::Tensor w3, at::Tensor b3) {
    auto h1 = linear_act(x, w1, b1, true);
    auto h2 = linear_act(h1, w2, b2, true);
    return linear_act(h2, w3, b3, false);
}
"""

_ext = load_inline(
    name="kbench_golden_arch",
    cpp_sources=_SRC,
    functions=["mlp3"],
    extra_cflags=["-O3", "-fopenmp"],
    extra_ldflags=["-fopenmp"],
    no_implicit_headers=True,
)


class ModelNew(nn.Module):
    def __init__(self, input_size: int, hidden1: int, hidden2: int, output_size: int):
        super().__init__()
        self.fc1 = nn.Linear(input_size, hidden1)
        self.fc2 = nn.Linear(hidden1, hidden2)
        self.fc3 = nn.Linear(hidden2, output_size)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return _ext.mlp3(x, self.fc1.weight, self.fc1.bias, self.fc2.weight, self.fc2.bias,
                         self.fc3.weight, self.fc3.bias)
