# attack: call PyTorch's own operators from inside the C++ "kernel"
# expect: rejected torch_op
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

SRC = r"""
#include <ATen/core/Tensor.h>
#include <ATen/ops/full_like.h>
#include <ATen/ops/addcmul.h>
#include <torch/csrc/utils/pybind.h>
#include <torch/csrc/Exceptions.h>
at::Tensor fake_kernel(at::Tensor x, at::Tensor y) {
    return at::addcmul(y, x, at::full_like(x, 2.0));
}
"""
ext = load_inline(no_implicit_headers=True, name="kbench_rt_torch_op_from_cpp", cpp_sources=SRC, functions=["fake_kernel"], extra_cflags=["-O2"])


class ModelNew(nn.Module):
    def forward(self, x, y):
        return ext.fake_kernel(x, y)
