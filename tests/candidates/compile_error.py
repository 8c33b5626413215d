# C++ that does not compile (a missing semicolon and an undeclared name on line 7 of the source).
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

SRC = r"""
#include <ATen/core/Tensor.h>
#include <ATen/ops/empty_like.h>
#include <torch/csrc/utils/pybind.h>
#include <torch/csrc/Exceptions.h>
at::Tensor scale_add(at::Tensor x, at::Tensor y) {
    auto out = at::empty_like(x)
    undeclared_function(out);
    return out;
}
"""
ext = load_inline(no_implicit_headers=True, name="kbench_test_compile_error", cpp_sources=SRC, functions=["scale_add"])


class ModelNew(nn.Module):
    def forward(self, x, y):
        return ext.scale_add(x, y)
