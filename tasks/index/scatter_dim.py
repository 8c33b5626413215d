"""Out-of-place scatter along dim 1: a copy of x with x[i, idx[i, j]] = src[i, j] (indices unique within each row)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "MultiKernelBench",
    "mirrors": "MultiKernelBench/index/scatter",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 8, "dim": 96, "num_idx": 40},
        "small": {"batch_size": 128, "dim": 8192, "num_idx": 2048},
        "large": {"batch_size": 4096, "dim": 32768, "num_idx": 8192},
    },
}

batch_size = 128
dim = 8192
num_idx = 2048


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor, idx: torch.Tensor, src: torch.Tensor) -> torch.Tensor:
        return torch.scatter(x, 1, idx, src)


def get_inputs():
    x = torch.randn(batch_size, dim)
    # distinct positions per row (a random permutation's prefix), so the result does not depend on write order
    idx = torch.argsort(torch.rand(batch_size, dim), dim=1)[:, :num_idx].contiguous()
    src = torch.randn(batch_size, num_idx)
    return [x, idx, src]


def get_init_inputs():
    return []
