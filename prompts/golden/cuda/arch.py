# task: arch/mlp3
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

CUDA_SRC = r"""
#include <cuda_runtime.h>
#include <cstdint>

// Y[M,N] = act(X[M,K] @ W[N,K]^T + bias[N]), act = ReLU (EPI 1) or identity (EPI 0): one nn.Linear
// layer (+ ReLU) of the MLP, float accumulation; three launches make the whole forward.
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
              float* __restrict__ Y, int M, int N, int K, bool vecX, bool vecW, bool vecY) {
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
#pragma unroll
        for (int c = 0; c < WN; ++c) {
            const int gn = n0 + c * 64 + tx * 4;
            float v[4];
#pragma unroll
            for (int j = 0; j < 4; ++j) {
                v[j] = acc[i][c * 4 + j] + ((gn + j < N) ? bias[gn + j] : 0.f);
                if (EPI == 1) v[j] = (v[j] < 0.f) ? 0.f : v[j];  // ReLU (NaN propagates)
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

template <int EPI>
static void launch_one(const float* X, const float* W, const float* b, float* Y, int M, int N, int K,
                       cudaStream_t stream) {
    const bool vecX = (K % 4 == 0) && aligned16(X);
    const bool vecW = (K % 4 == 0) && aligned16(W);
    const bool vecY = (N % 4 == 0) && aligned16(Y);
    const int64_t big_blocks = (int64_t)((M + 127) / 128) * ((N + 127) / 128);
    if (big_blocks >= 264) {  // enough 128x128 tiles to fill every SM of an H100 about twice
        dim3 grid((N + 127) / 128, (M + 127) / 128);
        linear_kernel<128, 128, 8, 2, 2, EPI><<<grid, 256, 0, stream>>>(X, W, b, Y, M, N, K, vecX, vecW, vecY);
    } else {
        dim3 grid((N + 63) / 64, (M + 63) / 64);
        linear_kernel<64, 64, 16, 1, 1, EPI><<<grid, 256, 0, stream>>>(X, W, b, Y, M, N, K, vecX, vecW, vecY);
    }
}

// Linear(X, W, b) followed by ReLU when relu is true.
void launch_linear(const float* X, const float* W, const float* b, float* Y, int M, int N, int K, bool relu,
                   cudaStream_t stream) {
    if (M <= 0 || N <= 0) return;
    if (relu) launch_one<1>(X, W, b, Y, M, N, K, stream);
    else launch_one<0>(X, W, b, Y, M, N, K, stream);
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
#include <vector>
#include <cstdint>

void launch_linear(const float* X, const float* W, const float* b, float* Y, int M, int N, int K, bool relu,
                   cudaStream_t stream);

static void check_f32(const at::Tensor& t, const char* name) {
    TORCH_CHECK(t.is_cuda() && t.scalar_type() == at::kFloat, name, ": expected a float32 CUDA tensor");
}

// One layer: x (M, K) -> (M, N) with weight (N, K), bias (N).
static at::Tensor linear_layer(const at::Tensor& x, const at::Tensor& w, const at::Tensor& b, bool relu,
                               cudaStream_t stream) {
    const int64_t M = x.size(0), K = x.size(1), N = w.size(0);
    TORCH_CHECK(w.dim() == 2 && w.size(1) == K, "mlp3: weight shape does not match the input features");
    TORCH_CHECK(b.numel() == N, "mlp3: bias size does not match the output features");
    TORCH_CHECK(M < INT32_MAX && N < INT32_MAX && K < INT32_MAX && (M + 63) / 64 <= 65535, "mlp3: too large");
    auto y = at::empty({M, N}, x.options());
    launch_linear(x.data_ptr<float>(), w.data_ptr<float>(), b.data_ptr<float>(), y.data_ptr<float>(),
                  (int)M, (int)N, (int)K, relu, stream);
    C10_CUDA_KERNEL_LAUNCH_CHECK();
    return y;
}

// fc3(relu(fc2(relu(fc1(x))))), over the last dimension of x.
at::Tensor mlp3(at::Tensor x, at::Tensor w1, at::Tensor b1, at::Tensor w2, at::Tensor b2,
                at::Tensor w3, at::Tensor b3) {
    check_f32(x, "x");
    check_f32(w1, "w1"); check_f32(b1, "b1");
    check_f32(w2, "w2"); check_f32(b2, "b2");
    check_f32(w3, "w3"); check_f32(b3, "b3");
    TORCH_CHECK(x.dim() >= 1, "mlp3: expected at least a 1-D input");
    const int64_t in_features = x.size(-1);
    auto x2 = x.contiguous().reshape({-1, in_features});
    cudaStream_t stream = c10::cuda::getCurrentCUDAStream().stream();
    auto h1 = linear_layer(x2, w1.contiguous(), b1.contiguous(), true, stream);
    auto h2 = linear_layer(h1, w2.contiguous(), b2.contiguous(), true, stream);
    auto y = linear_layer(h2, w3.contiguous(), b3.contiguous(), false, stream);
    std::vector<int64_t> out_sizes(x.sizes().begin(), x.sizes().end());
    out_sizes.back() = w3.size(0);
    return y.reshape(out_sizes);
}
"""

_ext = load_inline(
    name="kbench_golden_cuda_arch",
    cpp_sources=CPP_SRC,
    cuda_sources=CUDA_SRC,
    functions=["mlp3"],
    extra_cuda_cflags=["-O3"],
    extra_cflags=["-O3"],
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
