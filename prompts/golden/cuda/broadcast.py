# task: broadcast/channel_affine
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

CUDA_SRC = r"""
#include <cuda_runtime.h>
#include <cstdint>

// y[n, c, h, w] = x[n, c, h, w] * scale[c] + shift[c] on a contiguous NCHW tensor.
// The tensor is walked plane by plane ((n, c) pairs along grid.y, grid-strided), so the channel's
// scale and shift are loaded once per plane and no per-element division is needed; within a
// plane the threads stride over float4 packs (when the plane size is a multiple of 4 and the
// pointers are 16-byte aligned) or scalars. Multiply and add are rounded separately, as in
// PyTorch's x * scale + shift.
__device__ __forceinline__ float affine(float v, float s, float t) { return __fadd_rn(__fmul_rn(v, s), t); }

__global__ void channel_affine_kernel(const float* __restrict__ x, const float* __restrict__ scale,
                                      const float* __restrict__ shift, float* __restrict__ y,
                                      int64_t planes, int64_t channels, int64_t hw, bool vec) {
    const int64_t tstride = (int64_t)gridDim.x * blockDim.x;
    const int64_t t0 = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
    for (int64_t p = blockIdx.y; p < planes; p += gridDim.y) {
        const int64_t c = p % channels;
        const float s = scale[c];
        const float t = shift[c];
        const float* xp = x + p * hw;
        float* yp = y + p * hw;
        if (vec) {
            const int64_t n4 = hw / 4;
            const float4* x4 = reinterpret_cast<const float4*>(xp);
            float4* y4 = reinterpret_cast<float4*>(yp);
            for (int64_t i = t0; i < n4; i += tstride) {
                const float4 v = x4[i];
                y4[i] = make_float4(affine(v.x, s, t), affine(v.y, s, t), affine(v.z, s, t), affine(v.w, s, t));
            }
        } else {
            for (int64_t i = t0; i < hw; i += tstride) yp[i] = affine(xp[i], s, t);
        }
    }
}

void launch_channel_affine(const float* x, const float* scale, const float* shift, float* y, int64_t n,
                           int64_t channels, int64_t hw, cudaStream_t stream) {
    const int64_t planes = n * channels;
    if (planes <= 0 || hw <= 0) return;
    const bool vec = (hw % 4 == 0) && ((reinterpret_cast<uintptr_t>(x) | reinterpret_cast<uintptr_t>(y)) & 15) == 0;
    const int threads = 256;
    const int64_t work = vec ? hw / 4 : hw;
    int64_t gx = (work + threads - 1) / threads;
    if (gx > 1024) gx = 1024;
    const int64_t gy = planes < 65535 ? planes : 65535;
    dim3 grid((unsigned)gx, (unsigned)gy);
    channel_affine_kernel<<<grid, threads, 0, stream>>>(x, scale, shift, y, planes, channels, hw, vec);
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

void launch_channel_affine(const float* x, const float* scale, const float* shift, float* y, int64_t n,
                           int64_t channels, int64_t hw, cudaStream_t stream);

at::Tensor channel_affine(at::Tensor x, at::Tensor scale, at::Tensor shift) {
    TORCH_CHECK(x.is_cuda() && scale.is_cuda() && shift.is_cuda(), "channel_affine: expected CUDA tensors");
    TORCH_CHECK(x.scalar_type() == at::kFloat && scale.scalar_type() == at::kFloat &&
                shift.scalar_type() == at::kFloat, "channel_affine: expected float32 tensors");
    TORCH_CHECK(x.dim() == 4, "channel_affine: expected an NCHW tensor");
    const int64_t C = x.size(1);
    TORCH_CHECK(scale.numel() == C && shift.numel() == C, "channel_affine: scale/shift size != channels");
    auto xc = x.contiguous();
    auto sc = scale.contiguous();
    auto sh = shift.contiguous();
    auto y = at::empty_like(xc);
    launch_channel_affine(xc.data_ptr<float>(), sc.data_ptr<float>(), sh.data_ptr<float>(), y.data_ptr<float>(),
                          xc.size(0), C, xc.size(2) * xc.size(3), c10::cuda::getCurrentCUDAStream().stream());
    C10_CUDA_KERNEL_LAUNCH_CHECK();
    return y;
}
"""

_ext = load_inline(
    name="kbench_golden_cuda_broadcast",
    cpp_sources=CPP_SRC,
    cuda_sources=CUDA_SRC,
    functions=["channel_affine"],
    extra_cuda_cflags=["-O3"],
    extra_cflags=["-O3"],
    no_implicit_headers=True,
)


class ModelNew(nn.Module):
    def __init__(self, channels: int):
        super().__init__()
        self.scale = nn.Parameter(torch.randn(channels))
        self.shift = nn.Parameter(torch.randn(channels))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return _ext.channel_affine(x, self.scale, self.shift)
