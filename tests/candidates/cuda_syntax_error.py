# A CUDA kernel with a syntax error (a missing semicolon on line 8 of the CUDA source).
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

CUDA_SRC = r"""
#include <torch/extension.h>
__global__ void scale_add_kernel(const float* x, const float* y, float* out, int64_t n) {
    int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x
    if (i < n) out[i] = 2.0f * x[i] + y[i];
}
torch::Tensor scale_add(torch::Tensor x, torch::Tensor y) {
    auto out = torch::empty_like(x);
    scale_add_kernel<<<1, 1>>>(x.data_ptr<float>(), y.data_ptr<float>(), out.data_ptr<float>(), x.numel());
    return out;
}
"""
CPP_SRC = "torch::Tensor scale_add(torch::Tensor x, torch::Tensor y);"
ext = load_inline(name="kbench_test_cuda_syntax_error", cpp_sources=CPP_SRC, cuda_sources=CUDA_SRC,
                  functions=["scale_add"])


class ModelNew(nn.Module):
    def forward(self, x, y):
        return ext.scale_add(x, y)
