# An honest CUDA kernel for tests/tasks/ok/scale_add.py (compiled with nvcc; run only where a GPU exists).
# The .cu holds the kernel and a raw-pointer launcher (no torch headers: nvcc stays fast); the C++ side wraps it.
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

CUDA_SRC = r"""
#include <cuda_runtime.h>
#include <cstdint>

__global__ void scale_add_kernel(const float* __restrict__ x, const float* __restrict__ y, float* __restrict__ out,
                                 int64_t n) {
    int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) out[i] = 2.0f * x[i] + y[i];
}

void launch_scale_add(const float* x, const float* y, float* out, int64_t n, cudaStream_t stream) {
    const int threads = 256;
    const int blocks = (int)((n + threads - 1) / threads);
    scale_add_kernel<<<blocks, threads, 0, stream>>>(x, y, out, n);
}
"""
CPP_SRC = r"""
#include <ATen/core/Tensor.h>
#include <ATen/ops/empty_like.h>
#include <c10/cuda/CUDAException.h>
#include <c10/cuda/CUDAStream.h>
#include <torch/csrc/Exceptions.h>
#include <torch/csrc/utils/pybind.h>

void launch_scale_add(const float* x, const float* y, float* out, int64_t n, cudaStream_t stream);

at::Tensor scale_add(at::Tensor x, at::Tensor y) {
    TORCH_CHECK(x.is_cuda() && y.is_cuda(), "expected CUDA tensors");
    auto out = at::empty_like(x);
    launch_scale_add(x.data_ptr<float>(), y.data_ptr<float>(), out.data_ptr<float>(), x.numel(),
                     c10::cuda::getCurrentCUDAStream().stream());
    C10_CUDA_KERNEL_LAUNCH_CHECK();
    return out;
}
"""
ext = load_inline(name="kbench_test_cuda_scale_add", cpp_sources=CPP_SRC, cuda_sources=CUDA_SRC,
                  functions=["scale_add"], extra_cuda_cflags=["-O3"], no_implicit_headers=True)


class ModelNew(nn.Module):
    def forward(self, x, y):
        return ext.scale_add(x.contiguous(), y.contiguous())
