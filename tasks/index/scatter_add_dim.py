"""Out-of-place scatter-add along dim 1: x plus src[i, j] accumulated into x[i, idx[i, j]] (duplicate indices add up)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "MultiKernelBench",
    "mirrors": "MultiKernelBench/index/scatter_add",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 8, "dim": 64, "num_idx": 128},
        "small": {"batch_size": 128, "dim": 4096, "num_idx": 8192},
        "large": {"batch_size": 4096, "dim": 16384, "num_idx": 32768},
    },
}

batch_size = 128
dim = 4096
num_idx = 8192


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor, idx: torch.Tensor, src: torch.Tensor) -> torch.Tensor:
        return torch.scatter_add(x, 1, idx, src)


def get_inputs():
    x = torch.randn(batch_size, dim)
    idx = torch.randint(0, dim, (batch_size, num_idx), dtype=torch.int64)
    src = torch.randn(batch_size, num_idx)
    return [x, idx, src]


def get_init_inputs():
    return []
