# C++ that does not compile (a missing semicolon and an undeclared name on line 6 of the source).
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

SRC = r"""
#include <torch/extension.h>
torch::Tensor scale_add(torch::Tensor x, torch::Tensor y) {
    auto out = torch::empty_like(x)
    undeclared_function(out);
    return out;
}
"""
ext = load_inline(name="kbench_test_compile_error", cpp_sources=SRC, functions=["scale_add"])


class ModelNew(nn.Module):
    def forward(self, x, y):
        return ext.scale_add(x, y)
