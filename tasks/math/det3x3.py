"""Determinant of each 3x3 matrix in a batch: torch.linalg.det on a (batch, 3, 3) tensor, giving (batch,)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 256},
        "small": {"batch_size": 8192},
        "large": {"batch_size": 16777216},
    },
}

batch_size = 8192


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, m: torch.Tensor) -> torch.Tensor:
        return torch.linalg.det(m)


def get_inputs():
    return [torch.randn(batch_size, 3, 3)]


def get_init_inputs():
    return []
