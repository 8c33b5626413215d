# A CUDA kernel with a syntax error (a missing semicolon on line 5 of the CUDA source).
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

CUDA_SRC = r"""
#include <cuda_runtime.h>
#include <cstdint>
__global__ void scale_add_kernel(const float* x, const float* y, float* out, int64_t n) {
    int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x
    if (i < n) out[i] = 2.0f * x[i] + y[i];
}
void launch(const float* x, const float* y, float* out, int64_t n) {
    scale_add_kernel<<<1, 1>>>(x, y, out, n);
}
"""
CPP_SRC = r"""
#include <ATen/core/Tensor.h>
#include <ATen/ops/empty_like.h>
#include <torch/csrc/Exceptions.h>
#include <torch/csrc/utils/pybind.h>
void launch(const float* x, const float* y, float* out, int64_t n);
at::Tensor scale_add(at::Tensor x, at::Tensor y) {
    auto out = at::empty_like(x);
    launch(x.data_ptr<float>(), y.data_ptr<float>(), out.data_ptr<float>(), x.numel());
    return out;
}
"""
ext = load_inline(name="kbench_test_cuda_syntax_error", cpp_sources=CPP_SRC, cuda_sources=CUDA_SRC,
                  functions=["scale_add"], no_implicit_headers=True)


class ModelNew(nn.Module):
    def forward(self, x, y):
        return ext.scale_add(x, y)
