"""Gather along dim 1 of a 2-D tensor with an int64 index tensor: out[i, j] = x[i, idx[i, j]] (torch.gather)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "MultiKernelBench",
    "mirrors": "MultiKernelBench/index/gather",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 8, "dim": 96, "num_idx": 64},
        "small": {"batch_size": 256, "dim": 8192, "num_idx": 4096},
        "large": {"batch_size": 4096, "dim": 32768, "num_idx": 16384},
    },
}

batch_size = 256
dim = 8192
num_idx = 4096


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor, idx: torch.Tensor) -> torch.Tensor:
        return torch.gather(x, 1, idx)


def get_inputs():
    x = torch.randn(batch_size, dim)
    idx = torch.randint(0, dim, (batch_size, num_idx), dtype=torch.int64)
    return [x, idx]


def get_init_inputs():
    return []
