# Writes its result into its first input (in C++, so no PyTorch operator runs) and returns it.
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

SRC = r"""
#include <ATen/core/Tensor.h>
#include <torch/csrc/utils/pybind.h>
#include <torch/csrc/Exceptions.h>
at::Tensor scale_add_inplace(at::Tensor x, at::Tensor y) {
    float* a = x.data_ptr<float>();
    const float* b = y.data_ptr<float>();
    for (int64_t i = 0; i < x.numel(); ++i) a[i] = 2.0f * a[i] + b[i];
    return x;
}
"""
ext = load_inline(no_implicit_headers=True, name="kbench_test_mutates_input", cpp_sources=SRC, functions=["scale_add_inplace"],
                  extra_cflags=["-O2"])


class ModelNew(nn.Module):
    def forward(self, x, y):
        return ext.scale_add_inplace(x, y)
