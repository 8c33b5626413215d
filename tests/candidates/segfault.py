# A kernel that writes through a null pointer.
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

SRC = r"""
#include <torch/extension.h>
torch::Tensor crash(torch::Tensor x, torch::Tensor y) {
    volatile float* p = nullptr;
    p[x.numel()] = 1.0f;
    return x;
}
"""
ext = load_inline(name="kbench_test_segv", cpp_sources=SRC, functions=["crash"], extra_cflags=["-O0"])


class ModelNew(nn.Module):
    def forward(self, x, y):
        return ext.crash(x, y)
