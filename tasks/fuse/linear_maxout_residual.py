"""Maxout with a residual: Linear (dim -> dim * pieces, with bias), max over each feature's `pieces` consecutive outputs, plus the input x."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 2,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 4, "dim": 48},
        "small": {"batch_size": 256, "dim": 512},
        "large": {"batch_size": 8192, "dim": 4096},
    },
}

batch_size = 256
dim = 512
pieces = 4


class Model(nn.Module):
    def __init__(self, dim: int, pieces: int):
        super().__init__()
        self.linear = nn.Linear(dim, dim * pieces)
        self.pieces = pieces

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.linear(x).view(x.shape[0], -1, self.pieces)
        return x + y.amax(dim=-1)


def get_inputs():
    return [torch.randn(batch_size, dim)]


def get_init_inputs():
    return [dim, pieces]
