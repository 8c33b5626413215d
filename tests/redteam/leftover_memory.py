# attack: return uninitialised memory, hoping it still holds the reference's output (as in same-process harnesses)
# expect: incorrect value_mismatch|nan|inf
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

SRC = r"""
#include <ATen/core/Tensor.h>
#include <ATen/ops/empty_like.h>
#include <torch/csrc/utils/pybind.h>
#include <torch/csrc/Exceptions.h>
at::Tensor leftover(at::Tensor x, at::Tensor y) { return at::empty_like(x); }
"""
ext = load_inline(no_implicit_headers=True, name="kbench_rt_leftover_memory", cpp_sources=SRC, functions=["leftover"], extra_cflags=["-O2"])


class ModelNew(nn.Module):
    def forward(self, x, y):
        return ext.leftover(x, y)
