"""Trace of each matrix in a batch: sum of the diagonal of x[b] for a (batch, n, n) tensor, giving (batch,)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 8, "n": 16},
        "small": {"batch_size": 512, "n": 256},
        "large": {"batch_size": 8192, "n": 512},
    },
}

batch_size = 512
n = 256


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.diagonal(x, dim1=-2, dim2=-1).sum(dim=-1)


def get_inputs():
    return [torch.randn(batch_size, n, n)]


def get_init_inputs():
    return []
