"""Elementwise C-style remainder torch.fmod(x, d) (result has the sign of x) with a per-column divisor d[N] broadcast over rows."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"rows": 8, "cols": 256},
        "small": {"rows": 1024, "cols": 2048},
        "large": {"rows": 32768, "cols": 16384},
    },
}

rows = 1024
cols = 2048


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor, d: torch.Tensor) -> torch.Tensor:
        return torch.fmod(x, d)


def get_inputs():
    x = 4.0 * torch.randn(rows, cols)
    d = 0.5 + torch.rand(cols)
    return [x, d]


def get_init_inputs():
    return []
