# Returns NaN everywhere (from C++).
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

SRC = r"""
#include <torch/extension.h>
#include <limits>
torch::Tensor nans(torch::Tensor x, torch::Tensor y) {
    auto out = torch::empty_like(x);
    float* o = out.data_ptr<float>();
    for (int64_t i = 0; i < out.numel(); ++i) o[i] = std::numeric_limits<float>::quiet_NaN();
    return out;
}
"""
ext = load_inline(name="kbench_test_nan_output", cpp_sources=SRC, functions=["nans"], extra_cflags=["-O2"])


class ModelNew(nn.Module):
    def forward(self, x, y):
        return ext.nans(x, y)
