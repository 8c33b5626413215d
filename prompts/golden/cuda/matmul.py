# task: matmul/square_matmul
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

CUDA_SRC = r"""
#include <cuda_runtime.h>
#include <cstdint>

// C[M,N] = A[M,K] @ B[K,N], all row-major float32, float accumulation.
// Block tile BM x BN (128x128 or 64x64), K tile BK (BM * BK == 1024), 256 threads; each thread
// owns a (4*WM) x (4*WN) register tile made of 4x4 blocks spaced 64 rows / 64 columns apart, so
// its shared-memory reads are conflict-free float4 loads. The K loop is double-buffered: the next
// tile is fetched from global memory into registers while the current one is multiplied, and one
// __syncthreads per K tile suffices. Loads use float4 when the row length is a multiple of 4 and
// the base pointer is 16-byte aligned, scalars with bounds checks otherwise (any M, N, K).
template <int BM, int BN, int BK, int WM, int WN>
__global__ void __launch_bounds__(256)
matmul_kernel(const float* __restrict__ A, const float* __restrict__ B, float* __restrict__ C,
              int M, int N, int K, bool vecA, bool vecB, bool vecC) {
    constexpr int PAD = 4;
    __shared__ __align__(16) float As[2][BK][BM + PAD];
    __shared__ __align__(16) float Bs[2][BK][BN + PAD];

    const int tid = threadIdx.x;
    const int tx = tid & 15;
    const int ty = tid >> 4;
    const int m0 = blockIdx.y * BM;
    const int n0 = blockIdx.x * BN;

    // A loader: one float4 along K of one row.
    const int a_row = tid / (BK / 4);
    const int a_k = (tid % (BK / 4)) * 4;
    // B loader: one float4 along N of one K row.
    const int b_k = tid / (BN / 4);
    const int b_n = (tid % (BN / 4)) * 4;

    float4 ra, rb;

    auto load_tiles = [&](int kt) {
        const int kbase = kt * BK;
        {
            const int gm = m0 + a_row;
            const int gk = kbase + a_k;
            const float* src = A + (int64_t)gm * K + gk;
            if (vecA) {
                ra = (gm < M && gk < K) ? *reinterpret_cast<const float4*>(src) : make_float4(0.f, 0.f, 0.f, 0.f);
            } else {
                const bool rowok = gm < M;
                ra.x = (rowok && gk + 0 < K) ? src[0] : 0.f;
                ra.y = (rowok && gk + 1 < K) ? src[1] : 0.f;
                ra.z = (rowok && gk + 2 < K) ? src[2] : 0.f;
                ra.w = (rowok && gk + 3 < K) ? src[3] : 0.f;
            }
        }
        {
            const int gk = kbase + b_k;
            const int gn = n0 + b_n;
            const float* src = B + (int64_t)gk * N + gn;
            if (vecB) {
                rb = (gk < K && gn < N) ? *reinterpret_cast<const float4*>(src) : make_float4(0.f, 0.f, 0.f, 0.f);
            } else {
                const bool kok = gk < K;
                rb.x = (kok && gn + 0 < N) ? src[0] : 0.f;
                rb.y = (kok && gn + 1 < N) ? src[1] : 0.f;
                rb.z = (kok && gn + 2 < N) ? src[2] : 0.f;
                rb.w = (kok && gn + 3 < N) ? src[3] : 0.f;
            }
        }
    };
    auto store_tiles = [&](int buf) {
        As[buf][a_k + 0][a_row] = ra.x;
        As[buf][a_k + 1][a_row] = ra.y;
        As[buf][a_k + 2][a_row] = ra.z;
        As[buf][a_k + 3][a_row] = ra.w;
        *reinterpret_cast<float4*>(&Bs[buf][b_k][b_n]) = rb;
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
                const float4 t = *reinterpret_cast<const float4*>(&As[buf][k][c * 64 + ty * 4]);
                a[c * 4 + 0] = t.x; a[c * 4 + 1] = t.y; a[c * 4 + 2] = t.z; a[c * 4 + 3] = t.w;
            }
#pragma unroll
            for (int c = 0; c < WN; ++c) {
                const float4 t = *reinterpret_cast<const float4*>(&Bs[buf][k][c * 64 + tx * 4]);
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
        float* crow = C + (int64_t)gm * N;
#pragma unroll
        for (int c = 0; c < WN; ++c) {
            const int gn = n0 + c * 64 + tx * 4;
            if (vecC && gn < N) {
                *reinterpret_cast<float4*>(crow + gn) =
                    make_float4(acc[i][c * 4 + 0], acc[i][c * 4 + 1], acc[i][c * 4 + 2], acc[i][c * 4 + 3]);
            } else {
#pragma unroll
                for (int j = 0; j < 4; ++j)
                    if (gn + j < N) crow[gn + j] = acc[i][c * 4 + j];
            }
        }
    }
}

static bool aligned16(const void* p) { return (reinterpret_cast<uintptr_t>(p) & 15) == 0; }

void launch_matmul(const float* A, const float* B, float* C, int M, int N, int K, cudaStream_t stream) {
    if (M <= 0 || N <= 0) return;
    const bool vecA = (K % 4 == 0) && aligned16(A);
    const bool vecB = (N % 4 == 0) && aligned16(B);
    const bool vecC = (N % 4 == 0) && aligned16(C);
    const int64_t big_blocks = (int64_t)((M + 127) / 128) * ((N + 127) / 128);
    if (big_blocks >= 264) {  // enough 128x128 tiles to fill every SM of an H100 about twice
        dim3 grid((N + 127) / 128, (M + 127) / 128);
        matmul_kernel<128, 128, 8, 2, 2><<<grid, 256, 0, stream>>>(A, B, C, M, N, K, vecA, vecB, vecC);
    } else {
        dim3 grid((N + 63) / 64, (M + 63) / 64);
        matmul_kernel<64, 64, 16, 1, 1><<<grid, 256, 0, stream>>>(A, B, C, M, N, K, vecA, vecB, vecC);
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

void launch_matmul(const float* A, const float* B, float* C, int M, int N, int K, cudaStream_t stream);

at::Tensor matmul(at::Tensor a, at::Tensor b) {
    TORCH_CHECK(a.is_cuda() && b.is_cuda(), "matmul: expected CUDA tensors");
    TORCH_CHECK(a.scalar_type() == at::kFloat && b.scalar_type() == at::kFloat,
                "matmul: expected float32 tensors");
    TORCH_CHECK(a.dim() == 2 && b.dim() == 2, "matmul: expected 2-D matrices");
    TORCH_CHECK(a.size(1) == b.size(0), "matmul: inner dimensions differ");
    const int64_t M = a.size(0), K = a.size(1), N = b.size(1);
    TORCH_CHECK(M < (int64_t)INT32_MAX && N < (int64_t)INT32_MAX && K < (int64_t)INT32_MAX,
                "matmul: dimensions too large");
    TORCH_CHECK((M + 63) / 64 <= 65535, "matmul: too many rows");
    auto ac = a.contiguous();
    auto bc = b.contiguous();
    auto c = at::empty({M, N}, ac.options());
    launch_matmul(ac.data_ptr<float>(), bc.data_ptr<float>(), c.data_ptr<float>(), (int)M, (int)N, (int)K,
                  c10::cuda::getCurrentCUDAStream().stream());
    C10_CUDA_KERNEL_LAUNCH_CHECK();
    return c;
}
"""

_ext = load_inline(
    name="kbench_golden_cuda_matmul",
    cpp_sources=CPP_SRC,
    cuda_sources=CUDA_SRC,
    functions=["matmul"],
    extra_cuda_cflags=["-O3"],
    extra_cflags=["-O3"],
    no_implicit_headers=True,
)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, A: torch.Tensor, B: torch.Tensor) -> torch.Tensor:
        return _ext.matmul(A, B)
