# attack: return uninitialised memory, hoping it still holds the reference's output (as in same-process harnesses)
# expect: incorrect value_mismatch|nan|inf
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

SRC = r"""
#include <torch/extension.h>
torch::Tensor leftover(torch::Tensor x, torch::Tensor y) { return torch::empty_like(x); }
"""
ext = load_inline(name="kbench_rt_leftover_memory", cpp_sources=SRC, functions=["leftover"], extra_cflags=["-O2"])


class ModelNew(nn.Module):
    def forward(self, x, y):
        return ext.leftover(x, y)
