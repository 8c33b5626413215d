# Writes its result into its first input (in C++, so no PyTorch operator runs) and returns it.
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

SRC = r"""
#include <torch/extension.h>
torch::Tensor scale_add_inplace(torch::Tensor x, torch::Tensor y) {
    float* a = x.data_ptr<float>();
    const float* b = y.data_ptr<float>();
    for (int64_t i = 0; i < x.numel(); ++i) a[i] = 2.0f * a[i] + b[i];
    return x;
}
"""
ext = load_inline(name="kbench_test_mutates_input", cpp_sources=SRC, functions=["scale_add_inplace"],
                  extra_cflags=["-O2"])


class ModelNew(nn.Module):
    def forward(self, x, y):
        return ext.scale_add_inplace(x, y)
