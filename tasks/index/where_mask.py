"""Elementwise select with a boolean mask input: torch.where(mask, x, y) on 2-D tensors of equal shape."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"rows": 32, "cols": 64},
        "small": {"rows": 2048, "cols": 2048},
        "large": {"rows": 16384, "cols": 16384},
    },
}

rows = 2048
cols = 2048


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, mask: torch.Tensor, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        return torch.where(mask, x, y)


def get_inputs():
    mask = torch.rand(rows, cols) < 0.5
    return [mask, torch.randn(rows, cols), torch.randn(rows, cols)]


def get_init_inputs():
    return []
