"""Elementwise four-quadrant arctangent atan2(y, x) of two 2-D tensors (angle of the point (x, y))."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 4, "dim": 512},
        "small": {"batch_size": 64, "dim": 8192},
        "large": {"batch_size": 4096, "dim": 131072},
    },
}

batch_size = 64
dim = 8192


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, y: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        return torch.atan2(y, x)


def get_inputs():
    return [torch.randn(batch_size, dim), torch.randn(batch_size, dim)]


def get_init_inputs():
    return []
