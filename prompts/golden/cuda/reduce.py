# task: reduce/sum_dim
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

CUDA_SRC = r"""
#include <cuda_runtime.h>
#include <cstdint>

// Sum over one dimension (keepdim=False), the input viewed as (outer, R, inner), R reduced.
// Partial sums are kept in double (the kernels are memory-bound, FP64 adds are free here), so
// long reductions stay close to the exact sum.
//  * inner > 1: a 32 x 8 block owns 32 consecutive output columns of one outer index (outer along
//    grid.y, grid-strided); the 8 thread rows split R (r = ty, ty + 8, ...), so each warp reads
//    32 consecutive floats per step (coalesced), then the 8 partials are added through shared memory.
//  * inner == 1: one block per output (a contiguous row of R floats, float4 loads when aligned),
//    reduced with warp shuffles and one shared slot per warp.
constexpr int BX = 32;
constexpr int BY = 8;

__global__ void __launch_bounds__(BX * BY)
sum_strided_kernel(const float* __restrict__ x, float* __restrict__ y, int64_t outer, int64_t R, int64_t inner) {
    __shared__ double part[BY][BX + 1];
    const int64_t j = (int64_t)blockIdx.x * BX + threadIdx.x;
    for (int64_t o = blockIdx.y; o < outer; o += gridDim.y) {
        double acc = 0.0;
        if (j < inner) {
            const float* base = x + o * R * inner + j;
            for (int64_t r = threadIdx.y; r < R; r += BY) acc += (double)base[r * inner];
        }
        part[threadIdx.y][threadIdx.x] = acc;
        __syncthreads();
        if (threadIdx.y == 0 && j < inner) {
            double s = 0.0;
#pragma unroll
            for (int t = 0; t < BY; ++t) s += part[t][threadIdx.x];
            y[o * inner + j] = (float)s;
        }
        __syncthreads();  // part[] is rewritten for the next outer index
    }
}

__global__ void sum_rows_kernel(const float* __restrict__ x, float* __restrict__ y, int64_t rows, int64_t R,
                                bool vec) {
    __shared__ double red[32];
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    const int nwarps = blockDim.x >> 5;
    for (int64_t row = blockIdx.x; row < rows; row += gridDim.x) {
        const float* xr = x + row * R;
        double acc = 0.0;
        if (vec) {
            const float4* x4 = reinterpret_cast<const float4*>(xr);
            for (int64_t i = threadIdx.x; i < R / 4; i += blockDim.x) {
                const float4 v = x4[i];
                acc += ((double)v.x + (double)v.y) + ((double)v.z + (double)v.w);
            }
        } else {
            for (int64_t i = threadIdx.x; i < R; i += blockDim.x) acc += (double)xr[i];
        }
#pragma unroll
        for (int off = 16; off > 0; off >>= 1) acc += __shfl_xor_sync(0xffffffffu, acc, off);
        if (lane == 0) red[warp] = acc;
        __syncthreads();
        if (threadIdx.x == 0) {
            double s = 0.0;
            for (int w = 0; w < nwarps; ++w) s += red[w];
            y[row] = (float)s;
        }
        __syncthreads();
    }
}

void launch_sum_dim(const float* x, float* y, int64_t outer, int64_t R, int64_t inner, cudaStream_t stream) {
    if (outer <= 0 || inner <= 0) return;
    if (inner == 1) {
        const bool vec = (R % 4 == 0) && (reinterpret_cast<uintptr_t>(x) & 15) == 0;
        const int64_t work = vec ? R / 4 : R;
        const int threads = work >= 256 ? 256 : (work >= 128 ? 128 : (work >= 64 ? 64 : 32));
        const int64_t blocks = outer < (1LL << 30) ? outer : (1LL << 30);
        sum_rows_kernel<<<(unsigned)blocks, threads, 0, stream>>>(x, y, outer, R, vec);
    } else {
        const int64_t gy = outer < 65535 ? outer : 65535;
        dim3 grid((unsigned)((inner + BX - 1) / BX), (unsigned)gy);
        dim3 block(BX, BY);
        sum_strided_kernel<<<grid, block, 0, stream>>>(x, y, outer, R, inner);
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
#include <vector>
#include <cstdint>

void launch_sum_dim(const float* x, float* y, int64_t outer, int64_t R, int64_t inner, cudaStream_t stream);

at::Tensor sum_dim(at::Tensor x, int64_t dim) {
    TORCH_CHECK(x.is_cuda() && x.scalar_type() == at::kFloat, "sum_dim: expected a float32 CUDA tensor");
    const int64_t nd = x.dim();
    TORCH_CHECK(nd >= 1, "sum_dim: expected at least a 1-D input");
    if (dim < 0) dim += nd;
    TORCH_CHECK(dim >= 0 && dim < nd, "sum_dim: dim out of range");
    auto xc = x.contiguous();
    int64_t outer = 1, inner = 1;
    std::vector<int64_t> out_sizes;
    for (int64_t d = 0; d < nd; ++d) {
        if (d < dim) outer *= xc.size(d);
        if (d > dim) inner *= xc.size(d);
        if (d != dim) out_sizes.push_back(xc.size(d));
    }
    const int64_t R = xc.size(dim);
    auto y = at::empty(out_sizes, xc.options());
    launch_sum_dim(xc.data_ptr<float>(), y.data_ptr<float>(), outer, R, inner,
                   c10::cuda::getCurrentCUDAStream().stream());
    C10_CUDA_KERNEL_LAUNCH_CHECK();
    return y;
}
"""

_ext = load_inline(
    name="kbench_golden_cuda_reduce",
    cpp_sources=CPP_SRC,
    cuda_sources=CUDA_SRC,
    functions=["sum_dim"],
    extra_cuda_cflags=["-O3"],
    extra_cflags=["-O3"],
    no_implicit_headers=True,
)


class ModelNew(nn.Module):
    def __init__(self, dim: int):
        super().__init__()
        self.dim = int(dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return _ext.sum_dim(x, self.dim)
