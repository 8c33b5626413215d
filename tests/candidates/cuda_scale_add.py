# An honest CUDA kernel for tests/tasks/ok/scale_add.py (compiled with nvcc; run only where a GPU exists).
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

CUDA_SRC = r"""
#include <torch/extension.h>
#include <c10/cuda/CUDAException.h>
#include <c10/cuda/CUDAStream.h>

__global__ void scale_add_kernel(const float* __restrict__ x, const float* __restrict__ y, float* __restrict__ out,
                                 int64_t n) {
    int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) out[i] = 2.0f * x[i] + y[i];
}

torch::Tensor scale_add(torch::Tensor x, torch::Tensor y) {
    auto out = torch::empty_like(x);
    const int64_t n = x.numel();
    const int threads = 256;
    const int blocks = (int)((n + threads - 1) / threads);
    scale_add_kernel<<<blocks, threads, 0, c10::cuda::getCurrentCUDAStream()>>>(
        x.data_ptr<float>(), y.data_ptr<float>(), out.data_ptr<float>(), n);
    C10_CUDA_KERNEL_LAUNCH_CHECK();
    return out;
}
"""
CPP_SRC = "torch::Tensor scale_add(torch::Tensor x, torch::Tensor y);"
ext = load_inline(name="kbench_test_cuda_scale_add", cpp_sources=CPP_SRC, cuda_sources=CUDA_SRC,
                  functions=["scale_add"], extra_cuda_cflags=["-O3"])


class ModelNew(nn.Module):
    def forward(self, x, y):
        return ext.scale_add(x.contiguous(), y.contiguous())
