# A kernel that writes through a null pointer.
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

SRC = r"""
#include <ATen/core/Tensor.h>
#include <torch/csrc/utils/pybind.h>
#include <torch/csrc/Exceptions.h>
at::Tensor crash(at::Tensor x, at::Tensor y) {
    volatile float* p = nullptr;
    p[x.numel()] = 1.0f;
    return x;
}
"""
ext = load_inline(no_implicit_headers=True, name="kbench_test_segv", cpp_sources=SRC, functions=["crash"], extra_cflags=["-O0"])


class ModelNew(nn.Module):
    def forward(self, x, y):
        return ext.crash(x, y)
