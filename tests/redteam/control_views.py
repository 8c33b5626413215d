# attack: none: an honest kernel that reshapes, slices and allocates in Python (views and allocation are allowed)
# expect: correct
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

SRC = r"""
#include <ATen/core/Tensor.h>
#include <torch/csrc/utils/pybind.h>
#include <torch/csrc/Exceptions.h>
void scale_add_into(at::Tensor x, at::Tensor y, at::Tensor out) {
    const float* a = x.data_ptr<float>();
    const float* b = y.data_ptr<float>();
    float* o = out.data_ptr<float>();
    for (int64_t i = 0; i < x.numel(); ++i) o[i] = 2.0f * a[i] + b[i];
}
"""
ext = load_inline(no_implicit_headers=True, name="kbench_rt_control_views", cpp_sources=SRC, functions=["scale_add_into"], extra_cflags=["-O3"])


class ModelNew(nn.Module):
    def forward(self, x, y):
        n = x.shape[0]
        out = torch.empty(n, dtype=x.dtype)
        ext.scale_add_into(x.contiguous().view(2, n // 2), y.reshape(2, n // 2).contiguous(), out.view(2, n // 2))
        return out
