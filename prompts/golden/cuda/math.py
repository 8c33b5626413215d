# task: math/cumsum
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

CUDA_SRC = r"""
#include <cuda_runtime.h>
#include <cstdint>

// Inclusive prefix sum along one dimension, the tensor viewed as (outer, L, inner).
// Running sums are kept in double (cheap on an H100), so long scans do not drift.
//
// inner == 1 (scan along the last dim): one block of 256 threads per row (grid-strided over rows).
// The row is processed in tiles of 256 * 8 elements: each thread loads 8 consecutive elements
// (two float4 when the row is 16-byte aligned and long enough), scans them sequentially, then the
// per-thread totals are scanned across the warp with shuffles and across the 8 warps through
// shared memory; a running carry links the tiles.
// inner > 1: one thread per (outer, inner) column walks down L; neighbouring threads read
// neighbouring addresses, so every step is a coalesced row access.
constexpr int kThreads = 256;
constexpr int kItems = 8;

__global__ void __launch_bounds__(kThreads)
cumsum_lastdim_kernel(const float* __restrict__ x, float* __restrict__ y, int64_t rows, int64_t L, bool vec) {
    __shared__ double warp_tot[kThreads / 32];
    constexpr int nwarps = kThreads / 32;
    const int lane = threadIdx.x & 31;
    const int warp = threadIdx.x >> 5;
    for (int64_t row = blockIdx.x; row < rows; row += gridDim.x) {
        const float* xr = x + row * L;
        float* yr = y + row * L;
        double carry = 0.0;
        for (int64_t base = 0; base < L; base += (int64_t)kThreads * kItems) {
            const int64_t start = base + (int64_t)threadIdx.x * kItems;
            float v[kItems];
            if (vec && start + kItems <= L) {
                const float4 a = *reinterpret_cast<const float4*>(xr + start);
                const float4 b = *reinterpret_cast<const float4*>(xr + start + 4);
                v[0] = a.x; v[1] = a.y; v[2] = a.z; v[3] = a.w;
                v[4] = b.x; v[5] = b.y; v[6] = b.z; v[7] = b.w;
            } else {
#pragma unroll
                for (int i = 0; i < kItems; ++i) v[i] = (start + i < L) ? xr[start + i] : 0.f;
            }
            double loc[kItems];
            double run = 0.0;
#pragma unroll
            for (int i = 0; i < kItems; ++i) {
                run += (double)v[i];
                loc[i] = run;
            }
            // inclusive scan of the thread totals within the warp
            double incl = run;
#pragma unroll
            for (int off = 1; off < 32; off <<= 1) {
                const double t = __shfl_up_sync(0xffffffffu, incl, off);
                if (lane >= off) incl += t;
            }
            if (lane == 31) warp_tot[warp] = incl;
            __syncthreads();
            if (warp == 0) {
                double wt = lane < nwarps ? warp_tot[lane] : 0.0;
#pragma unroll
                for (int off = 1; off < nwarps; off <<= 1) {
                    const double t = __shfl_up_sync(0xffffffffu, wt, off);
                    if (lane >= off) wt += t;
                }
                if (lane < nwarps) warp_tot[lane] = wt;  // inclusive prefix over warps
            }
            __syncthreads();
            const double prefix = carry + (warp > 0 ? warp_tot[warp - 1] : 0.0) + (incl - run);
            if (vec && start + kItems <= L) {
                *reinterpret_cast<float4*>(yr + start) = make_float4(
                    (float)(prefix + loc[0]), (float)(prefix + loc[1]), (float)(prefix + loc[2]), (float)(prefix + loc[3]));
                *reinterpret_cast<float4*>(yr + start + 4) = make_float4(
                    (float)(prefix + loc[4]), (float)(prefix + loc[5]), (float)(prefix + loc[6]), (float)(prefix + loc[7]));
            } else {
#pragma unroll
                for (int i = 0; i < kItems; ++i)
                    if (start + i < L) yr[start + i] = (float)(prefix + loc[i]);
            }
            carry += warp_tot[nwarps - 1];
            __syncthreads();  // warp_tot is rewritten by the next tile
        }
    }
}

__global__ void cumsum_strided_kernel(const float* __restrict__ x, float* __restrict__ y, int64_t outer, int64_t L,
                                      int64_t inner) {
    const int64_t total = outer * inner;
    const int64_t stride = (int64_t)gridDim.x * blockDim.x;
    for (int64_t idx = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; idx < total; idx += stride) {
        const int64_t o = idx / inner;
        const int64_t j = idx - o * inner;
        const float* xp = x + o * L * inner + j;
        float* yp = y + o * L * inner + j;
        double run = 0.0;
        for (int64_t i = 0; i < L; ++i) {
            run += (double)xp[i * inner];
            yp[i * inner] = (float)run;
        }
    }
}

void launch_cumsum(const float* x, float* y, int64_t outer, int64_t L, int64_t inner, cudaStream_t stream) {
    if (outer <= 0 || L <= 0 || inner <= 0) return;
    if (inner == 1) {
        const bool vec = (L % 4 == 0) && ((reinterpret_cast<uintptr_t>(x) | reinterpret_cast<uintptr_t>(y)) & 15) == 0;
        const int64_t blocks = outer < 1048576 ? outer : 1048576;
        cumsum_lastdim_kernel<<<(unsigned)blocks, kThreads, 0, stream>>>(x, y, outer, L, vec);
    } else {
        const int64_t total = outer * inner;
        int64_t blocks = (total + 255) / 256;
        if (blocks > 65536) blocks = 65536;
        cumsum_strided_kernel<<<(unsigned)blocks, 256, 0, stream>>>(x, y, outer, L, inner);
    }
}
"""

CPP_SRC = r"""
// Light headers instead of <torch/extension.h> (the whole C++ frontend): builds in ~8 s instead of ~22 s.
#include <ATen/core/Tensor.h>
#include <ATen/ops/empty_like.h>
#include <torch/csrc/utils/pybind.h>  // pybind11 + the at::Tensor caster
#include <torch/csrc/Exceptions.h>    // torch::wrap_pybind_function, used by the generated bindings
#include <c10/cuda/CUDAStream.h>
#include <c10/cuda/CUDAException.h>
#include <cstdint>

void launch_cumsum(const float* x, float* y, int64_t outer, int64_t L, int64_t inner, cudaStream_t stream);

at::Tensor cumsum_dim(at::Tensor x, int64_t dim) {
    TORCH_CHECK(x.is_cuda() && x.scalar_type() == at::kFloat, "cumsum: expected a float32 CUDA tensor");
    auto xc = x.contiguous();
    auto y = at::empty_like(xc);
    const int64_t nd = xc.dim();
    int64_t outer = 1, L = 1, inner = 1;
    if (nd > 0) {
        if (dim < 0) dim += nd;
        TORCH_CHECK(dim >= 0 && dim < nd, "cumsum: dim out of range");
        for (int64_t d = 0; d < dim; ++d) outer *= xc.size(d);
        L = xc.size(dim);
        for (int64_t d = dim + 1; d < nd; ++d) inner *= xc.size(d);
    } else {
        TORCH_CHECK(dim == 0 || dim == -1, "cumsum: dim out of range");
    }
    launch_cumsum(xc.data_ptr<float>(), y.data_ptr<float>(), outer, L, inner, c10::cuda::getCurrentCUDAStream().stream());
    C10_CUDA_KERNEL_LAUNCH_CHECK();
    return y;
}
"""

_ext = load_inline(
    name="kbench_golden_cuda_math",
    cpp_sources=CPP_SRC,
    cuda_sources=CUDA_SRC,
    functions=["cumsum_dim"],
    extra_cuda_cflags=["-O3"],
    extra_cflags=["-O3"],
    no_implicit_headers=True,
)


class ModelNew(nn.Module):
    def __init__(self, dim: int):
        super().__init__()
        self.dim = dim

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return _ext.cumsum_dim(x, int(self.dim))
