# Leaves the process (from C++) in the middle of the correctness trials, hoping for a default verdict.
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

SRC = r"""
#include <ATen/core/Tensor.h>
#include <torch/csrc/utils/pybind.h>
#include <torch/csrc/Exceptions.h>
#include <unistd.h>
at::Tensor leave(at::Tensor x, at::Tensor y) { _exit(0); return x; }
"""
ext = load_inline(no_implicit_headers=True, name="kbench_test_os_exit", cpp_sources=SRC, functions=["leave"], extra_cflags=["-O2"])


class ModelNew(nn.Module):
    def forward(self, x, y):
        return ext.leave(x, y)
