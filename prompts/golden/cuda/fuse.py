# task: fuse/linear_scale_residual_relu
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

CUDA_SRC = r"""
#include <cuda_runtime.h>
#include <cstdint>

// Y[M,N] = relu((X[M,K] @ W[N,K]^T + bias[N]) * scale + R[M,N]) with R = X (square layer): the
// Linear product with the scale, residual add and ReLU fused into its epilogue (EPI 2), float
// accumulation; the epilogue rounds each step separately, in the reference's order.
// Block tile BM x BN (128x128 or 64x64), K tile BK (BM * BK == 1024), 256 threads; each thread
// owns a (4*WM) x (4*WN) register tile made of 4x4 blocks spaced 64 rows / 64 columns apart, so
// its shared-memory reads are conflict-free float4 loads. Both operands are K-contiguous: each
// thread fetches one float4 along K of X and of W per K tile and stores it transposed (K-major)
// in shared memory. The K loop is double-buffered (next tile fetched into registers while the
// current one is multiplied; one __syncthreads per K tile). float4 global accesses are used when
// the row length is a multiple of 4 and the base pointers are 16-byte aligned, bounds-checked
// scalars otherwise, so any M, N, K works.
template <int BM, int BN, int BK, int WM, int WN, int EPI>
__global__ void __launch_bounds__(256)
linear_kernel(const float* __restrict__ X, const float* __restrict__ W, const float* __restrict__ bias,
              const float* __restrict__ R, float* __restrict__ Y, int M, int N, int K, float scale,
              bool vecX, bool vecW, bool vecY) {
    constexpr int PAD = 4;
    __shared__ __align__(16) float Xs[2][BK][BM + PAD];
    __shared__ __align__(16) float Ws[2][BK][BN + PAD];

    const int tid = threadIdx.x;
    const int tx = tid & 15;
    const int ty = tid >> 4;
    const int m0 = blockIdx.y * BM;
    const int n0 = blockIdx.x * BN;

    const int x_row = tid / (BK / 4);
    const int x_k = (tid % (BK / 4)) * 4;
    const int w_row = tid / (BK / 4);
    const int w_k = (tid % (BK / 4)) * 4;

    float4 rx, rw;

    auto fetch = [&](const float* base, int rows, int row, int gk, bool vec) -> float4 {
        const float* src = base + (int64_t)row * K + gk;
        if (vec) {
            return (row < rows && gk < K) ? *reinterpret_cast<const float4*>(src) : make_float4(0.f, 0.f, 0.f, 0.f);
        }
        const bool rowok = row < rows;
        float4 r;
        r.x = (rowok && gk + 0 < K) ? src[0] : 0.f;
        r.y = (rowok && gk + 1 < K) ? src[1] : 0.f;
        r.z = (rowok && gk + 2 < K) ? src[2] : 0.f;
        r.w = (rowok && gk + 3 < K) ? src[3] : 0.f;
        return r;
    };
    auto load_tiles = [&](int kt) {
        rx = fetch(X, M, m0 + x_row, kt * BK + x_k, vecX);
        rw = fetch(W, N, n0 + w_row, kt * BK + w_k, vecW);
    };
    auto store_tiles = [&](int buf) {
        Xs[buf][x_k + 0][x_row] = rx.x;
        Xs[buf][x_k + 1][x_row] = rx.y;
        Xs[buf][x_k + 2][x_row] = rx.z;
        Xs[buf][x_k + 3][x_row] = rx.w;
        Ws[buf][w_k + 0][w_row] = rw.x;
        Ws[buf][w_k + 1][w_row] = rw.y;
        Ws[buf][w_k + 2][w_row] = rw.z;
        Ws[buf][w_k + 3][w_row] = rw.w;
    };

    float acc[4 * WM][4 * WN];
#pragma unroll
    for (int i = 0; i < 4 * WM; ++i)
#pragma unroll
        for (int j = 0; j < 4 * WN; ++j) acc[i][j] = 0.f;

    const int ntiles = (K + BK - 1) / BK;
    if (ntiles > 0) {
        load_tiles(0);
        store_tiles(0);
        __syncthreads();
    }
    for (int kt = 0; kt < ntiles; ++kt) {
        const int buf = kt & 1;
        const bool has_next = kt + 1 < ntiles;
        if (has_next) load_tiles(kt + 1);
#pragma unroll
        for (int k = 0; k < BK; ++k) {
            float a[4 * WM], b[4 * WN];
#pragma unroll
            for (int c = 0; c < WM; ++c) {
                const float4 t = *reinterpret_cast<const float4*>(&Xs[buf][k][c * 64 + ty * 4]);
                a[c * 4 + 0] = t.x; a[c * 4 + 1] = t.y; a[c * 4 + 2] = t.z; a[c * 4 + 3] = t.w;
            }
#pragma unroll
            for (int c = 0; c < WN; ++c) {
                const float4 t = *reinterpret_cast<const float4*>(&Ws[buf][k][c * 64 + tx * 4]);
                b[c * 4 + 0] = t.x; b[c * 4 + 1] = t.y; b[c * 4 + 2] = t.z; b[c * 4 + 3] = t.w;
            }
#pragma unroll
            for (int i = 0; i < 4 * WM; ++i)
#pragma unroll
                for (int j = 0; j < 4 * WN; ++j) acc[i][j] = fmaf(a[i], b[j], acc[i][j]);
        }
        if (has_next) store_tiles(buf ^ 1);
        __syncthreads();
    }

#pragma unroll
    for (int i = 0; i < 4 * WM; ++i) {
        const int gm = m0 + (i >> 2) * 64 + ty * 4 + (i & 3);
        if (gm >= M) continue;
        float* yrow = Y + (int64_t)gm * N;
        const float* rrow = (EPI == 2) ? R + (int64_t)gm * N : nullptr;  // the residual row (EPI 2 only)
#pragma unroll
        for (int c = 0; c < WN; ++c) {
            const int gn = n0 + c * 64 + tx * 4;
            float v[4];
#pragma unroll
            for (int j = 0; j < 4; ++j) {
                v[j] = acc[i][c * 4 + j] + ((gn + j < N) ? bias[gn + j] : 0.f);
                if (EPI == 2) {
                    // (linear * scale + residual), then ReLU (NaN propagates)
                    v[j] = __fmul_rn(v[j], scale);  // _rn: no FMA contraction, as the reference rounds
                    v[j] = __fadd_rn(v[j], (gn + j < N) ? rrow[gn + j] : 0.f);
                    v[j] = (v[j] < 0.f) ? 0.f : v[j];
                }
            }
            if (vecY && gn < N) {
                *reinterpret_cast<float4*>(yrow + gn) = make_float4(v[0], v[1], v[2], v[3]);
            } else {
#pragma unroll
                for (int j = 0; j < 4; ++j)
                    if (gn + j < N) yrow[gn + j] = v[j];
            }
        }
    }
}

static bool aligned16(const void* p) { return (reinterpret_cast<uintptr_t>(p) & 15) == 0; }

// y = relu((x @ W^T + b) * scale + x) for a square W (N == K).
void launch_linear_scale_residual_relu(const float* X, const float* W, const float* b, float* Y, int M, int N,
                                       int K, float scale, cudaStream_t stream) {
    if (M <= 0 || N <= 0) return;
    const bool vecX = (K % 4 == 0) && aligned16(X);
    const bool vecW = (K % 4 == 0) && aligned16(W);
    const bool vecY = (N % 4 == 0) && aligned16(Y);
    const int64_t big_blocks = (int64_t)((M + 127) / 128) * ((N + 127) / 128);
    if (big_blocks >= 264) {  // enough 128x128 tiles to fill every SM of an H100 about twice
        dim3 grid((N + 127) / 128, (M + 127) / 128);
        linear_kernel<128, 128, 8, 2, 2, 2><<<grid, 256, 0, stream>>>(X, W, b, X, Y, M, N, K, scale,
                                                                      vecX, vecW, vecY);
    } else {
        dim3 grid((N + 63) / 64, (M + 63) / 64);
        linear_kernel<64, 64, 16, 1, 1, 2><<<grid, 256, 0, stream>>>(X, W, b, X, Y, M, N, K, scale,
                                                                    vecX, vecW, vecY);
    }
}
"""

CPP_SRC = r"""
// Light headers instead of <torch/extension.h> (the whole C++ frontend): builds in ~8 s instead of ~22 s.
#include <ATen/core/Tensor.h>
#include <ATen/ops/empty.h>
#include <torch/csrc/utils/pybind.h>  // pybind11 + the at::Tensor caster
#include <torch/csrc/Exceptions.h>    // torch::wrap_pybind_function, used by the generated bindings
#include <c10/cuda/CUDAStream.h>
#include <c10/cuda/CUDAException.h>
#include <cstdint>

void launch_linear_scale_residual_relu(const float* X, const float* W, const float* b, float* Y, int M, int N,
                                       int K, float scale, cudaStream_t stream);

at::Tensor linear_scale_residual_relu(at::Tensor x, at::Tensor w, at::Tensor b, double scale) {
    TORCH_CHECK(x.is_cuda() && w.is_cuda() && b.is_cuda(), "expected CUDA tensors");
    TORCH_CHECK(x.scalar_type() == at::kFloat && w.scalar_type() == at::kFloat &&
                b.scalar_type() == at::kFloat, "expected float32 tensors");
    TORCH_CHECK(x.dim() >= 1 && w.dim() == 2, "expected x (..., K) and a 2-D weight");
    const int64_t K = x.size(-1), N = w.size(0);
    TORCH_CHECK(w.size(1) == K && N == K, "the residual needs a square Linear layer");
    TORCH_CHECK(b.numel() == N, "bias size does not match the output features");
    auto x2 = x.contiguous().reshape({-1, K});
    const int64_t M = x2.size(0);
    TORCH_CHECK(M < INT32_MAX && N < INT32_MAX && (M + 63) / 64 <= 65535, "too large");
    auto wc = w.contiguous();
    auto bc = b.contiguous();
    auto y = at::empty({M, N}, x2.options());
    launch_linear_scale_residual_relu(x2.data_ptr<float>(), wc.data_ptr<float>(), bc.data_ptr<float>(),
                                      y.data_ptr<float>(), (int)M, (int)N, (int)K, (float)scale,
                                      c10::cuda::getCurrentCUDAStream().stream());
    C10_CUDA_KERNEL_LAUNCH_CHECK();
    return y.reshape(x.sizes());
}
"""

_ext = load_inline(
    name="kbench_golden_cuda_fuse",
    cpp_sources=CPP_SRC,
    cuda_sources=CUDA_SRC,
    functions=["linear_scale_residual_relu"],
    extra_cuda_cflags=["-O3"],
    extra_cflags=["-O3"],
    no_implicit_headers=True,
)


class ModelNew(nn.Module):
    def __init__(self, features: int, scaling_factor: float):
        super().__init__()
        self.linear = nn.Linear(features, features)
        self.scaling_factor = scaling_factor

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return _ext.linear_scale_residual_relu(x, self.linear.weight, self.linear.bias, float(self.scaling_factor))
