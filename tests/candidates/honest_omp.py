# An honest OpenMP kernel for tests/tasks/ok/scale_add.py.
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

SRC = r"""
#include <ATen/core/Tensor.h>
#include <ATen/ops/empty_like.h>
#include <torch/csrc/utils/pybind.h>
#include <torch/csrc/Exceptions.h>
at::Tensor scale_add(at::Tensor x, at::Tensor y) {
    auto xc = x.contiguous(), yc = y.contiguous();
    auto out = at::empty_like(xc);
    const float* a = xc.data_ptr<float>();
    const float* b = yc.data_ptr<float>();
    float* o = out.data_ptr<float>();
    const int64_t n = xc.numel();
    #pragma omp parallel for simd schedule(static)
    for (int64_t i = 0; i < n; ++i) o[i] = 2.0f * a[i] + b[i];
    return out;
}
"""
ext = load_inline(no_implicit_headers=True, name="kbench_test_scale_add", cpp_sources=SRC, functions=["scale_add"],
                  extra_cflags=["-O3", "-fopenmp"], extra_ldflags=["-fopenmp"])


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x, y):
        return ext.scale_add(x, y)
