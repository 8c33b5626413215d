# task: normalization/layer_norm
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

CUDA_SRC = r"""
#include <cuda_runtime.h>
#include <cstdint>
#include <cmath>

// LayerNorm over the last dimension (size H) with an elementwise affine:
// y = (x - mean) / sqrt(var + eps) * weight + bias, var biased (as PyTorch).
// One block per row (grid-strided over rows), blockDim = min(256, H/4 or H rounded to a warp).
// Two-pass statistics for accuracy: pass 1 sums the row -> mean; pass 2 sums (x - mean)^2 -> var;
// pass 3 writes the output. Each pass reads the row with float4 loads when H % 4 == 0 and the
// pointers are 16-byte aligned (re-reads hit L1/L2: a row is a few KB). The block reductions use
// warp shuffles and one shared-memory slot per warp.
__device__ __forceinline__ float block_sum(float v, float* red) {
    const int lane = threadIdx.x & 31;
    const int warp = threadIdx.x >> 5;
    const int nwarps = (blockDim.x + 31) >> 5;
#pragma unroll
    for (int off = 16; off > 0; off >>= 1) v += __shfl_xor_sync(0xffffffffu, v, off);
    if (lane == 0) red[warp] = v;
    __syncthreads();
    float total = 0.f;
    for (int w = 0; w < nwarps; ++w) total += red[w];  // same order in every thread
    __syncthreads();  // red[] may be reused right after
    return total;
}

__global__ void layer_norm_kernel(const float* __restrict__ x, const float* __restrict__ w,
                                  const float* __restrict__ b, float* __restrict__ y, int64_t rows, int64_t H,
                                  float eps, bool vec) {
    __shared__ float red[32];
    const float inv_h = 1.0f / (float)H;
    for (int64_t r = blockIdx.x; r < rows; r += gridDim.x) {
        const float* xr = x + r * H;
        float* yr = y + r * H;
        if (vec) {
            const int64_t h4 = H / 4;
            const float4* x4 = reinterpret_cast<const float4*>(xr);
            float s = 0.f;
            for (int64_t j = threadIdx.x; j < h4; j += blockDim.x) {
                const float4 v = x4[j];
                s += (v.x + v.y) + (v.z + v.w);
            }
            const float mean = block_sum(s, red) * inv_h;
            float ss = 0.f;
            for (int64_t j = threadIdx.x; j < h4; j += blockDim.x) {
                const float4 v = x4[j];
                const float dx = v.x - mean, dy = v.y - mean, dz = v.z - mean, dw = v.w - mean;
                ss += (dx * dx + dy * dy) + (dz * dz + dw * dw);
            }
            const float var = block_sum(ss, red) * inv_h;
            const float rstd = 1.0f / sqrtf(var + eps);
            const float4* w4 = reinterpret_cast<const float4*>(w);
            const float4* b4 = reinterpret_cast<const float4*>(b);
            float4* y4 = reinterpret_cast<float4*>(yr);
            for (int64_t j = threadIdx.x; j < h4; j += blockDim.x) {
                const float4 v = x4[j], g = w4[j], c = b4[j];
                y4[j] = make_float4((v.x - mean) * rstd * g.x + c.x, (v.y - mean) * rstd * g.y + c.y,
                                    (v.z - mean) * rstd * g.z + c.z, (v.w - mean) * rstd * g.w + c.w);
            }
        } else {
            float s = 0.f;
            for (int64_t j = threadIdx.x; j < H; j += blockDim.x) s += xr[j];
            const float mean = block_sum(s, red) * inv_h;
            float ss = 0.f;
            for (int64_t j = threadIdx.x; j < H; j += blockDim.x) {
                const float d = xr[j] - mean;
                ss += d * d;
            }
            const float var = block_sum(ss, red) * inv_h;
            const float rstd = 1.0f / sqrtf(var + eps);
            for (int64_t j = threadIdx.x; j < H; j += blockDim.x) yr[j] = (xr[j] - mean) * rstd * w[j] + b[j];
        }
    }
}

void launch_layer_norm(const float* x, const float* w, const float* b, float* y, int64_t rows, int64_t H, float eps,
                       cudaStream_t stream) {
    if (rows <= 0 || H <= 0) return;
    const bool vec = (H % 4 == 0) && ((reinterpret_cast<uintptr_t>(x) | reinterpret_cast<uintptr_t>(w) |
                                       reinterpret_cast<uintptr_t>(b) | reinterpret_cast<uintptr_t>(y)) & 15) == 0;
    const int64_t work = vec ? H / 4 : H;
    int64_t threads = ((work + 31) / 32) * 32;
    if (threads > 256) threads = 256;
    const int64_t blocks = rows < (1LL << 30) ? rows : (1LL << 30);
    layer_norm_kernel<<<(unsigned)blocks, (unsigned)threads, 0, stream>>>(x, w, b, y, rows, H, eps, vec);
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

void launch_layer_norm(const float* x, const float* w, const float* b, float* y, int64_t rows, int64_t H, float eps,
                       cudaStream_t stream);

at::Tensor layer_norm_lastdim(at::Tensor x, at::Tensor w, at::Tensor b, double eps) {
    TORCH_CHECK(x.is_cuda() && w.is_cuda() && b.is_cuda(), "layer_norm: expected CUDA tensors");
    TORCH_CHECK(x.scalar_type() == at::kFloat && w.scalar_type() == at::kFloat &&
                b.scalar_type() == at::kFloat, "layer_norm: expected float32 tensors");
    TORCH_CHECK(x.dim() >= 1, "layer_norm: expected at least a 1-D input");
    const int64_t H = x.size(-1);
    TORCH_CHECK(w.numel() == H && b.numel() == H, "layer_norm: weight/bias size != normalized size");
    auto xc = x.contiguous();
    auto wc = w.contiguous();
    auto bc = b.contiguous();
    auto y = at::empty_like(xc);
    const int64_t rows = H > 0 ? xc.numel() / H : 0;
    launch_layer_norm(xc.data_ptr<float>(), wc.data_ptr<float>(), bc.data_ptr<float>(), y.data_ptr<float>(), rows, H,
                      (float)eps, c10::cuda::getCurrentCUDAStream().stream());
    C10_CUDA_KERNEL_LAUNCH_CHECK();
    return y;
}
"""

_ext = load_inline(
    name="kbench_golden_cuda_normalization",
    cpp_sources=CPP_SRC,
    cuda_sources=CUDA_SRC,
    functions=["layer_norm_lastdim"],
    extra_cuda_cflags=["-O3"],
    extra_cflags=["-O3"],
    no_implicit_headers=True,
)


class ModelNew(nn.Module):
    def __init__(self, hidden: int, eps: float = 1e-5):
        super().__init__()
        self.ln = nn.LayerNorm(hidden, eps=eps, elementwise_affine=True)
        # Same initialisation as the reference (same RNG draws in the same order).
        with torch.no_grad():
            self.ln.weight.normal_(1.0, 0.2)
            self.ln.bias.normal_(0.0, 0.2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return _ext.layer_norm_lastdim(x, self.ln.weight, self.ln.bias, float(self.ln.eps))
