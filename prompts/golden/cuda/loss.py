# task: loss/cross_entropy
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

CUDA_SRC = r"""
#include <cuda_runtime.h>
#include <cstdint>
#include <cmath>

// Mean cross-entropy of (B, C) logits against int64 targets, as F.cross_entropy(reduction="mean")
// with its default ignore_index = -100 (ignored rows count neither in the sum nor in the mean).
//
// Kernel 1: one block per row (grid-strided). Each thread streams its share of the row once (float4
// packs when possible) keeping an online (max, sum of exp(x - max)) pair; the pairs are merged with
// warp shuffles and then across warps, giving a numerically stable log-sum-exp. The row's loss
// lse - x[target] goes to a scratch buffer with a 0/1 "counted" flag.
// Kernel 2: one block sums losses and flags in double, in a fixed order (deterministic), and
// writes sum / count as the 0-dim result.
constexpr int kIgnoreIndex = -100;

__device__ __forceinline__ void lse_push(float& m, float& s, float v) {
    if (v > m) {
        s = s * expf(m - v) + 1.0f;  // m == -inf gives s * 0 + 1
        m = v;
    } else if (v != -INFINITY) {
        s += expf(v - m);  // a NaN logit makes s NaN, which propagates
    }
}

__device__ __forceinline__ void lse_merge(float& m, float& s, float m2, float s2) {
    const float mn = fmaxf(m, m2);
    if (mn == -INFINITY) {  // both empty so far
        s = s + s2;
        m = mn;
        return;
    }
    s = s * expf(m - mn) + s2 * expf(m2 - mn);
    m = mn;
}

__global__ void ce_rows_kernel(const float* __restrict__ logits, const int64_t* __restrict__ targets,
                               float* __restrict__ row_loss, float* __restrict__ row_count, int64_t rows,
                               int64_t C, bool vec) {
    __shared__ float sm_m[32];
    __shared__ float sm_s[32];
    const int lane = threadIdx.x & 31;
    const int warp = threadIdx.x >> 5;
    const int nwarps = blockDim.x >> 5;
    for (int64_t r = blockIdx.x; r < rows; r += gridDim.x) {
        const float* x = logits + r * C;
        float m = -INFINITY, s = 0.f;
        if (vec) {
            const float4* x4 = reinterpret_cast<const float4*>(x);
            for (int64_t j = threadIdx.x; j < C / 4; j += blockDim.x) {
                const float4 v = x4[j];
                lse_push(m, s, v.x);
                lse_push(m, s, v.y);
                lse_push(m, s, v.z);
                lse_push(m, s, v.w);
            }
        } else {
            for (int64_t j = threadIdx.x; j < C; j += blockDim.x) lse_push(m, s, x[j]);
        }
#pragma unroll
        for (int off = 16; off > 0; off >>= 1) {
            const float m2 = __shfl_xor_sync(0xffffffffu, m, off);
            const float s2 = __shfl_xor_sync(0xffffffffu, s, off);
            lse_merge(m, s, m2, s2);
        }
        if (lane == 0) {
            sm_m[warp] = m;
            sm_s[warp] = s;
        }
        __syncthreads();
        if (threadIdx.x == 0) {
            float bm = sm_m[0], bs = sm_s[0];
            for (int w = 1; w < nwarps; ++w) lse_merge(bm, bs, sm_m[w], sm_s[w]);
            const int64_t t = targets[r];
            float loss, count;
            if (t == kIgnoreIndex) {
                loss = 0.f;
                count = 0.f;
            } else if (t < 0 || t >= C) {
                loss = NAN;  // PyTorch raises for an out-of-range target
                count = 1.f;
            } else {
                // -log_softmax(x)[t] = -((x[t] - max) - log(sum))
                loss = -((x[t] - bm) - logf(bs));
                count = 1.f;
            }
            row_loss[r] = loss;
            row_count[r] = count;
        }
        __syncthreads();  // sm_m / sm_s are reused by the next row
    }
}

__global__ void ce_mean_kernel(const float* __restrict__ row_loss, const float* __restrict__ row_count,
                               int64_t rows, float* __restrict__ out) {
    __shared__ double sm_l[32];
    __shared__ double sm_c[32];
    double l = 0.0, c = 0.0;
    for (int64_t r = threadIdx.x; r < rows; r += blockDim.x) {
        l += (double)row_loss[r];
        c += (double)row_count[r];
    }
#pragma unroll
    for (int off = 16; off > 0; off >>= 1) {
        l += __shfl_xor_sync(0xffffffffu, l, off);
        c += __shfl_xor_sync(0xffffffffu, c, off);
    }
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    if (lane == 0) {
        sm_l[warp] = l;
        sm_c[warp] = c;
    }
    __syncthreads();
    if (threadIdx.x == 0) {
        double tl = 0.0, tc = 0.0;
        for (int w = 0; w < (int)(blockDim.x >> 5); ++w) {
            tl += sm_l[w];
            tc += sm_c[w];
        }
        out[0] = (float)(tl / tc);  // 0 / 0 = NaN when every target is ignored, as in PyTorch
    }
}

void launch_cross_entropy(const float* logits, const int64_t* targets, float* scratch, float* out, int64_t rows,
                          int64_t C, cudaStream_t stream) {
    if (rows <= 0) {
        ce_mean_kernel<<<1, 32, 0, stream>>>(scratch, scratch, 0, out);
        return;
    }
    const bool vec = (C % 4 == 0) && (reinterpret_cast<uintptr_t>(logits) & 15) == 0;
    const int64_t work = vec ? C / 4 : C;
    const int threads = work >= 256 ? 256 : (work >= 128 ? 128 : 64);
    const int64_t blocks = rows < 65536 * 4 ? rows : 65536 * 4;
    ce_rows_kernel<<<(unsigned)blocks, threads, 0, stream>>>(logits, targets, scratch, scratch + rows, rows, C, vec);
    ce_mean_kernel<<<1, 1024, 0, stream>>>(scratch, scratch + rows, rows, out);
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

void launch_cross_entropy(const float* logits, const int64_t* targets, float* scratch, float* out, int64_t rows,
                          int64_t C, cudaStream_t stream);

at::Tensor cross_entropy(at::Tensor logits, at::Tensor targets) {
    TORCH_CHECK(logits.is_cuda() && targets.is_cuda(), "cross_entropy: expected CUDA tensors");
    TORCH_CHECK(logits.scalar_type() == at::kFloat && logits.dim() == 2, "cross_entropy: expected (B, C) float32 logits");
    TORCH_CHECK(targets.scalar_type() == at::kLong && targets.dim() == 1 && targets.size(0) == logits.size(0),
                "cross_entropy: expected (B,) int64 targets");
    auto lc = logits.contiguous();
    auto tc = targets.contiguous();
    const int64_t rows = lc.size(0), C = lc.size(1);
    auto scratch = at::empty({2 * rows + 1}, lc.options());
    auto out = at::empty({}, lc.options());
    launch_cross_entropy(lc.data_ptr<float>(), tc.data_ptr<int64_t>(), scratch.data_ptr<float>(), out.data_ptr<float>(),
                         rows, C, c10::cuda::getCurrentCUDAStream().stream());
    C10_CUDA_KERNEL_LAUNCH_CHECK();
    return out;
}
"""

_ext = load_inline(
    name="kbench_golden_cuda_loss",
    cpp_sources=CPP_SRC,
    cuda_sources=CUDA_SRC,
    functions=["cross_entropy"],
    extra_cuda_cflags=["-O3"],
    extra_cflags=["-O3"],
    no_implicit_headers=True,
)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        return _ext.cross_entropy(logits, targets)
