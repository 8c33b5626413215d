# Returns NaN everywhere (from C++).
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

SRC = r"""
#include <ATen/core/Tensor.h>
#include <ATen/ops/empty_like.h>
#include <torch/csrc/utils/pybind.h>
#include <torch/csrc/Exceptions.h>
#include <limits>
at::Tensor nans(at::Tensor x, at::Tensor y) {
    auto out = at::empty_like(x);
    float* o = out.data_ptr<float>();
    for (int64_t i = 0; i < out.numel(); ++i) o[i] = std::numeric_limits<float>::quiet_NaN();
    return out;
}
"""
ext = load_inline(no_implicit_headers=True, name="kbench_test_nan_output", cpp_sources=SRC, functions=["nans"], extra_cflags=["-O2"])


class ModelNew(nn.Module):
    def forward(self, x, y):
        return ext.nans(x, y)
