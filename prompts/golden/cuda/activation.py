# task: activation/gelu_tanh
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

CUDA_SRC = r"""
#include <cuda_runtime.h>
#include <cstdint>
#include <cmath>

// GELU, tanh approximation: 0.5 * x * (1 + tanh(sqrt(2/pi) * (x + 0.044715 * x^3))),
// evaluated in float exactly as written (tanhf is accurate to a couple of ulp).
__device__ __forceinline__ float gelu_tanh_f(float x) {
    const float k_beta = 0.7978845608028654f;  // sqrt(2/pi)
    const float k_kappa = 0.044715f;
    const float inner = k_beta * (x + k_kappa * (x * x * x));
    return 0.5f * x * (1.0f + tanhf(inner));
}

__global__ void gelu_vec4_kernel(const float4* __restrict__ x, float4* __restrict__ y, int64_t n4) {
    const int64_t stride = (int64_t)gridDim.x * blockDim.x;
    for (int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; i < n4; i += stride) {
        const float4 v = x[i];
        y[i] = make_float4(gelu_tanh_f(v.x), gelu_tanh_f(v.y), gelu_tanh_f(v.z), gelu_tanh_f(v.w));
    }
}

__global__ void gelu_scalar_kernel(const float* __restrict__ x, float* __restrict__ y, int64_t start, int64_t n) {
    const int64_t stride = (int64_t)gridDim.x * blockDim.x;
    for (int64_t i = start + (int64_t)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride) {
        y[i] = gelu_tanh_f(x[i]);
    }
}

static int grid_for(int64_t work, int threads) {
    int64_t blocks = (work + threads - 1) / threads;
    if (blocks > 65536) blocks = 65536;  // grid-stride loops cover the rest
    if (blocks < 1) blocks = 1;
    return (int)blocks;
}

void launch_gelu_tanh(const float* x, float* y, int64_t n, cudaStream_t stream) {
    if (n <= 0) return;
    const int threads = 256;
    const bool aligned = ((reinterpret_cast<uintptr_t>(x) | reinterpret_cast<uintptr_t>(y)) & 15) == 0;
    int64_t done = 0;
    if (aligned) {
        const int64_t n4 = n / 4;
        if (n4 > 0) {
            gelu_vec4_kernel<<<grid_for(n4, threads), threads, 0, stream>>>(
                reinterpret_cast<const float4*>(x), reinterpret_cast<float4*>(y), n4);
        }
        done = n4 * 4;
    }
    if (done < n) {
        gelu_scalar_kernel<<<grid_for(n - done, threads), threads, 0, stream>>>(x, y, done, n);
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

void launch_gelu_tanh(const float* x, float* y, int64_t n, cudaStream_t stream);

at::Tensor gelu_tanh(at::Tensor x) {
    TORCH_CHECK(x.is_cuda() && x.scalar_type() == at::kFloat, "gelu_tanh: expected a float32 CUDA tensor");
    auto xc = x.contiguous();
    auto y = at::empty_like(xc);
    launch_gelu_tanh(xc.data_ptr<float>(), y.data_ptr<float>(), xc.numel(),
                     c10::cuda::getCurrentCUDAStream().stream());
    C10_CUDA_KERNEL_LAUNCH_CHECK();
    return y;
}
"""

_ext = load_inline(
    name="kbench_golden_cuda_activation",
    cpp_sources=CPP_SRC,
    cuda_sources=CUDA_SRC,
    functions=["gelu_tanh"],
    extra_cuda_cflags=["-O3"],
    extra_cflags=["-O3"],
    no_implicit_headers=True,
)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return _ext.gelu_tanh(x)
